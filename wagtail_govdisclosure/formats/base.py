"""The vocabulary for declaring a national annual-report format as data.

A format is a tree of plain frozen dataclasses: sections, tables, bands, rows
and columns, with row/column groups for the printed spanning headers and
``total_of`` on the cells that are sums. Everything else (editor blocks,
rendering, checks, interchange JSON, import, PDF) reads a declaration through
the helpers here and in :mod:`wagtail_govdisclosure.formats.layout`; nothing
else in the project spells a label or a key of the form.

Labels are the legal text of the form and are kept verbatim in Chinese: they
are data, never translation msgids.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property


class CellKind(enum.StrEnum):
    """What a cell holds."""

    #: A non-negative whole number (件, 个).
    COUNT = "count"
    #: A whole number that may be negative (the 2019 format's 本年增/减).
    SIGNED_COUNT = "signed_count"
    #: A non-negative decimal amount, written as a string in JSON.
    AMOUNT = "amount"


class Layout(enum.StrEnum):
    """How a table is printed."""

    #: One printed line per row, labels on the left, one printed column per column.
    ROWS = "rows"
    #: All rows side by side on a single printed line, each row a column group
    #: (the 行政复议/行政诉讼 table).
    ACROSS = "across"


class AgencyLevel(enum.StrEnum):
    """Administrative level of an organ; the keys are the interchange JSON's."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"


class AgencyKind(enum.StrEnum):
    """Whether an organ is a people's government itself or one of its departments."""

    GOVERNMENT = "government"
    DEPARTMENT = "department"


@dataclass(frozen=True)
class Column:
    """A numeric column of a band.

    ``total_of`` names the columns (of the same band) whose sum this column
    must equal on every row; ``check`` is the check code reporting it.
    """

    key: str
    label: str
    kind: CellKind = CellKind.COUNT
    unit: str = ""
    total_of: tuple[str, ...] = ()
    check: str = ""
    #: Decimal places allowed for an amount.
    decimals: int = 0

    @property
    def is_total(self) -> bool:
        return bool(self.total_of)


@dataclass(frozen=True)
class ColumnGroup:
    """A printed header spanning the columns below it (e.g. 法人或其他组织)."""

    label: str
    children: tuple[Column | ColumnGroup, ...]


@dataclass(frozen=True)
class Row:
    """A numeric row. ``total_of`` names the rows whose sum it equals per column."""

    key: str
    label: str
    total_of: tuple[str, ...] = ()
    check: str = ""
    #: Other ways real reports write the label (「规范性文件」); an importer reads
    #: them as this row and says so in a warning.
    variants: tuple[str, ...] = ()

    @property
    def is_total(self) -> bool:
        return bool(self.total_of)


@dataclass(frozen=True)
class RowGroup:
    """A heading line carrying no numbers (e.g. （三）不予公开) over its rows."""

    label: str
    children: tuple[Row | RowGroup, ...]
    #: The row (a key among the children) that takes the figures when a report
    #: prints the group as a single line of figures, as an older format did;
    #: the other children are then zero.
    single_line_row: str = ""


@dataclass(frozen=True)
class Balance:
    """An equation between rows that holds in every column.

    ``sum(left) == sum(right)``, e.g. 一 + 二 = 三（七） + 四 in the applications table.
    """

    check: str
    left: tuple[str, ...]
    right: tuple[str, ...]


@dataclass(frozen=True)
class Band:
    """A block of rows sharing one set of columns.

    Most tables have a single band. Table 二 has four, each headed by the
    article of the regulations it reports on and repeating its own header line
    ``stub_label | column labels``.
    """

    rows: tuple[Row | RowGroup, ...]
    columns: tuple[Column | ColumnGroup, ...]
    heading: str = ""
    stub_label: str = ""

    @cached_property
    def leaf_rows(self) -> tuple[Row, ...]:
        return tuple(_leaves(self.rows))

    @cached_property
    def leaf_columns(self) -> tuple[Column, ...]:
        return tuple(_leaves(self.columns))

    def row_path(self, row_key: str) -> tuple[str, ...]:
        """Labels of the row groups above ``row_key``, outermost first."""
        return _path(self.rows, row_key) or ()


@dataclass(frozen=True)
class Cell:
    """One numeric cell of a table: its row and column, as declared."""

    table: Table
    band: Band
    row: Row
    column: Column

    @property
    def ref(self) -> str:
        """The public reference ``table.row.column`` used in findings and paths."""
        return f"{self.table.key}.{self.row.key}.{self.column.key}"

    @property
    def is_total(self) -> bool:
        return self.row.is_total or self.column.is_total


