"""The registers: disclosure applications, review and litigation cases, the working-day table.

An :class:`Application` is one 政府信息公开申请 as the office logs it (依申请公开登记);
a :class:`ReviewCase` one 行政复议 or 行政诉讼 about the office's disclosure work.
Both belong to an agency, the :class:`~wagtail_govdisclosure.models.DisclosureIndexPage`
of its column, and use the keys of the format declaration for what the annual report
counts (see :mod:`.vocabulary`), so that :mod:`.fill` can compute tables 三 and 四.

The database holds the rules the report's arithmetic rests on (an outcome exactly
when a closing date, a closing date not before the receipt), so tables computed
from the registers balance by construction; ``clean()`` reports the same rules to
the clerk with the field named.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .holidays import WorkingCalendar, reply_deadline
from .vocabulary import (
    APPLICANT_TYPE_CHOICES,
    CASE_TYPE_CHOICES,
    OUTCOME_CHOICES,
    RESULT_CHOICES,
    applicant_type_label,
    case_type_label,
    outcome_label,
    result_label,
)

AGENCY_MODEL = "wagtail_govdisclosure.DisclosureIndexPage"

#: An open application due within this many days shows as "due this week".
DUE_SOON_DAYS = 7


class Channel(models.TextChoices):
    """How an application reached the office (第二十九条: 当面、邮寄、网上、传真 …)."""

    IN_PERSON = "in_person", _("In person")
    POST = "post", _("By post")
    ONLINE = "online", _("Online")
    FAX = "fax", _("By fax")
    OTHER = "other", _("Other")


class DeadlineStatus(models.TextChoices):
    """Where an application stands against its reply deadline."""

    CLOSED = "closed", _("Answered in time")
    CLOSED_LATE = "closed_late", _("Answered late")
    OVERDUE = "overdue", _("Overdue")
    DUE_SOON = "due_soon", _("Due this week")
    AWAITING_CORRECTION = "awaiting_correction", _("Awaiting the applicant's correction")
    OPEN = "open", _("Open")


def _year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# --- the working-day table -------------------------------------------------------


class CalendarDayQuerySet(models.QuerySet):
    def as_overrides(self) -> dict[datetime.date, bool]:
        """``{date: is a working day}`` for :class:`~.holidays.WorkingCalendar`."""
        return {
            day: kind == CalendarDay.Kind.WORKING_DAY
            for day, kind in self.values_list("date", "kind")
        }


class CalendarDay(models.Model):
    """A day the State Council's holiday notice sets, where the ``holidays`` package lags.

    Each year's notice (国务院办公厅关于某年部分节假日安排的通知) lists the days off and
    the weekend days worked (调休); when the installed package does not have it yet, an
    editor enters them here. A row always wins over the package.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off (public holiday or rest day)")
        WORKING_DAY = "working_day", _("Working day (adjusted weekend day)")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    note = models.CharField(
        _("note"),
        max_length=100,
        blank=True,
        help_text=_("E.g. the holiday and the notice that sets the day."),
    )

    objects = CalendarDayQuerySet.as_manager()

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday calendar day")
        verbose_name_plural = _("holiday calendar")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}"


# --- applications ----------------------------------------------------------------


class ApplicationQuerySet(models.QuerySet):
    def received_in(self, year: int) -> ApplicationQuerySet:
        return self.filter(received_on__range=_year_range(year))

    def open_on(self, day: datetime.date) -> ApplicationQuerySet:
        """Received by ``day`` and not closed by then."""
        return self.filter(received_on__lte=day).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=day)
        )

    def overdue(self, today: datetime.date | None = None) -> ApplicationQuerySet:
        """Open past the deadline, or answered after it."""
        today = today or timezone.localdate()
        return self.filter(
            Q(closed_on__isnull=True, reply_deadline__lt=today)
            | Q(closed_on__isnull=False, closed_on__gt=F("reply_deadline"))
        )

    def due_soon(self, today: datetime.date | None = None) -> ApplicationQuerySet:
        """Open and due within :data:`DUE_SOON_DAYS` days (today included)."""
        today = today or timezone.localdate()
        return self.filter(
            closed_on__isnull=True,
            reply_deadline__range=(today, today + datetime.timedelta(days=DUE_SOON_DAYS)),
        )


