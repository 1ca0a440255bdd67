"""Import published reports from the admin: upload, preview the findings, then create drafts.

The same steps as ``govdisclosure_import_reports`` (the helpers are shared):
every file is read and judged first; the preview shows each file's title,
year, findings and problems. The uploaded files wait in a private temporary
folder, named by a signed token the confirm form carries (so nobody can point
the confirm step at another folder, and the token is bound to the user and
the report index); confirming reads them again and creates every draft in one
transaction, or none. Nothing is published.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..checks import run_checks
from ..importers import read_report
from ..importing import (
    ImportedFile,
    create_drafts,
    judge_files,
)
from ..models import AnnualReportIndexPage, AnnualReportPage

URL_NAMESPACE = "wagtail_govdisclosure_import"
#: The largest file accepted (a report's .docx is rarely over 2 MB).
MAX_FILE_SIZE = 20 * 1024 * 1024
#: How long a preview may be confirmed (seconds).
TOKEN_MAX_AGE = 60 * 60
_SALT = "wagtail_govdisclosure.import_reports"


def upload_root() -> Path:
    """The private folder uploads wait in between preview and confirm."""
    root = Path(tempfile.gettempdir()) / "wagtail-govdisclosure-import"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def remove_stale_uploads(now: float | None = None) -> None:
    """Delete the uploads of previews nobody confirmed (older than a token may live)."""
    limit = (time.time() if now is None else now) - TOKEN_MAX_AGE
    for directory in upload_root().iterdir():
        try:
            if directory.stat().st_mtime < limit:
                shutil.rmtree(directory, ignore_errors=True)
        except OSError:
            continue  # removed meanwhile by another request


def indexes_for(user: Any) -> list[AnnualReportIndexPage]:
    """The report indexes ``user`` may add reports under, by their column's title."""
    allowed = PagePermissionPolicy().instances_user_has_permission_for(user, "add")
    indexes = AnnualReportIndexPage.objects.filter(pk__in=allowed.values("pk")).order_by("path")
    return [index for index in indexes if index.permissions_for_user(user).can_add_subpage()]


def can_import(user: Any) -> bool:
    """Whether ``user`` may import reports anywhere (shows the menu item).

    One ``EXISTS`` query whatever the number of agencies: a report may be
    added under any report index (no count limit), so the check
    :func:`indexes_for` makes on each index reduces to the user's "add"
    permission on it.
    """
    if not user.is_active:
        return False
    allowed = PagePermissionPolicy().instances_user_has_permission_for(user, "add")
    return AnnualReportIndexPage.objects.filter(pk__in=allowed.values("pk")).exists()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, each within :data:`MAX_FILE_SIZE`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".docx,.pdf,.html,.htm,.txt,.json"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in files if item]
        if not cleaned:
            raise ValidationError(self.error_messages["required"], code="required")
        too_big = [f.name for f in cleaned if f.size > MAX_FILE_SIZE]
        if too_big:
            raise ValidationError(
                _("%(files)s: a file may be at most 20 MB.") % {"files": "、".join(too_big)}
            )
        return cleaned


