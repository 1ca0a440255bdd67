"""Importing a register file (upload → checked by a task → preview → confirm → imported
by a task, with progress) and exporting a register."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import exports, jobs
from ..forms import ExportForm, ImportForm
from ..models import Application, RegisterImportJob
from ..permissions import (
    agencies_for_user,
    can_view_personal_data,
    has_model_permission,
)
from ..resources import RESOURCES
from . import REGISTER_TITLES, REGISTERS

logger = logging.getLogger(__name__)


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
    """Upload: the file is stored and a background task checks it (see :mod:`..jobs`)."""

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

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=ImportForm(user=request.user)))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        job = jobs.create_job(
            self.register,
            form.cleaned_data["agency"],
            request.user,
            upload,
            upload.name,
            include_personal=can_view_personal_data(request.user),
        )
        jobs.enqueue(job)
        return redirect(job_url(job))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            register=self.register,
            listing_url=self.listing_url(),
            columns=[c for c in RESOURCES[self.model].register_columns if not c.export_only],
        )
        return context


def job_url(job: RegisterImportJob, name: str = "import_job") -> str:
    return reverse(
        f"wagtail_govdisclosure_registers:{name}",
        kwargs={"register": job.register, "job_id": job.pk},
    )


class JobMixin(RegisterViewMixin):
    """The job in the URL: only the user who uploaded it sees it."""

    def get_job(self, request: HttpRequest, job_id: int) -> RegisterImportJob:
        job = (
            RegisterImportJob.objects.filter(pk=job_id, register=self.register)
            .select_related("agency")
            .first()
        )
        if job is None or job.user_id != request.user.pk:
            raise Http404
        return job


class ImportJobView(JobMixin, TemplateView):
    """A file being checked or imported: progress, then its problems, preview or result."""

    template_name = "wagtail_govdisclosure_registers/import_job.html"

    def get_page_title(self) -> str:
        return _("Import")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = self.get_job(request, kwargs["job_id"])
        return self.render_to_response(self.get_context_data(job=job))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = self.get_job(request, kwargs["job_id"])
        if "cancel" in request.POST:
            jobs.cancel(job)
            return redirect(
                reverse(
                    "wagtail_govdisclosure_registers:import", kwargs={"register": self.register}
                )
            )
        if job.status != RegisterImportJob.Status.CHECKED:
            # Already confirmed (a second click) or refused: the page says which.
            return redirect(job_url(job))
        # The user may have lost the agency since the upload.
        if not agencies_for_user(request.user).filter(pk=job.agency_id).exists():
            raise PermissionDenied
        jobs.confirm(job)
        return redirect(job_url(job))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        job = kwargs["job"]
        context.update(
            register=self.register,
            listing_url=self.listing_url(),
            import_url=reverse(
                "wagtail_govdisclosure_registers:import", kwargs={"register": self.register}
            ),
            status_url=job_url(job, "import_job_status"),
            Status=RegisterImportJob.Status,
        )
        return context


class ImportJobStatusView(JobMixin, View):
    """The job's state as JSON, for the page's progress bar."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        job = self.get_job(request, kwargs["job_id"])
        return JsonResponse(
            {
                "status": job.status,
                "status_label": str(job.get_status_display()),
                "confirmed": job.confirmed,
                "finished": job.finished,
                "rows": job.rows,
                "progress": job.progress,
                "new": job.new,
                "updated": job.updated,
                "problems": len(job.problems),
            },
            headers={"Cache-Control": "no-store"},
        )


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
