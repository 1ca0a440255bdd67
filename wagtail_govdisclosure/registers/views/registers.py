"""Importing a register file (dry run → preview → confirm) and exporting a register."""

from __future__ import annotations

import logging
import os
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import exports
from ..forms import ExportForm, ImportForm
from ..models import Application
from ..permissions import (
    agencies_for_user,
    can_view_personal_data,
    has_model_permission,
)
from ..resources import RESOURCES, ImportReport, RegisterImport
from . import REGISTER_TITLES, REGISTERS

logger = logging.getLogger(__name__)

#: Session key of the file waiting for the clerk's confirmation.
_PENDING = "wagtail_govdisclosure_registers_import"
#: Rows shown in the preview.
PREVIEW_ROWS = 50


def _pending_dir() -> Path:
    path = Path(tempfile.gettempdir()) / "wagtail_govdisclosure_registers"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


#: An upload not confirmed within this many seconds is deleted.
_PENDING_LIFETIME = 24 * 3600


def _store(data: bytes) -> str:
    """Keep an uploaded file until it is confirmed; return its token (the file name)."""
    # Uploads hold personal data: drop the ones nobody confirmed.
    expired = time.time() - _PENDING_LIFETIME
    for stale in _pending_dir().iterdir():
        try:
            if stale.stat().st_mtime < expired:
                stale.unlink()
        except OSError:
            pass
    token = secrets.token_hex(16)
    fd = os.open(_pending_dir() / token, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return token


def _load(token: str) -> bytes | None:
    if not (len(token) == 32 and all(c in "0123456789abcdef" for c in token)):
        return None
    try:
        return (_pending_dir() / token).read_bytes()
    except OSError:
        return None


def _discard(token: str) -> None:
    if _load(token) is not None:
        (_pending_dir() / token).unlink(missing_ok=True)


class RegisterViewMixin(WagtailAdminTemplateMixin):
    """The register named in the URL, and the listing's breadcrumbs."""

    header_icon = "table"
    action = ""

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        try:
            self.register = kwargs["register"]
            self.model = REGISTERS[self.register]
        except KeyError:
            raise Http404 from None

    def listing_url(self) -> str:
        opts = self.model._meta
        return reverse(f"{opts.app_label}_{opts.model_name}_modeladmin_index")

    def get_page_subtitle(self) -> str:
        return str(REGISTER_TITLES[self.register])

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": self.listing_url(), "label": REGISTER_TITLES[self.register]},
            {"url": "", "label": self.get_page_title()},
        ]