class Application(models.Model):
    """One 政府信息公开申请 in the register of an agency (依申请公开登记).

    ``applicant_name`` and ``applicant_contact`` are personal data: shown only to users
    with the ``view_personal_data`` permission, never exported unless such a user asks
    for them, never on a public page. ``reply_deadline`` is computed on save.
    """

    #: Fields holding personal data (see ``docs/registers.md``).
    PERSONAL_FIELDS = ("applicant_name", "applicant_contact")

    agency = models.ForeignKey(
        AGENCY_MODEL,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The agency's disclosure column."),
    )
    reference = models.CharField(
        _("register number"),
        max_length=50,
        blank=True,
        help_text=_("The office's own number for the application, unique within the agency."),
    )
    received_on = models.DateField(_("received on"))
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.ONLINE
    )
    applicant_type = models.CharField(
        _("applicant type"), max_length=32, choices=APPLICANT_TYPE_CHOICES
    )
    applicant_name = models.CharField(_("applicant name"), max_length=200, blank=True)
    applicant_contact = models.CharField(
        _("applicant contact"),
        max_length=300,
        blank=True,
        help_text=_("Address, telephone or e-mail for the reply."),
    )
    content = models.TextField(_("information requested"))
    correction_requested_on = models.DateField(
        _("correction requested on"),
        null=True,
        blank=True,
        help_text=_("The day the applicant was asked to complete the application (补正)."),
    )
    correction_received_on = models.DateField(
        _("correction received on"),
        null=True,
        blank=True,
        help_text=_("The day the completed application arrived; the reply period counts from it."),
    )
    extended = models.BooleanField(
        _("reply period extended"),
        default=False,
        help_text=_("Extended by up to 20 working days with the approval required by law."),
    )
    reply_deadline = models.DateField(
        _("reply deadline"),
        null=True,
        editable=False,
        help_text=_("Computed from the dates above and the holiday calendar."),
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=40,
        blank=True,
        choices=[("", _("Pending")), *OUTCOME_CHOICES],
        help_text=_("How the application was handled, as counted in the annual report."),
    )
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, help_text=_("The day the reply was issued.")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("disclosure application")
        verbose_name_plural = _("disclosure applications")
        permissions = [
            ("view_personal_data", _("Can view the personal data of applicants")),
        ]
        indexes = [
            models.Index(fields=["agency", "received_on"], name="govdisc_app_agency_received"),
            models.Index(fields=["agency", "closed_on"], name="govdisc_app_agency_closed"),
            # The listing's order: a page of the register reads the index, never sorts.
            models.Index(fields=["-received_on", "-id"], name="govdisc_app_listing_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "reference"],
                condition=~Q(reference=""),
                name="govdisc_app_unique_reference",
            ),
            models.CheckConstraint(
                condition=Q(outcome="", closed_on__isnull=True)
                | (~Q(outcome="") & Q(closed_on__isnull=False)),
                name="govdisc_app_outcome_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("received_on")),
                name="govdisc_app_closed_after_received",
            ),
            models.CheckConstraint(
                condition=Q(correction_received_on__isnull=True)
                | Q(
                    correction_requested_on__isnull=False,
                    correction_received_on__gte=F("correction_requested_on"),
                ),
                name="govdisc_app_correction_order",
            ),
        ]

    def __str__(self) -> str:
        # Never personal data: this string is shown in logs and history.
        if self.reference:
            return str(_("Application %(reference)s") % {"reference": self.reference})
        return str(
            _("Application of %(date)s")
            % {"date": self.received_on.isoformat() if self.received_on else "?"}
        )

    def save(self, *args: Any, calendar: WorkingCalendar | None = None, **kwargs: Any) -> None:
        # The deadline is stored so that listings can filter on it.
        self.update_deadline(calendar)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "reply_deadline" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "reply_deadline"]
        super().save(*args, **kwargs)

    # --- labels from the declaration ---------------------------------------------

    @property
    def applicant_type_label(self) -> str:
        return applicant_type_label(self.applicant_type) if self.applicant_type else ""

    @property
    def outcome_label(self) -> str:
        return outcome_label(self.outcome) if self.outcome else str(_("Pending"))

    # --- the deadline --------------------------------------------------------------

    def compute_deadline(self, calendar: WorkingCalendar | None = None) -> datetime.date | None:
        if self.received_on is None:
            return None
        return reply_deadline(
            self.received_on,
            calendar=calendar or WorkingCalendar.from_database(),
            extended=self.extended,
            correction_requested_on=self.correction_requested_on,
            correction_received_on=self.correction_received_on,
        )

    def update_deadline(self, calendar: WorkingCalendar | None = None) -> None:
        self.reply_deadline = self.compute_deadline(calendar)

    def deadline_status(self, today: datetime.date | None = None) -> DeadlineStatus:
        """Answered in time or late, overdue, due this week, awaiting 补正, or open."""
        today = today or timezone.localdate()
        deadline = self.reply_deadline
        if self.closed_on is not None:
            if deadline is not None and self.closed_on > deadline:
                return DeadlineStatus.CLOSED_LATE
            return DeadlineStatus.CLOSED
        if deadline is None:
            if self.correction_requested_on and not self.correction_received_on:
                return DeadlineStatus.AWAITING_CORRECTION
            return DeadlineStatus.OPEN
        if deadline < today:
            return DeadlineStatus.OVERDUE
        if deadline <= today + datetime.timedelta(days=DUE_SOON_DAYS):
            return DeadlineStatus.DUE_SOON
        return DeadlineStatus.OPEN

    # --- validation ------------------------------------------------------------------

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[ValidationError]] = {}

        def add(field: str, message: Any) -> None:
            errors.setdefault(field, []).append(ValidationError(message))

        if self.outcome and self.closed_on is None:
            add("closed_on", _("An application with an outcome needs the day it was closed."))
        if self.closed_on is not None and not self.outcome:
            add("outcome", _("A closed application needs its outcome."))
        if self.received_on and self.closed_on and self.closed_on < self.received_on:
            add("closed_on", _("The closing day cannot be before the day of receipt."))
        if self.correction_received_on and not self.correction_requested_on:
            add(
                "correction_requested_on",
                _("Enter the day the correction was requested."),
            )
        if (
            self.correction_requested_on
            and self.received_on
            and self.correction_requested_on < self.received_on
        ):
            add(
                "correction_requested_on",
                _("A correction cannot be requested before the application was received."),
            )
        if (
            self.correction_requested_on
            and self.correction_received_on
            and self.correction_received_on < self.correction_requested_on
        ):
            add(
                "correction_received_on",
                _("The correction cannot arrive before it was requested."),
            )
        if errors:
            raise ValidationError(errors)


