"""The county roll-up: the sum of the agencies' reports, and how another report differs.

Pure Python over :class:`~wagtail_govdisclosure.interchange.ReportDocument`
(no database, no Wagtail). Every cell of the format is summed on its own, so
the sum of reports whose totals and balances hold satisfies the same rules:
each rule is linear (``sum(left) == sum(right)``) and a sum of solutions of a
linear equation is a solution. To keep that true, a report that cannot be
summed cell by cell (another format, or a cell that is not a number) is left
out of the sum and listed with the reason, never half-added.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from .checks.labels import cell_name, column_title, number_text, row_title
from .checks.plan import _WHOLE_NUMBER_KINDS, plan, read_tables
from .formats import CURRENT, AgencyKind, AgencyLevel, ReportFormat
from .formats.base import Cell
from .formats.values import read_cell, to_json_value
from .interchange import ReportDocument, blank_tables

Number = int | Decimal


@dataclass(frozen=True)
class Exclusion:
    """A report left out of the sum, and why (a message in the active language)."""

    agency: str
    reason: str


@dataclass
class Rollup:
    """The sum of several reports of one year and format.

    ``document`` holds the sum in every cell (0 where no report was summed);
    ``agencies`` names the reports summed, ``excluded`` those left out.
    """

    document: ReportDocument
    agencies: list[str] = field(default_factory=list)
    excluded: list[Exclusion] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.agencies)


def sum_documents(
    documents: Iterable[ReportDocument],
    *,
    year: int,
    agency: str,
    report_format: ReportFormat = CURRENT,
    agency_level: AgencyLevel | None = None,
    agency_kind: AgencyKind | None = None,
) -> Rollup:
    """Add up ``documents`` cell by cell into a document of ``agency`` for ``year``.

    A document of another year or format, or with any cell that is not a
    number, is excluded (see :class:`Rollup`). Counts stay ints and amounts
    Decimals, in interchange JSON form (amounts as strings).
    """
    cells = report_format.cells
    # Each cell's reference built once, not once per report and cell.
    refs = [(cell, cell.ref) for cell in cells]
    sums: dict[str, Number] = {ref: 0 for _cell, ref in refs}
    rollup = Rollup(
        ReportDocument(
            report_format,
            year,
            agency,
            blank_tables(report_format),
            agency_level=agency_level,
            agency_kind=agency_kind,
        )
    )
    for document in documents:
        reason = _exclusion_reason(document, report_format, year)
        readings = None
        if reason is None:
            whole = _whole_numbers(report_format, document.tables)
            if whole is not None:
                # The common case: every cell a number.
                for ref, value in whole:
                    sums[ref] += value
                rollup.agencies.append(document.agency)
                continue
            readings = read_tables(report_format, document.tables)
            wrong = [cell for cell, ref in refs if not readings[ref].ok]
            if wrong:
                reason = ngettext(
                    "%(count)s cell is not a number: table %(table)s, %(cell)s.",
                    "%(count)s cells are not numbers (the first: table %(table)s, %(cell)s).",
                    len(wrong),
                ) % {
                    "count": len(wrong),
                    "table": wrong[0].table.number,
                    "cell": cell_name(wrong[0]),
                }
        if reason is not None:
            rollup.excluded.append(Exclusion(document.agency, reason))
            continue
        assert readings is not None
        for _cell, ref in refs:
            sums[ref] += readings[ref].value  # type: ignore[operator]
        rollup.agencies.append(document.agency)
    for cell, ref in refs:
        rollup.document.set(ref, to_json_value(sums[ref], cell.column))
    return rollup


def _whole_numbers(report_format: ReportFormat, tables: dict) -> list[tuple[str, Number]] | None:
    """``(ref, value)`` of every cell when each reads as a number, else ``None``.

    Reads as :func:`~wagtail_govdisclosure.checks.plan.read_tables` would, without
    building a reading per cell for the common non-negative int of a count column.
    """
    values: list[tuple[str, Number]] = []
    empty: dict = {}
    for table_key, row_key, entries in plan(report_format).rows:
        row = tables.get(table_key, empty).get(row_key, empty)
        for column_key, ref, column in entries:
            raw = row.get(column_key)
            if type(raw) is int and raw >= 0 and column.kind in _WHOLE_NUMBER_KINDS:
                values.append((ref, raw))
                continue
            reading = read_cell(raw, column)
            if not reading.ok:
                return None
            values.append((ref, reading.value))  # type: ignore[arg-type]
    return values


def _exclusion_reason(
    document: ReportDocument, report_format: ReportFormat, year: int
) -> str | None:
    if document.format.key != report_format.key:
        return _("The report follows another format (%(reference)s).") % {
            "reference": document.format.reference
        }
    if document.year != year:
        return _("The report is for %(year)s.") % {"year": document.year}
    return None


@dataclass(frozen=True)
class Difference:
    """A cell where a report differs from the roll-up.

    ``expected`` is the roll-up's number, ``actual`` what the report says (a
    number, or the raw text of a cell that is not one); ``delta`` is
    ``actual - expected`` when both are numbers.
    """

    cell: Cell
    expected: Number
    actual: object
    delta: Number | None

    @property
    def ref(self) -> str:
        return self.cell.ref

    @property
    def expected_text(self) -> str:
        return number_text(self.expected)

    @property
    def actual_text(self) -> str:
        """The report's cell as written: a number as a clerk writes it, else the raw text."""
        if self.actual is None:
            return ""
        if isinstance(self.actual, int | Decimal):
            return number_text(self.actual)
        return str(self.actual)

    @property
    def delta_text(self) -> str:
        """The difference with its sign (``+2``, ``-0.5``), empty when it is not a number."""
        if self.delta is None:
            return ""
        return f"+{number_text(self.delta)}" if self.delta > 0 else number_text(self.delta)

    @property
    def table_title(self) -> str:
        """「表三 收到和处理政府信息公开申请情况」-like: the table's number and title."""
        table = self.cell.table
        return pgettext("report table caption", "Table %(number)s %(title)s") % {
            "number": table.number,
            "title": table.title,
        }

    @property
    def row_title(self) -> str:
        """The row's label, as the checks name it (verbatim, with its group if needed)."""
        return row_title(self.cell.table, self.cell.row.key)

    @property
    def column_title(self) -> str:
        """The column's label, as the checks name it."""
        return column_title(self.cell.band, self.cell.column.key)


