"""The report status board's data: every agency's report state for a year, and the roll-up.

A fixed number of queries whatever the number of agencies: the columns, and
the year's reports with their stored summaries
(:class:`~wagtail_govdisclosure.models.ReportSummary`), nothing per agency
and no report's blocks or revisions. A report is placed in its column and a
column in its county by path prefix (one dictionary look-up per tree level).
The states come from the checks
(:func:`~wagtail_govdisclosure.checks.run_checks` for the error count,
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
from wagtail.models import Page

from ..checks.agency import deadline, late_publication
from ..formats import CURRENT, FORMATS, AgencyKind, AgencyLevel, ReportFormat
from ..interchange import ReportDocument
from ..models import AnnualReportPage, DisclosureIndexPage, ReportSummary
from ..rollup import Difference, Rollup, compare, merge_rollups, sum_documents


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
    #: The sum of the county's own agencies' published reports (its government's left out).
    rollup: Rollup | None = field(default=None, repr=False)

    @property
    def agency(self) -> str:
        return self.column.agency_name


@dataclass
class StatusBoard:
    """Everything the board shows for one year."""

    year: int
    today: datetime.date
    report_format: ReportFormat
    rows: list[AgencyStatus]
    rollup: Rollup
    #: The county compared (the one chosen, or the portal's only county).
    county: CountyComparison | None
    #: Every county's roll-up and comparison (the chosen county's alone when one is chosen).
    counties: list[CountyComparison] = field(default_factory=list)
    #: The county government's column the board is limited to, if any.
    selected_county: DisclosureIndexPage | None = None
    #: Every county government's column of the portal, for the choice of a county.
    county_choices: list[DisclosureIndexPage] = field(default_factory=list)

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
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    years.add(default_year(today))
    return sorted(years, reverse=True)


def _prefixes(path: str) -> Iterable[str]:
    """The paths of the page at ``path`` and of its ancestors, deepest first."""
    for end in range(len(path), 0, -Page.steplen):
        yield path[:end]


def nearest_column(path: str, columns_by_path: dict[str, DisclosureIndexPage]):
    """The deepest column above the page at ``path`` (one lookup per level, no scan)."""
    for prefix in _prefixes(path[: -Page.steplen]):
        column = columns_by_path.get(prefix)
        if column is not None:
            return column
    return None


def _is_county_government(column: DisclosureIndexPage) -> bool:
    return column.kind == AgencyKind.GOVERNMENT.value and column.level == AgencyLevel.COUNTY.value


class CountyMap:
    """Which county government's platform each column belongs to.

    A column belongs to the nearest county government's column above it (or
    itself), else to the county government whose column sits beside it: a
    page holding exactly one county government's column is that county's
    platform (its departments' columns may sit beside the government's).
    Columns of no county (a province's own departments) belong to none.
    """

    def __init__(self, columns: list[DisclosureIndexPage]):
        self.governments = [column for column in columns if _is_county_government(column)]
        self._by_path = {column.path: column for column in self.governments}
        platforms: dict[str, list[DisclosureIndexPage]] = {}
        for column in self.governments:
            platforms.setdefault(column.path[: -Page.steplen], []).append(column)
        self._by_platform = {path: found[0] for path, found in platforms.items() if len(found) == 1}

    def county_of(self, column: DisclosureIndexPage) -> DisclosureIndexPage | None:
        for prefix in _prefixes(column.path):
            government = self._by_path.get(prefix) or self._by_platform.get(prefix)
            if government is not None:
                return government
        return None


def _with_column(page: AnnualReportPage, column: DisclosureIndexPage) -> AnnualReportPage:
    # The model caches the column it looks up under this key (see AnnualReportPage.get_column):
    # setting it spares one query per report.
    page.__dict__["_column"] = column
    return page


def _summary(report: AnnualReportPage) -> ReportSummary:
    """The report's stored summary, written now if the report has none yet."""
    try:
        return report.summary
    except ReportSummary.DoesNotExist:
        from ..summaries import summarise

        return summarise(AnnualReportPage.objects.get(pk=report.pk))


def _published_on(report: AnnualReportPage) -> datetime.date | None:
    if report.first_published_at is None:
        return None
    return timezone.localdate(report.first_published_at)


def _live_document(report: AnnualReportPage, column: DisclosureIndexPage) -> ReportDocument | None:
    return _summary(report).live(column, report.year, _published_on(report))


def _latest_document(report: AnnualReportPage, column: DisclosureIndexPage) -> ReportDocument:
    """The report as its latest revision holds it (the live content when there is no newer)."""
    summary = _summary(report)
    document = summary.latest(column)
    if document is None:
        document = summary.live(column, report.year, _published_on(report))
    if document is None:
        # A summary written before the report had content: write it again.
        from ..summaries import summarise

        document = summarise(AnnualReportPage.objects.get(pk=report.pk)).latest(column)
    assert document is not None
    return document


#: The page fields the board reads of each report (never its tables or revisions).
REPORT_FIELDS = (
    "id",
    "path",
    "depth",
    "title",
    "draft_title",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "year",
    "format_key",
    "alias_of_id",
)
COLUMN_FIELDS = (
    "id",
    "path",
    "depth",
    "title",
    "draft_title",
    "agency_name",
    "uscc",
    "level",
    "kind",
)


def build_board(
    year: int, today: datetime.date | None = None, county: int | None = None
) -> StatusBoard:
    """The board for ``year`` as of ``today`` (default: today's date).

    ``county``: the id of a county government's column, for that county's
    agencies only and the roll-up of its own departments. Without it, every
    agency of the portal, each county's roll-up and the portal's.
    """
    today = today or timezone.localdate()
    report_format = format_for_year(year)
    columns = list(
        DisclosureIndexPage.objects.filter(alias_of__isnull=True)
        .order_by("path")
        .only(*COLUMN_FIELDS)
    )
    columns_by_path = {column.path: column for column in columns}
    county_map = CountyMap(columns)
    county_of = {column.pk: county_map.county_of(column) for column in columns}
    selected = next((c for c in county_map.governments if c.pk == county), None)
    if selected is not None:
        columns = [column for column in columns if county_of[column.pk] is selected]

    reports = (
        AnnualReportPage.objects.filter(year=year, alias_of__isnull=True)
        .select_related("summary")
        .only(*REPORT_FIELDS, "summary")
        .order_by("path")
    )
    this_year: dict[int, AnnualReportPage] = {}
    for report in reports:
        column = nearest_column(report.path, columns_by_path)
        if column is None:
            continue
        _with_column(report, column)
        # One report per agency and year; should two exist, the live one counts.
        kept = this_year.get(column.pk)
        if kept is None or (report.live and not kept.live):
            this_year[column.pk] = report

    rows = [_status(column, this_year.get(column.pk), year, today) for column in columns]
    counties = [
        _county_rollup(government, rows, county_of, this_year, year, report_format)
        for government in county_map.governments
        if selected is None or government is selected
    ]
    if selected is not None:
        county_comparison = counties[0]
        rollup = county_comparison.rollup
    else:
        # One county on the portal: its comparison is the portal's.
        county_comparison = counties[0] if len(counties) == 1 else None
        rollup = _portal_rollup(rows, counties, county_of, year, report_format, county_comparison)
    return StatusBoard(
        year,
        today,
        report_format,
        rows,
        rollup,
        county_comparison,
        counties=counties,
        selected_county=selected,
        county_choices=county_map.governments,
    )


def _portal_rollup(
    rows: list[AgencyStatus],
    counties: list[CountyComparison],
    county_of: dict[int, DisclosureIndexPage | None],
    year: int,
    report_format: ReportFormat,
    only_county: CountyComparison | None,
) -> Rollup:
    """The sum of every published report but the county governments' own.

    A county government's report covers its departments: adding it to theirs
    would count each application twice. The counties' roll-ups are added up
    (each report is read once), with the reports of agencies in no county.
    """
    outside = sum_documents(
        (
            row.document
            for row in rows
            if row.state.published
            and row.document is not None
            and county_of[row.column.pk] is None
            and not _is_county_government(row.column)
        ),
        year=year,
        agency="",
        report_format=report_format,
    )
    government = only_county.column if only_county else None
    return merge_rollups(
        [*(county.rollup for county in counties if county.rollup is not None), outside],
        year=year,
        agency=government.agency_name if government else "",
        report_format=report_format,
        agency_level=AgencyLevel.COUNTY if government else None,
        agency_kind=AgencyKind.GOVERNMENT if government else None,
    )


def _county_rollup(
    government: DisclosureIndexPage,
    rows: list[AgencyStatus],
    county_of: dict[int, DisclosureIndexPage | None],
    this_year: dict[int, AnnualReportPage],
    year: int,
    report_format: ReportFormat,
) -> CountyComparison:
    """One county: the sum of its own agencies' published reports against its government's."""
    rollup = sum_documents(
        (
            row.document
            for row in rows
            if row.state.published
            and row.document is not None
            and row.column is not government
            and county_of[row.column.pk] is government
        ),
        year=year,
        agency=government.agency_name,
        report_format=report_format,
        agency_level=AgencyLevel.COUNTY,
        agency_kind=AgencyKind.GOVERNMENT,
    )
    return _compare_county(government, this_year.get(government.pk), rollup)


def _status(
    column: DisclosureIndexPage,
    report: AnnualReportPage | None,
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
    live = _live_document(report, column) if report.live else None
    if live is not None:
        due = deadline(live)
        late = bool(late_publication(live))
        return AgencyStatus(
            column,
            ReportState.LATE if late else ReportState.ON_TIME,
            due,
            report=report,
            published=live.published,
            has_unpublished_changes=report.has_unpublished_changes,
            document=live,
        )
    document = _latest_document(report, column)
    # Counted when the draft was saved (and again when last year's report changed).
    errors = _summary(report).latest_errors
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
        return CountyComparison(column, None, None, False, [], rollup)
    published = report.live and not report.has_unpublished_changes
    document = _live_document(report, column) if published else _latest_document(report, column)
    differences: list[Difference] = []
    if document is not None and document.format.key == rollup.document.format.key:
        differences = compare(rollup.document, document)
    return CountyComparison(column, report, document, published, differences, rollup)


def summary_counts(rows: Iterable[AgencyStatus]) -> dict[str, int]:
    """``{state: count}`` for every state (for the dashboard panel and tests)."""
    counts = {state.value: 0 for state in ReportState}
    for row in rows:
        counts[row.state.value] += 1
    return counts
