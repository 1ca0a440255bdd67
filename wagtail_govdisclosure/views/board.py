"""The report status board's data: every agency's report state for a year, and the roll-up.

A fixed number of queries whatever the number of agencies: the columns, the
year's reports with their latest revisions, last year's published reports
(for the carry-over check) and nothing per agency. The states come from the
checks (:func:`~wagtail_govdisclosure.checks.run_checks` for the error count,
:func:`~wagtail_govdisclosure.checks.agency.deadline` and
:func:`~wagtail_govdisclosure.checks.agency.late_publication` for the deadline),
so the board and the publish gate never disagree.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..checks import Severity, run_checks
from ..checks.agency import deadline, late_publication
from ..formats import CURRENT, FORMATS, AgencyKind, AgencyLevel, ReportFormat
from ..interchange import ReportDocument
from ..models import AnnualReportPage, DisclosureIndexPage
from ..rollup import Difference, Rollup, compare, sum_documents


class ReportState(enum.StrEnum):
    """Where an agency's report for the year stands, worst first."""

    MISSING = "missing"
    FAILING = "failing"
    DRAFT = "draft"
    LATE = "late"
    ON_TIME = "on_time"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])

    @property
    def published(self) -> bool:
        return self in (ReportState.LATE, ReportState.ON_TIME)


STATE_LABELS = {
    ReportState.MISSING: _("No report"),
    ReportState.FAILING: _("Failing checks"),
    ReportState.DRAFT: _("Draft, ready to publish"),
    ReportState.LATE: _("Published late"),
    ReportState.ON_TIME: _("Published on time"),
}


@dataclass
class AgencyStatus:
    """One line of the board: an agency's column and its report for the year."""

    column: DisclosureIndexPage
    state: ReportState
    deadline: datetime.date | None
    report: AnnualReportPage | None = None
    #: Error-level findings of the report's latest revision (unpublished reports).
    errors: int = 0
    published: datetime.date | None = None
    #: Not published and the deadline has passed.
    overdue: bool = False
    #: A published report with a newer draft.
    has_unpublished_changes: bool = False
    #: The document the state was judged on (the live content of a published report).
    document: ReportDocument | None = field(default=None, repr=False)

    @property
    def agency(self) -> str:
        return self.column.agency_name


@dataclass
class CountyComparison:
    """The county government's own report against the roll-up of the other agencies."""

    column: DisclosureIndexPage
    report: AnnualReportPage | None
    document: ReportDocument | None
    #: Whether ``document`` is the published content (else the latest draft).
    published: bool
    differences: list[Difference]


@dataclass
class StatusBoard:
    """Everything the board shows for one year."""

    year: int
    today: datetime.date
    report_format: ReportFormat
    rows: list[AgencyStatus]
    rollup: Rollup
    county: CountyComparison | None

    def count(self, state: ReportState) -> int:
        return sum(1 for row in self.rows if row.state is state)

    @property
    def counts(self) -> list[tuple[ReportState, int]]:
        return [(state, self.count(state)) for state in ReportState]

    @property
    def behind(self) -> list[AgencyStatus]:
        """Agencies whose report is not published although the deadline has passed."""
        return [row for row in self.rows if row.overdue]


def default_year(today: datetime.date | None = None) -> int:
    """The year whose reports are due now: last year."""
    return (today or timezone.localdate()).year - 1


def format_for_year(year: int) -> ReportFormat:
    """The format in force for ``year``'s reports (the current one for later years)."""
    for report_format in FORMATS.values():
        last = report_format.last_year
        if report_format.first_year <= year and (last is None or year <= last):
            return report_format
    return CURRENT


def report_years(today: datetime.date | None = None) -> list[int]:
    """The years a person may choose: every year with a report, and last year; newest first."""
    years = set(
        AnnualReportPage.objects.filter(alias_of__isnull=True)
        .values_list("year", flat=True)
        .distinct()
    )
    years.add(default_year(today))
    return sorted(years, reverse=True)


def _nearest_column(path: str, columns: list[DisclosureIndexPage]) -> DisclosureIndexPage | None:
    """The deepest column whose subtree holds ``path`` (``columns`` sorted by path)."""
    found = None
    for column in columns:
        if path.startswith(column.path) and path != column.path:
            if found is None or column.depth > found.depth:
                found = column
    return found


def _is_county_government(column: DisclosureIndexPage) -> bool:
    return column.kind == AgencyKind.GOVERNMENT.value and column.level == AgencyLevel.COUNTY.value


def _with_column(page: AnnualReportPage, column: DisclosureIndexPage) -> AnnualReportPage:
    # The model caches the column it looks up under this key (see AnnualReportPage.get_column):
    # setting it spares one query per report.
    page.__dict__["_column"] = column
    return page