def compare(rollup: ReportDocument, report: ReportDocument) -> list[Difference]:
    """Every cell of ``report`` that differs from ``rollup``, in the form's order.

    Both documents must follow the same format (``ValueError`` otherwise).
    """
    if rollup.format.key != report.format.key:
        raise ValueError(
            f"Cannot compare a {rollup.format.key} roll-up with a {report.format.key} report."
        )
    report_format = rollup.format
    expected = read_tables(report_format, rollup.tables)
    actual = read_tables(report_format, report.tables)
    differences = []
    for cell in report_format.cells:
        want = expected[cell.ref]
        have = actual[cell.ref]
        if not want.ok:
            raise ValueError(f"The roll-up's cell {cell.ref} is not a number.")
        if have.ok:
            if have.value == want.value:
                continue
            differences.append(
                Difference(cell, want.value, have.value, have.value - want.value)  # type: ignore[operator]
            )
        else:
            differences.append(Difference(cell, want.value, have.raw, None))  # type: ignore[arg-type]
    return differences


def merge_rollups(
    rollups: Iterable[Rollup],
    *,
    year: int,
    agency: str,
    report_format: ReportFormat = CURRENT,
    agency_level: AgencyLevel | None = None,
    agency_kind: AgencyKind | None = None,
) -> Rollup:
    """The sum of several roll-ups of ``year`` (each summed once, not its reports again).

    The agencies summed and the reports left out are those of the parts, in order.
    """
    parts = list(rollups)
    merged = sum_documents(
        (part.document for part in parts),
        year=year,
        agency=agency,
        report_format=report_format,
        agency_level=agency_level,
        agency_kind=agency_kind,
    )
    merged.agencies = [name for part in parts for name in part.agencies]
    merged.excluded = [exclusion for part in parts for exclusion in part.excluded]
    return merged


__all__ = ["Difference", "Exclusion", "Rollup", "compare", "merge_rollups", "sum_documents"]
