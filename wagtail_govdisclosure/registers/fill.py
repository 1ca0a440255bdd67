"""Computing tables 三 and 四 of an annual report from the registers.

For agency *A* and year *Y* (1 January to 31 December), counted in the database with
one aggregate query per table, grouped by applicant type or case type:

* ``received`` — applications received in *Y*;
* ``carried_over_in`` — received before *Y* and still open on 1 January of *Y*;
* each outcome row (``disclosed`` … ``other_handling``) — applications closed in *Y*
  with that outcome, whenever received;
* ``carried_over_out`` — received by 31 December of *Y* and still open then;
* table 四 — cases filed in *Y*: by result when concluded by 31 December, else 尚未审结.

Every application counted is received by the end of *Y* and, by the register's
constraints, closed (with an outcome) no earlier than received, so it is either closed
within *Y* or open at its end: 一 + 二 = 三（七） + 四 holds in every column by
construction, and next year's 二 is this year's 四. Total cells are then computed from
the declaration's rules (:func:`~wagtail_govdisclosure.checks.fill_totals`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..blocks.tables import table_label
from ..checks import fill_totals
from ..checks.labels import cell_name
from ..formats import CURRENT, ReportFormat
from ..formats.base import Table
from ..formats.values import read_cell
from ..interchange import RawCell, ReportDocument
from .models import Application, ReviewCase
from .vocabulary import (
    APPLICANT_TYPES,
    CARRIED_OVER_IN,
    CARRIED_OVER_OUT,
    CASE_TYPES,
    OUTCOMES,
    PENDING,
    RECEIVED,
    RESULTS,
)

if TYPE_CHECKING:
    from wagtail.models import Revision

    from ..models import AnnualReportPage, DisclosureIndexPage

#: The tables the registers compute.
FILLED_TABLES = ("applications", "reviews")
#: Log action recorded on the report when its tables are filled from the registers.
FILL_LOG_ACTION = "wagtail_govdisclosure_registers.fill_tables"

TableValues = dict[str, dict[str, int]]


class FillError(Exception):
    """The tables cannot be filled (a message for the editor, already translated)."""


def _agency_id(agency: DisclosureIndexPage | int) -> int:
    return agency if isinstance(agency, int) else agency.pk


def _check_declaration(report_format: ReportFormat) -> tuple[Table, Table]:
    """The format's two tables, if their rows and columns are the registers' vocabulary."""
    try:
        applications = report_format.table("applications")
        reviews = report_format.table("reviews")
    except KeyError as exc:
        raise FillError(
            _("The format %(format)s has no table the registers can fill.")
            % {"format": report_format.reference}
        ) from exc
    rows = {row.key for row in applications.rows if not row.is_total}
    columns = {c.key for c in applications.columns_of(RECEIVED) if not c.is_total}
    review_rows = {row.key for row in reviews.rows if not row.is_total}
    review_columns = {c.key for c in reviews.columns_of(CASE_TYPES[0]) if not c.is_total}
    if (
        rows != {RECEIVED, CARRIED_OVER_IN, CARRIED_OVER_OUT, *OUTCOMES}
        or columns != set(APPLICANT_TYPES)
        or review_rows != set(CASE_TYPES)
        or review_columns != {*RESULTS, PENDING}
    ):
        raise FillError(
            _(
                "The registers record the rows and columns of the current format; the tables "
                "of the format %(format)s cannot be computed from them."
            )
            % {"format": report_format.reference}
        )
    return applications, reviews


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def application_counts(agency: DisclosureIndexPage | int, year: int) -> TableValues:
    """Table 三 without its totals: ``{row: {applicant type: count}}``, one query."""
    start, end = _year_bounds(year)
    counted = Application.objects.filter(agency_id=_agency_id(agency), received_on__lte=end).filter(
        Q(received_on__gte=start) | Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    )
    # Within ``counted``: received before the year ⇒ open on 1 January; closed ⇒ in the year.
    aggregates: dict[str, Any] = {
        f"n_{RECEIVED}": Count("pk", filter=Q(received_on__gte=start)),
        f"n_{CARRIED_OVER_IN}": Count("pk", filter=Q(received_on__lt=start)),
        f"n_{CARRIED_OVER_OUT}": Count(
            "pk", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=end)
        ),
    }
    for outcome in OUTCOMES:
        aggregates[f"n_{outcome}"] = Count("pk", filter=Q(outcome=outcome, closed_on__lte=end))
    values: TableValues = {
        row: dict.fromkeys(APPLICANT_TYPES, 0)
        for row in (RECEIVED, CARRIED_OVER_IN, *OUTCOMES, CARRIED_OVER_OUT)
    }
    for group in counted.values("applicant_type").annotate(**aggregates).order_by():
        column = group["applicant_type"]
        for row in values:
            values[row][column] = group[f"n_{row}"]
    return values


def review_counts(agency: DisclosureIndexPage | int, year: int) -> TableValues:
    """Table 四 without its totals: ``{case type: {result or pending: count}}``, one query."""
    start, end = _year_bounds(year)
    cases = ReviewCase.objects.filter(agency_id=_agency_id(agency), filed_on__range=(start, end))
    aggregates: dict[str, Any] = {
        f"n_{result}": Count("pk", filter=Q(result=result, closed_on__lte=end))
        for result in RESULTS
    }
    aggregates[f"n_{PENDING}"] = Count(
        "pk", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=end)
    )
    values: TableValues = {case: dict.fromkeys((*RESULTS, PENDING), 0) for case in CASE_TYPES}
    for group in cases.values("case_type").annotate(**aggregates).order_by():
        for column in values[group["case_type"]]:
            values[group["case_type"]][column] = group[f"n_{column}"]
    return values


def fill_report_tables(
    agency: DisclosureIndexPage | int, year: int, report_format: ReportFormat = CURRENT
) -> dict[str, dict[str, dict[str, int]]]:
    """Tables 三 (``applications``) and 四 (``reviews``) of ``agency`` for ``year``.

    Returns ``{table: {row: {column: int}}}`` with every row and column of the two
    tables, totals included, in interchange JSON form. Two queries.
    """
    applications, reviews = _check_declaration(report_format)
    document = ReportDocument.empty(year, "", report_format)
    counts = {
        applications.key: application_counts(agency, year),
        reviews.key: review_counts(agency, year),
    }
    for table_key, rows in counts.items():
        for row_key, columns in rows.items():
            for column_key, value in columns.items():
                document.tables[table_key][row_key][column_key] = value
    fill_totals(document)
    return {key: document.tables[key] for key in FILLED_TABLES}  # type: ignore[return-value]


# --- applying the result to a report ----------------------------------------------


@dataclass(frozen=True)
class CellChange:
    """One cell the registers change: where it is on the form, what it held, what it gets."""

    ref: str
    table: str
    cell: str
    old: RawCell
    new: int


@dataclass
class ReportFill:
    """The tables computed for a report's draft, and the cells they change."""

    page: AnnualReportPage
    draft: AnnualReportPage
    tables: dict[str, dict[str, dict[str, int]]]
    changes: list[CellChange] = field(default_factory=list)
    #: The latest revision the computation started from (``None`` for a page without any).
    base_revision_id: int | None = None

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)