def _latest_content(report: AnnualReportPage, column: DisclosureIndexPage) -> AnnualReportPage:
    """The report as its latest revision holds it, read without a query.

    Only the report's fields are read from the revision (``with_content_json``
    would also look up the parent, the locale and the comments of each report).
    """
    revision = report.latest_revision
    if revision is None:
        return report
    content = AnnualReportPage.from_serializable_data(
        revision.content, check_fks=False, strict_fks=False
    )
    content.pk = content.id = report.pk
    content.path, content.depth = report.path, report.depth
    content.live = report.live
    content.first_published_at = report.first_published_at
    content.alias_of_id = None
    return _with_column(content, column)


def build_board(year: int, today: datetime.date | None = None) -> StatusBoard:
    """The board for ``year`` as of ``today`` (default: today's date)."""
    today = today or timezone.localdate()
    report_format = format_for_year(year)
    columns = list(
        DisclosureIndexPage.objects.filter(alias_of__isnull=True)
        .order_by("path")
        .only("id", "path", "depth", "title", "draft_title", "agency_name", "uscc", "level", "kind")
    )
    reports = list(
        AnnualReportPage.objects.filter(year__in=(year, year - 1), alias_of__isnull=True)
        .select_related("latest_revision")
        .order_by("path")
    )

    this_year: dict[int, AnnualReportPage] = {}
    previous: dict[int, ReportDocument] = {}
    for report in reports:
        column = _nearest_column(report.path, columns)
        if column is None:
            continue
        _with_column(report, column)
        if report.year == year:
            # One report per agency and year; should two exist, the live one counts.
            kept = this_year.get(column.pk)
            if kept is None or (report.live and not kept.live):
                this_year[column.pk] = report
        elif report.live:
            previous[column.pk] = report.get_document()

    rows = [
        _status(column, this_year.get(column.pk), previous.get(column.pk), year, today)
        for column in columns
    ]
    county_column = next((c for c in sorted(columns, key=_depth) if _is_county_government(c)), None)
    rollup = sum_documents(
        (
            row.document
            for row in rows
            if row.state.published and row.document is not None and row.column is not county_column
        ),
        year=year,
        agency=county_column.agency_name if county_column else "",
        report_format=report_format,
        agency_level=AgencyLevel.COUNTY if county_column else None,
        agency_kind=AgencyKind.GOVERNMENT if county_column else None,
    )
    county = None
    if county_column is not None:
        county = _compare_county(county_column, this_year.get(county_column.pk), rollup)
    return StatusBoard(year, today, report_format, rows, rollup, county)


def _depth(column: DisclosureIndexPage) -> tuple[int, str]:
    return (column.depth, column.path)


def _status(
    column: DisclosureIndexPage,
    report: AnnualReportPage | None,
    previous: ReportDocument | None,
    year: int,
    today: datetime.date,
) -> AgencyStatus:
    info = column.agency_info()
    if report is None:
        due = deadline(
            ReportDocument.empty(
                year,
                info.name,
                format_for_year(year),
                agency_level=info.level,
                agency_kind=info.kind,
            )
        )
        return AgencyStatus(
            column, ReportState.MISSING, due, overdue=due is not None and today > due
        )
    if report.live:
        document = report.get_document()
        due = deadline(document)
        late = bool(late_publication(document))
        return AgencyStatus(
            column,
            ReportState.LATE if late else ReportState.ON_TIME,
            due,
            report=report,
            published=document.published,
            has_unpublished_changes=report.has_unpublished_changes,
            document=document,
        )
    document = _latest_content(report, column).get_document()
    findings = run_checks(document, previous=previous)
    errors = sum(1 for finding in findings if finding.severity is Severity.ERROR)
    due = deadline(document)
    return AgencyStatus(
        column,
        ReportState.FAILING if errors else ReportState.DRAFT,
        due,
        report=report,
        errors=errors,
        overdue=due is not None and today > due,
        document=document,
    )


def _compare_county(
    column: DisclosureIndexPage, report: AnnualReportPage | None, rollup: Rollup
) -> CountyComparison:
    """The county government's report as last saved (published, or its latest draft)."""
    if report is None:
        return CountyComparison(column, None, None, False, [])
    published = report.live and not report.has_unpublished_changes
    document = (report if published else _latest_content(report, column)).get_document()
    differences: list[Difference] = []
    if document.format.key == rollup.document.format.key:
        differences = compare(rollup.document, document)
    return CountyComparison(column, report, document, published, differences)


def summary_counts(rows: Iterable[AgencyStatus]) -> dict[str, int]:
    """``{state: count}`` for every state (for the dashboard panel and tests)."""
    counts = {state.value: 0 for state in ReportState}
    for row in rows:
        counts[row.state.value] += 1
    return counts
