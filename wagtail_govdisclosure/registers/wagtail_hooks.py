"""The registers in the Wagtail admin: listings and forms (wagtail-modeladmin), views, buttons.

wagtail-modeladmin is in maintenance mode, so everything that depends on it is in this
one module: replacing it with snippet ViewSets later touches nothing else.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import SimpleListFilter
from django.db.models import Max, Min
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import HistoryView, IndexView

from ..models import AnnualReportPage
from .fill import FILL_LOG_ACTION
from .forms import RegisterEntryForm
from .holidays import library_confirmed_years
from .models import Application, CalendarDay, DeadlineStatus, ReviewCase
from .permissions import (
    PERSONAL_DATA_PERMISSION,
    agencies_for_user,
    can_view_personal_data,
    user_can_access_agency,
)
from .views import register_key
from .views.registers import ExportView, ImportJobStatusView, ImportJobView, ImportView
from .views.reports import ExportReportView, FillReportView

# --- listing filters ----------------------------------------------------------------


class YearFilter(SimpleListFilter):
    title = _("year")
    parameter_name = "year"
    date_field = "received_on"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, str]]:
        # The years between the first and the last entry: two index look-ups, where the
        # distinct years of the register would read every row; kept for the request,
        # whose listing builds its filters more than once.
        cache = request.__dict__.setdefault("_govdisclosure_register_years", {})
        key = (model_admin.model, self.date_field)
        if key not in cache:
            bounds = model_admin.get_queryset(request).aggregate(
                first=Min(self.date_field), last=Max(self.date_field)
            )
            years = (
                range(bounds["last"].year, bounds["first"].year - 1, -1) if bounds["last"] else ()
            )
            cache[key] = [(str(year), str(year)) for year in years]
        return cache[key]

    def queryset(self, request: Any, queryset: Any) -> Any:
        if self.value() and self.value().isdigit():
            return queryset.filter(**{f"{self.date_field}__year": int(self.value())})
        return queryset


class CaseYearFilter(YearFilter):
    date_field = "filed_on"


class AgencyFilter(SimpleListFilter):
    """The user's own agencies only (the listing shows no other)."""

    title = _("agency")
    parameter_name = "agency"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, str]]:
        agencies = agencies_for_user(request.user).order_by("path")
        return [(str(a.pk), a.agency_name) for a in agencies]

    def queryset(self, request: Any, queryset: Any) -> Any:
        if self.value() and self.value().isdigit():
            return queryset.filter(agency_id=int(self.value()))
        return queryset


class OutcomeFilter(SimpleListFilter):
    title = _("outcome")
    parameter_name = "outcome"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, Any]]:
        return [("pending", _("Pending")), ("closed", _("Closed"))] + [
            (key, Application(outcome=key).outcome_label)
            for key in dict(Application._meta.get_field("outcome").flatchoices)
            if key
        ]

    def queryset(self, request: Any, queryset: Any) -> Any:
        value = self.value()
        if value == "pending":
            return queryset.filter(outcome="")
        if value == "closed":
            return queryset.exclude(outcome="")
        if value:
            return queryset.filter(outcome=value)
        return queryset


class DeadlineFilter(SimpleListFilter):
    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            (DeadlineStatus.OVERDUE.value, _("Overdue (open or answered late)")),
            (DeadlineStatus.DUE_SOON.value, DeadlineStatus.DUE_SOON.label),
            (DeadlineStatus.AWAITING_CORRECTION.value, DeadlineStatus.AWAITING_CORRECTION.label),
        ]

    def queryset(self, request: Any, queryset: Any) -> Any:
        value = self.value()
        if value == DeadlineStatus.OVERDUE:
            return queryset.overdue()
        if value == DeadlineStatus.DUE_SOON:
            return queryset.due_soon()
        if value == DeadlineStatus.AWAITING_CORRECTION:
            return queryset.filter(
                closed_on__isnull=True,
                correction_requested_on__isnull=False,
                correction_received_on__isnull=True,
            )
        return queryset


class CaseStatusFilter(SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, Any]]:
        return [("pending", _("Pending (not concluded)")), ("closed", _("Concluded"))]

    def queryset(self, request: Any, queryset: Any) -> Any:
        if self.value() == "pending":
            return queryset.filter(result="")
        if self.value() == "closed":
            return queryset.exclude(result="")
        return queryset


# --- permissions and views ----------------------------------------------------------


class AgencyPermissionHelper(PermissionHelper):
    """Model permissions, and only for entries of the user's own agencies."""

    def user_can_inspect_obj(self, user: Any, obj: Any) -> bool:
        return False

    def user_can_edit_obj(self, user: Any, obj: Any) -> bool:
        return super().user_can_edit_obj(user, obj) and user_can_access_agency(user, obj.agency_id)

    def user_can_delete_obj(self, user: Any, obj: Any) -> bool:
        return super().user_can_delete_obj(user, obj) and user_can_access_agency(
            user, obj.agency_id
        )


