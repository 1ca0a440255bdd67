"""Computing total cells from their parts (the editor's “fill totals” action).

Everything comes from the format's :attr:`~..formats.base.ReportFormat.rules`:
a rule whose left side is a single total cell says how to compute that cell.
A total may be the part of another total (（七）总计 of every column, then its
总计), so totals are computed from the leaves up. A total is computed only when
every number it depends on is a valid number; otherwise it is left as it is
(the blank or invalid part is reported by ``blank_cell``/``invalid_number``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from ..formats.base import ReportFormat
from ..formats.values import CellReading, to_json_value
from .plan import plan, read_tables

if TYPE_CHECKING:
    from ..interchange import ReportDocument

Number = int | Decimal


def computed_totals(
    report_format: ReportFormat, readings: Mapping[str, CellReading]
) -> dict[str, Number | None]:
    """Each total cell → the sum of its parts, or ``None`` where a number it needs is missing."""
    totals = plan(report_format).totals
    memo: dict[str, Number | None] = {}

    def value(ref: str, visiting: frozenset[str]) -> Number | None:
        if ref not in totals:
            reading = readings[ref]
            return reading.value if reading.ok else None
        if ref in memo:
            return memo[ref]
        if ref in visiting:  # a cyclic declaration: refuse rather than recurse forever
            return None
        result = None
        for parts in totals[ref]:
            values = [value(part, visiting | {ref}) for part in parts]
            if all(v is not None for v in values):
                result = sum(values)  # type: ignore[arg-type]
                break
        memo[ref] = result
        return result

    return {ref: value(ref, frozenset()) for ref in totals}


def compute_totals(document: ReportDocument) -> dict[str, int | str]:
    """The total cells of ``document`` that differ from the sum of their parts → that sum.

    Only cells that are totals (:attr:`Cell.is_total`) whose parts are all valid
    numbers; values in interchange JSON form (counts as ints, amounts as strings).
    The document is not changed.
    """
    report_format = document.format
    readings = read_tables(report_format, document.tables)
    cells = plan(report_format).cells
    changes: dict[str, int | str] = {}
    # In the form's order (the plan's totals follow the rules' order).
    computed = computed_totals(report_format, readings)
    for ref in cells:
        value = computed.get(ref)
        if value is None:
            continue
        reading = readings[ref]
        if reading.ok and reading.value == value:
            continue
        changes[ref] = to_json_value(value, cells[ref].column)  # type: ignore[assignment]
    return changes


def fill_totals(document: ReportDocument) -> dict[str, int | str]:
    """Write every computable total cell into ``document``; return ``{ref: new value}`` changed.

    Parts are never touched. When every part is a valid number the result passes
    every total rule; the balance of the applications table (一+二 = 三（七）+四)
    is made of parts and holds only if the parts do.
    """
    changes = compute_totals(document)
    for ref, value in changes.items():
        table, row, column = ref.split(".")
        document.tables.setdefault(table, {}).setdefault(row, {})[column] = value
    return changes