class UploadForm(forms.Form):
    parent = forms.TypedChoiceField(label=gettext_lazy("Report index"), coerce=int)
    files = MultipleFileField(
        label=gettext_lazy("Report files"),
        help_text=gettext_lazy(
            "Word (.docx), PDF exported from Word or WPS (.pdf), a saved web page (.html), "
            "the text export (.txt) or interchange JSON; one report per file, at most 20 MB "
            "each."
        ),
    )

    agency = forms.CharField(
        label=gettext_lazy("Agency (optional)"),
        required=False,
        max_length=100,
        help_text=gettext_lazy(
            "Only when the title does not name the agency, or names it otherwise: the "
            "agency of every file uploaded."
        ),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year (optional)"),
        required=False,
        min_value=2008,
        max_value=2100,
        help_text=gettext_lazy(
            "Only when the title does not name the year (「政府信息公开工作年报」)."
        ),
    )

    def __init__(self, *args: Any, indexes: list[AnnualReportIndexPage], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [
            (index.pk, f"{index.get_parent().title} › {index.title}") for index in indexes
        ]


class ImportReportsView(View):
    """Upload (GET/POST ``preview``), then create the drafts (POST ``confirm``)."""

    template_name = "wagtail_govdisclosure/admin/import_reports.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.indexes = indexes_for(request.user)
        if not self.indexes:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {}
        if request.GET.get("parent", "").isdigit():
            initial["parent"] = int(request.GET["parent"])
        return self.render(request, form=UploadForm(indexes=self.indexes, initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        if "token" in request.POST:
            return self.confirm(request)
        form = UploadForm(request.POST, request.FILES, indexes=self.indexes)
        if not form.is_valid():
            return self.render(request, form=form)
        index = self._index(form.cleaned_data["parent"])
        remove_stale_uploads()
        folder = uuid.uuid4().hex
        directory = upload_root() / folder
        directory.mkdir(mode=0o700)
        names = []
        given = {
            "agency": form.cleaned_data.get("agency") or "",
            "year": form.cleaned_data.get("year"),
        }
        try:
            for number, upload in enumerate(form.cleaned_data["files"]):
                with open(directory / str(number), "wb") as stored:
                    for chunk in upload.chunks():
                        stored.write(chunk)
                names.append(Path(upload.name).name)
            previews = _previews(_read(directory, names, **given), index)
        except BaseException:
            # Whatever went wrong, the uploads are not left in the temporary folder.
            shutil.rmtree(directory, ignore_errors=True)
            raise
        if any(preview["reasons"] for preview in previews):
            # Nothing can be confirmed: the files are not kept.
            shutil.rmtree(directory, ignore_errors=True)
            token = ""
        else:
            token = signing.dumps(
                {
                    "folder": folder,
                    "names": names,
                    "parent": index.pk,
                    "user": request.user.pk,
                    **given,
                },
                salt=_SALT,
            )
        return self.render(request, form=form, index=index, previews=previews, token=token)

    def confirm(self, request: HttpRequest) -> HttpResponse:
        try:
            data = signing.loads(request.POST["token"], salt=_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            messages.error(request, _("The preview has expired: upload the files again."))
            return redirect(f"{URL_NAMESPACE}:import")
        if data["user"] != request.user.pk:
            raise PermissionDenied
        index = self._index(data["parent"])
        waiting = upload_root() / data["folder"]
        # Claiming the folder by renaming it lets one confirmation of a preview run at a
        # time: a second click (or a second tab) finds it gone instead of racing the first.
        directory = waiting.with_name(f"{waiting.name}.confirming")
        try:
            waiting.rename(directory)
        except OSError:
            messages.error(
                request,
                _(
                    "These files are already being imported or were imported: look at the "
                    "report index before uploading them again."
                ),
            )
            return redirect(f"{URL_NAMESPACE}:import")
        try:
            return self._confirm(request, index, directory, data, waiting)
        finally:
            shutil.rmtree(directory, ignore_errors=True)

    def _confirm(
        self,
        request: HttpRequest,
        index: AnnualReportIndexPage,
        directory: Path,
        data: dict,
        waiting: Path,
    ) -> HttpResponse:
        files = _read(
            directory, data["names"], agency=data.get("agency", ""), year=data.get("year")
        )
        column = AnnualReportPage().get_column(parent=index)
        reasons = judge_files(files, index, column) if column is not None else {}
        if column is None or reasons:
            # Something changed since the preview (a report of the year was added): show why.
            return self.render(
                request,
                form=UploadForm(indexes=self.indexes, initial={"parent": index.pk}),
                index=index,
                previews=_previews(files, index),
            )
        try:
            created = create_drafts(index, column, files, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(f"{URL_NAMESPACE}:import")
        except OperationalError:
            # SQLite allows one writer: another import held the database. Nothing was
            # created; the files go back to wait so the same preview can be confirmed again.
            directory.rename(waiting)
            messages.error(
                request,
                _(
                    "The database was busy with another change and nothing was created: "
                    "confirm again."
                ),
            )
            return self.render(
                request,
                form=UploadForm(indexes=self.indexes, initial={"parent": index.pk}),
                index=index,
                previews=_previews(files, index),
                token=request.POST["token"],
            )
        messages.success(
            request,
            ngettext(
                "Created %(count)s draft report; review it and publish it when it is right.",
                "Created %(count)s draft reports; review them and publish them when they are "
                "right.",
                len(created),
            )
            % {"count": len(created)},
        )
        return redirect("wagtailadmin_explore", index.pk)

    def _index(self, page_id: int) -> AnnualReportIndexPage:
        for index in self.indexes:
            if index.pk == page_id:
                return index
        raise PermissionDenied

    def render(self, request: HttpRequest, **context: Any) -> HttpResponse:
        context.setdefault("max_size_mb", MAX_FILE_SIZE // (1024 * 1024))
        context["page_title"] = _("Import annual reports")
        context["header_icon"] = "doc-full-inverse"
        return TemplateResponse(request, self.template_name, context)


def _read(
    directory: Path, names: list[str], *, agency: str = "", year: int | None = None
) -> list[ImportedFile]:
    files = []
    seen: set[str] = set()
    for number, name in enumerate(names):
        data = (directory / str(number)).read_bytes()
        # Two uploads of the same name stay two files (the reasons are keyed by name).
        shown = name if name not in seen else f"{name} ({number + 1})"
        seen.add(shown)
        result = read_report(data, filename=name, agency=agency, year=year)
        files.append(ImportedFile(Path(shown), data, result))
    return files


#: Findings listed in full per file; the others fold away under a summary line.
PREVIEW_FINDINGS = 10


def _counts(findings: list[Any]) -> str:
    """「24 处错误，1 处警告」: how many, in words, without the checks' codes."""
    if not findings:
        return _("No findings: every check passes.")
    errors = sum(1 for finding in findings if finding.is_error)
    warnings = len(findings) - errors
    return _("%(errors)s, %(warnings)s") % {
        "errors": ngettext("%(count)s error", "%(count)s errors", errors) % {"count": errors},
        "warnings": ngettext("%(count)s warning", "%(count)s warnings", warnings)
        % {"count": warnings},
    }


def _previews(files: list[ImportedFile], index: AnnualReportIndexPage) -> list[dict[str, Any]]:
    """What the preview shows of each file: the report, its findings, why it cannot be imported."""
    column = AnnualReportPage().get_column(parent=index)
    reasons = judge_files(files, index, column) if column is not None else {}
    previews = []
    for file in files:
        document = file.result.document
        findings = run_checks(document) if document is not None and file.result.ok else []
        # Errors before warnings; the messages say what and where, without the checks' codes.
        findings = sorted(findings, key=lambda finding: not finding.is_error)
        previews.append(
            {
                "name": file.path.name,
                "document": document if file.result.ok else None,
                "findings": findings[:PREVIEW_FINDINGS],
                "more_findings": findings[PREVIEW_FINDINGS:],
                "summary": _counts(findings),
                "problems": [p for p in file.result.problems if not p.is_error]
                if file.result.ok
                else [],
                "reasons": reasons.get(file.path, []),
            }
        )
    return previews


def admin_urls() -> list[Any]:
    """The import view's admin URL, ``govdisclosure-import/``."""
    urls = [path("", ImportReportsView.as_view(), name="import")]
    return [path("govdisclosure-import/", include((urls, URL_NAMESPACE), namespace=URL_NAMESPACE))]