class RegisterIndexView(IndexView):
    """The listing, without modeladmin's free query-string lookups.

    modeladmin applies any ``field__lookup=value`` in the URL as a filter; on a register
    that would let a user without the personal-data permission probe applicants' names
    by counting results. Only the declared filters, search and ordering apply.
    """

    def get_filters(self, request: Any) -> tuple:
        specs, has_filters, _remaining, use_distinct = super().get_filters(request)
        return specs, has_filters, {}, use_distinct


class RegisterHistoryView(HistoryView):
    """modeladmin's history view checks no permission: allow it to whom may edit the entry."""

    def check_action_permitted(self, user: Any) -> bool:
        return self.permission_helper.user_can_edit_obj(user, self.instance)


class RegisterAdmin(ModelAdmin):
    """What the two registers' listings share."""

    permission_helper_class = AgencyPermissionHelper
    index_view_class = RegisterIndexView
    history_view_class = RegisterHistoryView
    index_template_name = "wagtail_govdisclosure_registers/modeladmin/index.html"
    list_per_page = 50
    inspect_view_enabled = False
    list_select_related = ("agency",)

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).filter(agency__in=agencies_for_user(request.user))

    @property
    def register(self) -> str:
        return register_key(self.model)

    def agency_name(self, obj: Any) -> str:
        return obj.agency.agency_name

    agency_name.short_description = _("agency")  # type: ignore[attr-defined]


# --- the application register ---------------------------------------------------


_PERSONAL = {"permission": PERSONAL_DATA_PERMISSION}

_STATUS_CLASS = {
    DeadlineStatus.OVERDUE: "w-status--label",
    DeadlineStatus.CLOSED_LATE: "w-status--label",
    DeadlineStatus.DUE_SOON: "w-status--primary",
}


class ApplicationAdmin(RegisterAdmin):
    model = Application
    menu_label = _("Applications")
    menu_icon = "doc-full"
    list_filter = (YearFilter, AgencyFilter, OutcomeFilter, DeadlineFilter)
    ordering = ("-received_on", "-pk")
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("agency"), FieldPanel("reference")]),
            FieldRowPanel([FieldPanel("received_on"), FieldPanel("channel")]),
            FieldPanel("applicant_type"),
            MultiFieldPanel(
                [
                    FieldPanel("applicant_name", **_PERSONAL),
                    FieldPanel("applicant_contact", **_PERSONAL),
                ],
                heading=_("Applicant (personal data)"),
            ),
            FieldPanel("content"),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("correction_requested_on"),
                            FieldPanel("correction_received_on"),
                        ]
                    ),
                    FieldPanel("extended"),
                ],
                heading=_("Reply period"),
            ),
            MultiFieldPanel([FieldPanel("outcome"), FieldPanel("closed_on")], heading=_("Reply")),
            FieldPanel("notes"),
        ],
        base_form_class=RegisterEntryForm,
    )

    def get_list_display(self, request: Any) -> tuple:
        personal = ("applicant_name",) if can_view_personal_data(request.user) else ()
        return (
            "__str__",
            "received_on",
            "agency_name",
            "applicant_type_display",
            *personal,
            "content_excerpt",
            "deadline",
            "outcome_display",
            "closed_on",
        )

    def get_search_fields(self, request: Any) -> tuple:
        personal = (
            ("applicant_name", "applicant_contact") if can_view_personal_data(request.user) else ()
        )
        return ("reference", "content", "notes", *personal)

    def applicant_type_display(self, obj: Application) -> str:
        return obj.applicant_type_label

    applicant_type_display.short_description = _("applicant type")  # type: ignore[attr-defined]

    def content_excerpt(self, obj: Application) -> str:
        return Truncator(obj.content).chars(40)

    content_excerpt.short_description = _("information requested")  # type: ignore[attr-defined]

    def outcome_display(self, obj: Application) -> str:
        return obj.outcome_label

    outcome_display.short_description = _("outcome")  # type: ignore[attr-defined]

    def deadline(self, obj: Application) -> str:
        """The reply deadline with the overdue / due-this-week indicator."""
        status = obj.deadline_status(timezone.localdate())
        when = obj.reply_deadline.isoformat() if obj.reply_deadline else ""
        if status in (DeadlineStatus.CLOSED, DeadlineStatus.OPEN):
            return when
        return format_html(
            '{} <span class="w-status {}">{}</span>',
            when,
            _STATUS_CLASS.get(status, ""),
            status.label,
        )

    deadline.short_description = _("reply deadline")  # type: ignore[attr-defined]


