"""The report's editor actions: fill tables 三 and 四 from the registers; export the tables."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ...blocks.tables import table_label
from ...models import AnnualReportPage
from .. import exports
from ..fill import FILLED_TABLES, FillError, apply_report_fill, plan_report_fill
from .registers import download_response


def editable_report(request: HttpRequest, page_id: int) -> AnnualReportPage:
    """The report ``page_id`` if the user may edit it (its drafts are what these views read)."""
    page = get_object_or_404(AnnualReportPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


class FillReportView(WagtailAdminTemplateMixin, TemplateView):
    """Show the cells the registers change in the report's draft; save them on confirm."""

    template_name = "wagtail_govdisclosure_registers/fill_report.html"
    header_icon = "table"

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.page_id = kwargs["page_id"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.page = editable_report(request, self.page_id)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Fill tables from the registers")

    def get_page_subtitle(self) -> str:
        return self.page.get_admin_display_title()

    def edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": self.edit_url(), "label": self.page.get_admin_display_title()},
            {"url": "", "label": self.get_page_title()},
        ]

    def lock_message(self) -> str:
        lock = self.page.get_lock()
        if lock is not None and lock.for_user(self.request.user):
            return str(lock.get_message(self.request.user))
        return ""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            fill = plan_report_fill(self.page)
        except FillError as exc:
            return self.render_to_response(self.get_context_data(error=str(exc)))
        return self.render_to_response(self.get_context_data(fill=fill, lock=self.lock_message()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        lock = self.lock_message()
        try:
            fill = plan_report_fill(self.page)
        except FillError as exc:
            return self.render_to_response(self.get_context_data(error=str(exc)))
        if lock:
            return self.render_to_response(self.get_context_data(fill=fill, lock=lock))
        if str(fill.base_revision_id) != request.POST.get("base_revision", ""):
            # Someone saved the report since the preview: show what the fill changes now.
            messages.warning(
                request,
                _("The report was changed since you opened this page: check the cells again."),
            )
            return self.render_to_response(self.get_context_data(fill=fill))
        revision = apply_report_fill(fill, request.user)
        if revision is None:
            messages.info(request, _("The tables already hold the registers' figures."))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s cell filled from the registers and saved as a draft.",
                    "%(count)s cells filled from the registers and saved as a draft.",
                    len(fill.changes),
                )
                % {"count": len(fill.changes)},
            )
        return redirect(self.edit_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report_format = self.page.report_format
        titles = []
        for key in FILLED_TABLES:
            try:
                titles.append(table_label(report_format.table(key)))
            except KeyError:
                titles.append(key)
        context.update(page=self.page, edit_url=self.edit_url(), table_titles=titles)
        return context


class ExportReportView(View):
    """The report's latest draft tables as .xlsx (laid out like the form), .csv or JSON."""

    def get(self, request: HttpRequest, page_id: int, file_format: str) -> HttpResponse:
        if file_format not in exports.FORMATS:
            raise Http404
        page = editable_report(request, page_id)
        document = page.get_latest_revision_as_object().get_document()
        data = exports.export_report(document, file_format)
        filename = get_valid_filename(document.title) or "report"
        return download_response(data, filename, file_format, f"report-{document.year}")