@dataclass(frozen=True, eq=False)
class Table:
    """A standard table: its key, title, printed layout and bands."""

    key: str
    number: str
    title: str
    bands: tuple[Band, ...]
    layout: Layout = Layout.ROWS
    #: Verbatim note printed in the header (the applications table's 勾稽关系).
    note: str = ""
    balances: tuple[Balance, ...] = ()

    def __hash__(self) -> int:
        return hash(self.key)

    @cached_property
    def rows(self) -> tuple[Row, ...]:
        """Every numeric row, in printed order."""
        return tuple(row for band in self.bands for row in band.leaf_rows)

    @cached_property
    def cells(self) -> tuple[Cell, ...]:
        """Every numeric cell, row by row in printed order."""
        return tuple(
            Cell(self, band, row, column)
            for band in self.bands
            for row in band.leaf_rows
            for column in band.leaf_columns
        )

    @cached_property
    def _cells_by_ref(self) -> dict[tuple[str, str], Cell]:
        return {(c.row.key, c.column.key): c for c in self.cells}

    def cell(self, row_key: str, column_key: str) -> Cell:
        return self._cells_by_ref[(row_key, column_key)]

    def band_of(self, row_key: str) -> Band:
        for band in self.bands:
            if any(row.key == row_key for row in band.leaf_rows):
                return band
        raise KeyError(row_key)

    def columns_of(self, row_key: str) -> tuple[Column, ...]:
        return self.band_of(row_key).leaf_columns

    def row(self, row_key: str) -> Row:
        for row in self.rows:
            if row.key == row_key:
                return row
        raise KeyError(row_key)

    def labels(self) -> Iterator[str]:
        """Every verbatim label the printed table shows (for import recognition)."""
        if self.note:
            yield self.note
        for band in self.bands:
            if band.heading:
                yield band.heading
            if band.stub_label:
                yield band.stub_label
            yield from _labels(band.rows)
            yield from _labels(band.columns)


@dataclass(frozen=True)
class Section:
    """One of the report's numbered parts, with its table if it has one."""

    key: str
    title: str
    table: str = ""
    #: Whether a report may leave the narrative empty (sections that are a table).
    narrative_optional: bool = False


@dataclass(frozen=True)
class SumRule:
    """``sum(left) == sum(right)`` over cell refs, reported with ``check``.

    A rule derived from a total cell has that cell alone on the left
    (``total``); a balance has several cells on each side and no single total.
    """

    check: str
    table: str
    left: tuple[Cell, ...]
    right: tuple[Cell, ...]

    @property
    def total(self) -> Cell | None:
        """The cell this rule computes, if the rule is a plain total."""
        return self.left[0] if len(self.left) == 1 and self.left[0].is_total else None

    @property
    def cells(self) -> tuple[Cell, ...]:
        return self.left + self.right


@dataclass(frozen=True, eq=False)
class ReportFormat:
    """A national annual-report format: a declaration, not code."""

    key: str
    name: str
    reference: str
    first_year: int
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    last_year: int | None = None
    #: Key of the format that replaced this one, if it is superseded.
    superseded_by: str = ""
    report_title: str = "{agency}{year}年政府信息公开工作年度报告"
    extra: dict[str, str] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash(self.key)

    @property
    def is_current(self) -> bool:
        return not self.superseded_by

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    @cached_property
    def cells(self) -> tuple[Cell, ...]:
        return tuple(cell for table in self.tables for cell in table.cells)

    @cached_property
    def rules(self) -> tuple[SumRule, ...]:
        """Every arithmetic rule of the format, derived from the declared totals."""
        rules: list[SumRule] = []
        for table in self.tables:
            for band in table.bands:
                for row in band.leaf_rows:
                    for column in band.leaf_columns:
                        if column.total_of:
                            rules.append(
                                SumRule(
                                    column.check,
                                    table.key,
                                    (table.cell(row.key, column.key),),
                                    tuple(table.cell(row.key, k) for k in column.total_of),
                                )
                            )
                for row in band.leaf_rows:
                    if not row.total_of:
                        continue
                    for column in band.leaf_columns:
                        rules.append(
                            SumRule(
                                row.check,
                                table.key,
                                (table.cell(row.key, column.key),),
                                tuple(table.cell(k, column.key) for k in row.total_of),
                            )
                        )
            for balance in table.balances:
                for column in table.columns_of(balance.left[0]):
                    rules.append(
                        SumRule(
                            balance.check,
                            table.key,
                            tuple(table.cell(k, column.key) for k in balance.left),
                            tuple(table.cell(k, column.key) for k in balance.right),
                        )
                    )
        return tuple(rules)

    def title_for(self, agency: str, year: int) -> str:
        return self.report_title.format(agency=agency, year=year)

    def labels(self) -> set[str]:
        """Every verbatim label of every table and section title."""
        found = {section.title for section in self.sections}
        for table in self.tables:
            found.update(table.labels())
        return found


def _leaves(nodes: tuple) -> Iterator:
    for node in nodes:
        if isinstance(node, RowGroup | ColumnGroup):
            yield from _leaves(node.children)
        else:
            yield node


def _labels(nodes: tuple) -> Iterator[str]:
    for node in nodes:
        yield node.label
        if isinstance(node, RowGroup | ColumnGroup):
            yield from _labels(node.children)


def _path(nodes: tuple, key: str) -> tuple[str, ...] | None:
    for node in nodes:
        if isinstance(node, RowGroup):
            below = _path(node.children, key)
            if below is not None:
                return (node.label, *below)
        elif node.key == key:
            return ()
    return None


def leaf_keys(nodes: tuple) -> tuple[str, ...]:
    """Keys of the rows or columns under ``nodes``, in order."""
    return tuple(node.key for node in _leaves(nodes))