class ReviewCaseAdmin(RegisterAdmin):
    model = ReviewCase
    menu_label = _("Review and litigation cases")
    menu_icon = "doc-empty"
    list_filter = (CaseYearFilter, AgencyFilter, CaseStatusFilter)
    list_display = (
        "__str__",
        "filed_on",
        "agency_name",
        "case_type_display",
        "result_display",
        "closed_on",
    )
    search_fields = ("reference", "notes")
    ordering = ("-filed_on", "-pk")
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("agency"), FieldPanel("reference")]),
            FieldRowPanel([FieldPanel("case_type"), FieldPanel("filed_on")]),
            FieldRowPanel([FieldPanel("result"), FieldPanel("closed_on")]),
            FieldPanel("application"),
            FieldPanel("notes"),
        ],
        base_form_class=RegisterEntryForm,
    )

    def case_type_display(self, obj: ReviewCase) -> str:
        return obj.case_type_label

    case_type_display.short_description = _("case type")  # type: ignore[attr-defined]

    def result_display(self, obj: ReviewCase) -> str:
        return obj.result_label

    result_display.short_description = _("result")  # type: ignore[attr-defined]


class CalendarDayAdmin(ModelAdmin):
    model = CalendarDay
    menu_label = _("Holiday calendar")
    menu_icon = "date"
    list_display = ("date", "kind", "note")
    list_filter = ("kind",)
    ordering = ("-date",)
    index_view_class = RegisterIndexView
    index_template_name = "wagtail_govdisclosure_registers/modeladmin/calendar_index.html"
    panels = [FieldPanel("date"), FieldPanel("kind"), FieldPanel("note")]

    @property
    def confirmed_until(self) -> int | str:
        """The last year whose State Council notice the installed package has."""
        years = library_confirmed_years()
        return max(years) if years else "—"


class RegistersGroup(ModelAdminGroup):
    menu_label = _("Disclosure registers")
    menu_icon = "table"
    menu_order = 310
    items = (ApplicationAdmin, ReviewCaseAdmin, CalendarDayAdmin)


modeladmin_register(RegistersGroup)


# --- the admin views, the report's buttons, the log -------------------------------

_register_urls = [
    path("<str:register>/import/", ImportView.as_view(), name="import"),
    path("<str:register>/import/<int:job_id>/", ImportJobView.as_view(), name="import_job"),
    path(
        "<str:register>/import/<int:job_id>/status/",
        ImportJobStatusView.as_view(),
        name="import_job_status",
    ),
    path("<str:register>/export/", ExportView.as_view(), name="export"),
    path("reports/<int:page_id>/fill/", FillReportView.as_view(), name="fill_report"),
    path(
        "reports/<int:page_id>/export/<str:file_format>/",
        ExportReportView.as_view(),
        name="export_report",
    ),
]


@hooks.register("register_admin_urls")
def register_admin_urls() -> list:
    return [
        path(
            "govdisclosure-registers/",
            include(
                (_register_urls, "wagtail_govdisclosure_registers"),
                namespace="wagtail_govdisclosure_registers",
            ),
        )
    ]


@hooks.register("register_page_header_buttons")
def report_header_buttons(
    page: Any, user: Any, view_name: str = "", next_url: str | None = None
) -> list[Button]:
    """On a report's edit view: fill the tables from the registers; export the tables."""
    if view_name != "edit" or not issubclass(page.specific_class or type(page), AnnualReportPage):
        return []
    if not page.permissions_for_user(user).can_edit():
        return []

    def url(name: str, **kwargs: Any) -> str:
        return reverse(f"wagtail_govdisclosure_registers:{name}", kwargs=kwargs)

    buttons = [
        Button(
            _("Fill tables from the registers"),
            url("fill_report", page_id=page.pk),
            icon_name="table",
            priority=80,
        )
    ]
    for file_format, label in (
        ("xlsx", _("Export tables (Excel)")),
        ("csv", _("Export tables (CSV)")),
        ("json", _("Export tables (JSON)")),
    ):
        buttons.append(
            Button(
                label,
                url("export_report", page_id=page.pk, file_format=file_format),
                icon_name="download",
                priority=81,
            )
        )
    return buttons


@hooks.register("register_log_actions")
def register_fill_log_action(actions: Any) -> None:
    @actions.register_action(FILL_LOG_ACTION)
    class FillFormatter(LogFormatter):
        label = _("Tables filled from the registers")

        def format_message(self, log_entry: Any) -> str:
            count = (log_entry.data or {}).get("changed", 0)
            return ngettext(
                "Tables filled from the registers: %(count)s cell changed",
                "Tables filled from the registers: %(count)s cells changed",
                count,
            ) % {"count": count}