def report_agency(page: AnnualReportPage) -> DisclosureIndexPage:
    column = page.get_column()
    if column is None:
        raise FillError(_("The report is not inside an agency's disclosure column."))
    return column


def plan_report_fill(page: AnnualReportPage) -> ReportFill:
    """Compute the tables for ``page``'s agency and year against its latest draft."""
    agency = report_agency(page)
    draft = page.get_latest_revision_as_object()
    report_format = draft.report_format
    tables = fill_report_tables(agency, draft.year, report_format)
    current = draft.get_tables()
    changes = []
    for table_key in FILLED_TABLES:
        table = report_format.table(table_key)
        for cell in table.cells:
            old = current[table_key][cell.row.key][cell.column.key]
            new = tables[table_key][cell.row.key][cell.column.key]
            reading = read_cell(old, cell.column)
            if not (reading.ok and reading.value == new):
                changes.append(CellChange(cell.ref, table_label(table), cell_name(cell), old, new))
    latest = page.get_latest_revision()
    return ReportFill(page, draft, tables, changes, latest.pk if latest else None)


def apply_report_fill(fill: ReportFill, user: Any = None) -> Revision | None:
    """Save the computed tables as a new draft revision of the report (not published).

    Returns the revision, or ``None`` when no cell changes. The other tables, the text
    and everything else of the latest draft are kept.
    """
    if not fill.has_changes:
        return None
    draft = fill.draft
    document = draft.get_document()
    for table_key in FILLED_TABLES:
        document.tables[table_key] = fill.tables[table_key]  # type: ignore[assignment]
    draft.set_document(document)
    with transaction.atomic():
        revision = draft.save_revision(user=user, log_action=True)
        log(
            instance=fill.page,
            action=FILL_LOG_ACTION,
            user=user,
            revision=revision,
            data={"changed": len(fill.changes), "year": draft.year},
        )
    return revision