# --- review and litigation cases ------------------------------------------------


class ReviewCaseQuerySet(models.QuerySet):
    def filed_in(self, year: int) -> ReviewCaseQuerySet:
        return self.filter(filed_on__range=_year_range(year))


class ReviewCase(models.Model):
    """A 行政复议 or 行政诉讼 about the agency's disclosure work.

    The case type is a row of the reviews table; ``result`` one of its result columns,
    blank while the case is pending (尚未审结).
    """

    agency = models.ForeignKey(
        AGENCY_MODEL,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The agency's disclosure column."),
    )
    reference = models.CharField(
        _("case number"),
        max_length=80,
        blank=True,
        help_text=_("The case number given by the review body or the court."),
    )
    case_type = models.CharField(_("case type"), max_length=40, choices=CASE_TYPE_CHOICES)
    filed_on = models.DateField(_("filed on"))
    result = models.CharField(
        _("result"),
        max_length=16,
        blank=True,
        choices=[("", _("Pending (not concluded)")), *RESULT_CHOICES],
    )
    closed_on = models.DateField(_("concluded on"), null=True, blank=True)
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_cases",
        help_text=_("The application the case is about, if it is in the register."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReviewCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-filed_on", "-pk"]
        verbose_name = _("review or litigation case")
        verbose_name_plural = _("review and litigation cases")
        indexes = [
            models.Index(fields=["agency", "filed_on"], name="govdisc_case_agency_filed"),
            models.Index(fields=["-filed_on", "-id"], name="govdisc_case_listing_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "reference"],
                condition=~Q(reference=""),
                name="govdisc_case_unique_reference",
            ),
            models.CheckConstraint(
                condition=Q(result="", closed_on__isnull=True)
                | (~Q(result="") & Q(closed_on__isnull=False)),
                name="govdisc_case_result_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("filed_on")),
                name="govdisc_case_closed_after_filed",
            ),
        ]

    def __str__(self) -> str:
        label = case_type_label(self.case_type) if self.case_type else ""
        if self.reference:
            return f"{label} {self.reference}".strip()
        return f"{label} {self.filed_on.isoformat() if self.filed_on else ''}".strip()

    @property
    def case_type_label(self) -> str:
        return case_type_label(self.case_type) if self.case_type else ""

    @property
    def result_label(self) -> str:
        return result_label(self.result) if self.result else str(_("Pending (not concluded)"))

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[ValidationError]] = {}

        def add(field: str, message: Any) -> None:
            errors.setdefault(field, []).append(ValidationError(message))

        if self.result and self.closed_on is None:
            add("closed_on", _("A concluded case needs the day it was concluded."))
        if self.closed_on is not None and not self.result:
            add("result", _("A concluded case needs its result."))
        if self.filed_on and self.closed_on and self.closed_on < self.filed_on:
            add("closed_on", _("A case cannot be concluded before it was filed."))
        if (
            self.application_id is not None
            and self.agency_id is not None
            and self.application.agency_id != self.agency_id
        ):
            add("application", _("The application belongs to another agency's register."))
        if errors:
            raise ValidationError(errors)


# --- imports running as background tasks -------------------------------------------


class RegisterImportJob(models.Model):
    """A register file being checked or imported by a background task (see :mod:`.jobs`).

    The upload waits in a storage (``stored_file``) until the task reads it; the state,
    the counts and the problems live here, so the admin shows them whichever process
    runs the task. The file is deleted once imported, refused or abandoned.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        CHECKED = "checked", _("Checked, waiting for confirmation")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    register = models.CharField(_("register"), max_length=20)
    agency = models.ForeignKey(
        AGENCY_MODEL, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField(_("file name"), max_length=255)
    stored_file = models.CharField(max_length=255, blank=True)
    include_personal = models.BooleanField(default=False)
    language = models.CharField(max_length=20, blank=True)
    #: False while the file is only checked (dry run); True once the clerk confirmed.
    confirmed = models.BooleanField(default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    new = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    notices = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=dict, blank=True)
    file_format = models.CharField(max_length=8, blank=True)
    encoding = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        indexes = [models.Index(fields=["created_at"], name="govdisc_import_job_created")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.CHECKED, self.Status.DONE, self.Status.FAILED)