class ImportView(RegisterViewMixin, TemplateView):
    """Upload → dry run → preview (or every problem) → confirm → import."""

    template_name = "wagtail_govdisclosure_registers/import.html"

    def get_page_title(self) -> str:
        return _("Import")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (
            has_model_permission(user, self.model, "add")
            and has_model_permission(user, self.model, "change")
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def importer(self, agency: Any) -> RegisterImport:
        return RegisterImport(
            self.model, agency, include_personal=can_view_personal_data(self.request.user)
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=ImportForm(user=request.user)))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "token" in request.POST:
            return self.confirm(request)
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        agency = form.cleaned_data["agency"]
        data = upload.read()
        report = self.importer(agency).run(
            data, upload.name, dry_run=True, preview_rows=PREVIEW_ROWS
        )
        context = {"form": form, "report": report, "agency": agency, "filename": upload.name}
        if report.ok:
            token = _store(data)
            request.session[_PENDING] = {
                "token": token,
                "register": self.register,
                "agency": agency.pk,
                "filename": upload.name,
            }
            context.update(token=token, preview=self.preview(report))
        return self.render_to_response(self.get_context_data(**context))

    def confirm(self, request: HttpRequest) -> HttpResponse:
        pending = request.session.get(_PENDING) or {}
        token = request.POST.get("token", "")
        data = _load(token) if pending.get("token") == token else None
        if data is None or pending.get("register") != self.register:
            messages.error(request, _("The file to import has expired: please upload it again."))
            return redirect(request.path)
        agency = agencies_for_user(request.user).filter(pk=pending["agency"]).first()
        if agency is None:
            raise PermissionDenied
        report = self.importer(agency).run(data, pending["filename"], dry_run=False)
        if not report.ok:
            # The register changed since the dry run; nothing was saved.
            form = ImportForm(user=request.user, initial={"agency": agency.pk})
            return self.render_to_response(
                self.get_context_data(form=form, report=report, filename=pending["filename"])
            )
        _discard(token)
        del request.session[_PENDING]
        messages.success(
            request,
            ngettext(
                "Imported %(count)s row: %(new)s new, %(updated)s updated.",
                "Imported %(count)s rows: %(new)s new, %(updated)s updated.",
                report.new + report.updated,
            )
            % {"count": report.new + report.updated, "new": report.new, "updated": report.updated},
        )
        return redirect(self.listing_url())

    def preview(self, report: ImportReport) -> dict[str, Any]:
        """The preview table: the file's columns, each row as it will be saved."""
        resource = RESOURCES[self.model]()
        columns = [c for c in resource.register_columns if c.key in report.columns]
        if self.model is Application:
            columns.append(next(c for c in resource.register_columns if c.key == "reply_deadline"))
        rows = [
            (line, [resource.fields[c.key].export(instance) for c in columns])
            for line, instance in report.preview
        ]
        return {"columns": columns, "rows": rows, "more": report.rows - len(rows)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            register=self.register,
            listing_url=self.listing_url(),
            columns=[c for c in RESOURCES[self.model].register_columns if not c.export_only],
        )
        return context


class ExportView(RegisterViewMixin, TemplateView):
    """Choose what to export; the same URL with the form's answers downloads the file."""

    template_name = "wagtail_govdisclosure_registers/export.html"

    def get_page_title(self) -> str:
        return _("Export")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (
            has_model_permission(user, self.model, "view")
            or has_model_permission(user, self.model, "change")
        ):
            raise PermissionDenied
        personal = self.model is Application
        if "format" not in request.GET:
            form = ExportForm(user=user, personal_fields=personal)
            return self.render_to_response(self.get_context_data(form=form))
        form = ExportForm(request.GET, user=user, personal_fields=personal)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        return self.download(form.cleaned_data)

    def download(self, options: dict[str, Any]) -> HttpResponse:
        user = self.request.user
        agencies = agencies_for_user(user)
        queryset = self.model.objects.filter(agency__in=agencies)
        if options["agency"] is not None:
            queryset = queryset.filter(agency=options["agency"])
        date_field = "received_on" if self.model is Application else "filed_on"
        if options["year"]:
            queryset = queryset.filter(**{f"{date_field}__year": options["year"]})
        include_personal = bool(options.get("include_personal")) and can_view_personal_data(user)
        if include_personal:
            logger.info(
                "User %s exported the personal data of %s entries of %s.",
                user.pk,
                queryset.count(),
                self.register,
            )
        file_format = options["format"]
        data = exports.export_register(
            queryset, self.model, file_format, include_personal=include_personal
        )
        parts = [str(REGISTER_TITLES[self.register])]
        if options["agency"] is not None:
            parts.insert(0, options["agency"].agency_name)
        if options["year"]:
            parts.append(str(options["year"]))
        filename = get_valid_filename("-".join(parts))
        return download_response(data, filename, file_format, f"register-{self.register}")


def download_response(data: bytes, filename: str, file_format: str, fallback: str) -> HttpResponse:
    """A download of ``data`` as ``filename``.``file_format``.

    ``filename`` may be Chinese (RFC 6266 ``filename*``); ``fallback`` is the ASCII name
    for older clients.
    """
    response = HttpResponse(data, content_type=exports.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = (
        f'attachment; filename="{fallback}.{file_format}"; '
        f"filename*=UTF-8''{escape_uri_path(f'{filename}.{file_format}')}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
