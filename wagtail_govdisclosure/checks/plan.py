"""A format's cells and rules flattened once, so that a check run is a few dict lookups.

``run_checks`` runs on every save and keystroke-debounced preview of the editor;
walking the declaration's dataclasses and building ``table.row.column`` strings
for every cell on every run would dominate its time. The plan is built once per
format and shared.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from ..formats.base import Cell, CellKind, Column, ReportFormat, SumRule
from ..formats.values import CellReading, CellStatus, read_cell


@dataclass(frozen=True)
class FormatPlan:
    #: (table key, row key, ((column key, ref, column), ...)) in the form's order.
    rows: tuple[tuple[str, str, tuple[tuple[str, str, Column], ...]], ...]
    #: ref → declared cell.
    cells: Mapping[str, Cell]
    #: (rule, refs of its left side, refs of its right side), in declaration order.
    rules: tuple[tuple[SumRule, tuple[str, ...], tuple[str, ...]], ...]
    #: total cell ref → the part refs of each rule that computes it.
    totals: Mapping[str, tuple[tuple[str, ...], ...]]


@functools.cache
def plan(report_format: ReportFormat) -> FormatPlan:
    rows = []
    cells: dict[str, Cell] = {}
    for table in report_format.tables:
        for band in table.bands:
            for row in band.leaf_rows:
                entries = []
                for column in band.leaf_columns:
                    cell = table.cell(row.key, column.key)
                    cells[cell.ref] = cell
                    entries.append((column.key, cell.ref, column))
                rows.append((table.key, row.key, tuple(entries)))
    rules = tuple(
        (rule, tuple(c.ref for c in rule.left), tuple(c.ref for c in rule.right))
        for rule in report_format.rules
    )
    totals: dict[str, list[tuple[str, ...]]] = {}
    for rule, _left, right in rules:
        if rule.total is not None:
            totals.setdefault(rule.total.ref, []).append(right)
    return FormatPlan(
        tuple(rows), cells, rules, {ref: tuple(parts) for ref, parts in totals.items()}
    )


_WHOLE_NUMBER_KINDS = frozenset({CellKind.COUNT, CellKind.SIGNED_COUNT})


def read_tables(report_format: ReportFormat, tables: Mapping) -> dict[str, CellReading]:
    """Every cell of the format read from ``tables`` (a missing cell reads as blank)."""
    readings: dict[str, CellReading] = {}
    empty: dict = {}
    for table_key, row_key, entries in plan(report_format).rows:
        values = tables.get(table_key, empty).get(row_key, empty)
        for column_key, ref, column in entries:
            raw = values.get(column_key)
            # The common case, a non-negative int in a count column, without the general reader
            # (which gives the same reading).
            if type(raw) is int and raw >= 0 and column.kind in _WHOLE_NUMBER_KINDS:
                readings[ref] = CellReading(CellStatus.NUMBER, raw, raw)
            else:
                readings[ref] = read_cell(raw, column)
    return readings
