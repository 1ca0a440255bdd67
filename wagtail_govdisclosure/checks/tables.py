"""Checks on the tables alone: cell values and the format's arithmetic rules.

The arithmetic is not written here: it is the format's
:attr:`~..formats.base.ReportFormat.rules` (derived from the declared totals
and balances), each carrying the check code that reports it. A rule is judged
only when all its cells are valid numbers: a blank or invalid cell is reported
once, by ``blank_cell`` or ``invalid_number``, and not again through every
total it belongs to.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..formats.base import ReportFormat, SumRule
from ..formats.values import CellReading, CellStatus
from .base import CHECKS, CODE_ORDER, Finding
from .labels import cell_name, column_name, join_and, number_text, parts_phrase, quoted
from .labels import row_title as _row_title
from .plan import plan, read_tables
from .totals import computed_totals

Number = int | Decimal


def _raw_text(raw: object) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, Decimal):
        return format(raw, "f")
    return str(raw)


def cell_findings(
    report_format: ReportFormat,
    readings: Mapping[str, CellReading],
    refs: Iterable[str] | None = None,
) -> list[Finding]:
    """``blank_cell`` and ``invalid_number``: one finding per cell that is not a number.

    ``refs`` limits the check to some cells (default: every cell of the format).
    A blank total whose parts are all numbers names the value it should hold.
    """
    cells = plan(report_format).cells
    computed: Mapping[str, Number | None] | None = None
    findings = []
    for ref in cells if refs is None else refs:
        reading = readings[ref]
        if reading.ok:
            continue
        cell = cells[ref]
        name = cell_name(cell)
        raw = _raw_text(reading.raw)
        if reading.is_blank:
            expected = None
            if cell.is_total:
                if computed is None:
                    computed = computed_totals(report_format, readings)
                expected = computed.get(ref)
            if expected is not None:
                message = _("%(cell)s is blank; as a total it should be %(expected)s.") % {
                    "cell": name,
                    "expected": number_text(expected),
                }
            elif reading.status is CellStatus.PLACEHOLDER:
                message = _(
                    "%(cell)s holds “%(value)s” instead of a number. "
                    "Write 0 where there is nothing to report."
                ) % {"cell": name, "value": str(reading.raw).strip()}
            else:
                message = _("%(cell)s is blank. Write 0 where there is nothing to report.") % {
                    "cell": name
                }
            findings.append(
                Finding(
                    "blank_cell",
                    CHECKS["blank_cell"].severity,
                    (ref,),
                    expected,
                    raw,
                    capfirst(message),
                )
            )
            continue
        values = {"cell": name, "value": raw}
        if reading.status is CellStatus.NEGATIVE:
            message = _("%(cell)s is negative (%(value)s); it must be 0 or more.") % values
        elif reading.status is CellStatus.FRACTION:
            message = _("%(cell)s is %(value)s; a count must be a whole number.") % values
        elif reading.status is CellStatus.TOO_PRECISE:
            message = _(
                "%(cell)s is %(value)s; this amount takes at most %(decimals)s decimal places."
            ) % {**values, "decimals": cell.column.decimals}
        else:
            message = _("%(cell)s holds “%(value)s”, which is not a number.") % values
        findings.append(
            Finding(
                "invalid_number",
                CHECKS["invalid_number"].severity,
                (ref,),
                None,
                raw,
                capfirst(message),
            )
        )
    return findings


def rule_findings(
    report_format: ReportFormat,
    readings: Mapping[str, CellReading],
    table_key: str | None = None,
) -> list[Finding]:
    """One finding per arithmetic rule that does not hold (rules with a non-number skipped)."""
    numbers = {ref: reading.value for ref, reading in readings.items() if reading.ok}
    findings = []
    for rule, left_refs, right_refs in plan(report_format).rules:
        if table_key is not None and rule.table != table_key:
            continue
        try:
            left = sum(numbers[ref] for ref in left_refs)  # type: ignore[misc]
            right = sum(numbers[ref] for ref in right_refs)  # type: ignore[misc]
        except KeyError:
            continue  # a blank or invalid cell, reported on its own
        if left != right:
            findings.append(rule_finding(rule, left, right))
    return findings


def rule_finding(rule: SumRule, left: Number, right: Number) -> Finding:
    info = CHECKS.get(rule.check)
    if info is None:
        raise LookupError(f"The format declares a rule with the unknown check code {rule.check!r}.")
    refs = tuple(cell.ref for cell in rule.cells)
    if rule.total is not None:
        # A total: expected is the sum of the parts, actual what the total says.
        message = _("%(cell)s should be %(expected)s, the sum of %(parts)s, but is %(actual)s.") % {
            "cell": cell_name(rule.total),
            "expected": number_text(right),
            "parts": parts_phrase(rule.right),
            "actual": number_text(left),
        }
        return Finding(rule.check, info.severity, refs, right, left, capfirst(message))
    # A balance between rows, in one column: expected is the left side, actual the right.
    first = rule.left[0]
    message = _(
        "In %(column)s, %(left)s add up to %(left_sum)s but %(right)s add up to "
        "%(right_sum)s; the two must be equal."
    ) % {
        "column": column_name(first.table, first.band, first.column.key),
        "left": join_and([quoted(_row_title(c.table, c.row.key)) for c in rule.left]),
        "left_sum": number_text(left),
        "right": join_and([quoted(_row_title(c.table, c.row.key)) for c in rule.right]),
        "right_sum": number_text(right),
    }
    return Finding(rule.check, info.severity, refs, left, right, capfirst(message))


def check_table_values(
    report_format: ReportFormat, table_key: str, rows: Mapping[str, Mapping[str, object]]
) -> list[Finding]:
    """``blank_cell``, ``invalid_number`` and the arithmetic rules of one table alone.

    For an editor block that holds one table: ``rows`` is ``{row: {column: raw}}``
    as in the interchange JSON. Findings are sorted like :func:`run_checks`'s.
    """
    table = report_format.table(table_key)
    readings = read_tables(report_format, {table_key: rows})
    findings = cell_findings(report_format, readings, (cell.ref for cell in table.cells))
    findings += rule_findings(report_format, readings, table_key)
    return sort_findings(report_format, findings)


def sort_findings(report_format: ReportFormat, findings: Iterable[Finding]) -> list[Finding]:
    """Findings in a stable order: those about the whole report first, then by the
    position of their first cell (table, row, column in the form's order), then code."""
    positions = _positions(report_format)
    unplaced = (-1, 0, 0)

    def key(finding: Finding) -> tuple:
        place = next((positions[r] for r in finding.cells if r in positions), unplaced)
        return (
            *place,
            CODE_ORDER.get(finding.code, len(CODE_ORDER)),
            finding.code,
            finding.cells,
            finding.message,
        )

    return sorted(findings, key=key)


@functools.cache
def _positions(report_format: ReportFormat) -> dict[str, tuple[int, int, int]]:
    positions = {}
    for t, table in enumerate(report_format.tables):
        rows = {row.key: index for index, row in enumerate(table.rows)}
        for cell in table.cells:
            columns = cell.band.leaf_columns
            positions[cell.ref] = (t, rows[cell.row.key], columns.index(cell.column))
    return positions
