"""Editor blocks for the standard tables, generated from a format declaration.

The report's ``tables`` StreamField holds exactly one *format block*: a
:class:`FormatTablesBlock` whose block type names the format (``format_2021``)
and whose children are the format's tables, in order. A table is a
:class:`ReportTableBlock` with one :class:`RowBlock` per numeric row, and a row
has one :class:`CellBlock` per column of its band. Every level below the
stream is a StructBlock, so the shape is fixed: an editor cannot add, remove or
reorder a table, a row or a cell. Naming the block type after the format keeps
old reports readable when a new national format is declared: the new format
gets a new block type beside the old one.

Blocks deconstruct to their class and the declaration keys only, so migrations
stay small and stable; labels and layout come from the declaration at runtime.

Cells store what the checks read (:func:`~wagtail_govdisclosure.formats.values.read_cell`):
an ``int`` for a count, a decimal string for an amount, ``None`` for a blank,
and a placeholder such as 「/」 as the text the clerk typed (the checks report it
as ``blank_cell`` at publication). Text that is not a number at all is refused
even in a draft, with a message naming the cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail import blocks
from wagtail.blocks.struct_block import BlockGroup

from ..checks.labels import cell_name
from ..formats import FORMATS, CellKind, ReportFormat, RowGroup, get_format
from ..formats.base import Cell, Row, Table
from ..formats.values import CellStatus, normalise_text, read_cell, to_json_value
from ..interchange import RawCell, Tables

#: Block type names of the format blocks: ``format_<format key>``.
FORMAT_TYPE_PREFIX = "format_"

_MODULE = __name__


def format_block_type(format_key: str) -> str:
    """The block type of ``tables`` holding the tables of the format ``format_key``."""
    return f"{FORMAT_TYPE_PREFIX}{format_key}"


def format_key_of(block_type: str) -> str | None:
    """The format key of a block type of ``tables``, or ``None`` for another block type."""
    if block_type.startswith(FORMAT_TYPE_PREFIX):
        key = block_type[len(FORMAT_TYPE_PREFIX) :]
        return key if key in FORMATS else None
    return None


def stored_cell_value(raw: object, cell: Cell) -> RawCell:
    """What a cell stores for ``raw``: a number normalised, a blank as ``None``, else text.

    Normalising numbers here means 「１，２３４」 typed in the editor and ``1234``
    from an import are the same value in the database and the API.
    """
    reading = read_cell(raw, cell.column)
    if reading.ok:
        return to_json_value(reading.value, cell.column)
    if reading.status is CellStatus.BLANK:
        return None
    if isinstance(raw, str):
        return raw.strip()
    # Decimals and floats that are not valid numbers for the column (e.g. negative):
    # keep them as text so the checks can name them.
    return str(raw)


class CellBlock(blocks.FieldBlock):
    """One number of a standard table, as an office clerk types it.

    Accepts full-width digits and thousands separators (「１，２３４」). A draft
    may hold blanks and placeholders; text that is not a number, a negative
    number, a fraction in a count or too many decimal places in an amount is
    refused at once with a message naming the row and the column.
    """

    def __init__(
        self, format_key: str, table_key: str, row_key: str, column_key: str, **kwargs: Any
    ):
        self.format_key = format_key
        self.cell = get_format(format_key).table(table_key).cell(row_key, column_key)
        column = self.cell.column
        attrs = {
            "inputmode": "decimal" if column.kind is CellKind.AMOUNT else "numeric",
            "autocomplete": "off",
            "spellcheck": "false",
            "data-govdisclosure-cell": self.cell.ref,
        }
        if self.cell.is_total:
            attrs["data-govdisclosure-total"] = "true"
        self.field = forms.CharField(
            required=False,
            max_length=32,
            widget=forms.TextInput(attrs=attrs),
        )
        kwargs.setdefault("label", column.label)
        super().__init__(**kwargs)

    def deconstruct(self) -> tuple[str, tuple, dict]:
        cell = self.cell
        return (
            f"{_MODULE}.CellBlock",
            (self.format_key, cell.table.key, cell.row.key, cell.column.key),
            {},
        )

    def value_for_form(self, value: RawCell) -> str:
        return "" if value is None else str(value)

    def value_from_form(self, value: str | None) -> str | None:
        return value

    def to_python(self, value: RawCell) -> RawCell:
        return value

    def get_prep_value(self, value: object) -> RawCell:
        return stored_cell_value(value, self.cell)

    def normalize(self, value: object) -> RawCell:
        return stored_cell_value(value, self.cell)

    def clean(self, value: object) -> RawCell:
        if isinstance(value, str):
            value = self.field.clean(value)
        reading = read_cell(value, self.cell.column)
        message = self.refusal(reading.status, value)
        if message:
            raise ValidationError(message, code=f"cell_{reading.status.value}")
        return stored_cell_value(value, self.cell)

    def refusal(self, status: CellStatus, value: object) -> str:
        """Why ``value`` cannot be stored in this cell (empty when it can)."""
        shown = normalise_text(str(value)) if value is not None else ""
        params = {"cell": cell_name(self.cell), "value": shown}
        if status is CellStatus.NOT_A_NUMBER:
            return _("%(cell)s: “%(value)s” is not a number.") % params
        if status is CellStatus.NEGATIVE:
            return _("%(cell)s: “%(value)s” is negative; the form counts from 0.") % params
        if status is CellStatus.FRACTION:
            return _("%(cell)s: “%(value)s” is not a whole number.") % params
        if status is CellStatus.TOO_PRECISE:
            return _("%(cell)s: “%(value)s” has more than %(decimals)s decimal places.") % {
                **params,
                "decimals": self.cell.column.decimals,
            }
        return ""

    def get_api_representation(self, value: RawCell, context: object = None) -> RawCell:
        return stored_cell_value(value, self.cell)

    def get_searchable_content(self, value: RawCell) -> list[str]:
        # Numbers make poor search terms; the narrative is what people search for.
        return []

    class Meta:
        icon = "table"
        form_classname = "govdisclosure-cell"


class RowBlock(blocks.StructBlock):
    """One numeric row of a table: a cell per column of its band, labelled verbatim."""

    def __init__(self, format_key: str, table_key: str, row_key: str, **kwargs: Any):
        self.format_key = format_key
        table = get_format(format_key).table(table_key)
        self.table = table
        self.row = table.row(row_key)
        cells = [
            (column.key, CellBlock(format_key, table_key, row_key, column.key))
            for column in table.columns_of(row_key)
        ]
        kwargs.setdefault("label", self.row.label)
        # A one-cell row shows its single field without a collapsible panel around it.
        kwargs.setdefault("collapsed", False)
        super().__init__(cells, **kwargs)

    def deconstruct(self) -> tuple[str, tuple, dict]:
        return (f"{_MODULE}.RowBlock", (self.format_key, self.table.key, self.row.key), {})

    def deconstruct_with_lookup(self, lookup: Any) -> tuple[str, tuple, dict]:
        return self.deconstruct()

    @classmethod
    def construct_from_lookup(cls, lookup: Any, *args: Any, **kwargs: Any) -> RowBlock:
        return cls(*args, **kwargs)

    def get_searchable_content(self, value: Any) -> list[str]:
        return []

    class Meta:
        icon = "table"
        form_classname = "govdisclosure-row"


def _row_layout(nodes: tuple[Row | RowGroup, ...]) -> list[str | BlockGroup]:
    """The editor layout of rows: each heading line (RowGroup) is a group of its rows."""
    layout: list[str | BlockGroup] = []
    for node in nodes:
        if isinstance(node, RowGroup):
            layout.append(BlockGroup(children=_row_layout(node.children), heading=node.label))
        else:
            layout.append(node.key)
    return layout


def _band_layout(table: Table) -> list[str | BlockGroup]:
    layout: list[str | BlockGroup] = []
    for band in table.bands:
        rows = _row_layout(band.rows)
        if band.heading:
            layout.append(BlockGroup(children=rows, heading=band.heading))
        else:
            layout.extend(rows)
    return layout


class ReportTableBlock(blocks.StructBlock):
    """A standard table: a row block per numeric row, grouped under the form's headings."""

    def __init__(self, format_key: str, table_key: str, **kwargs: Any):
        self.format_key = format_key
        self.table = get_format(format_key).table(table_key)
        rows = [(row.key, RowBlock(format_key, table_key, row.key)) for row in self.table.rows]
        kwargs.setdefault("label", table_label(self.table))
        kwargs.setdefault("form_layout", BlockGroup(children=_band_layout(self.table)))
        if self.table.note:
            kwargs.setdefault("help_text", self.table.note)
        super().__init__(rows, **kwargs)

    def deconstruct(self) -> tuple[str, tuple, dict]:
        return (f"{_MODULE}.ReportTableBlock", (self.format_key, self.table.key), {})

    def deconstruct_with_lookup(self, lookup: Any) -> tuple[str, tuple, dict]:
        return self.deconstruct()

    @classmethod
    def construct_from_lookup(cls, lookup: Any, *args: Any, **kwargs: Any) -> ReportTableBlock:
        return cls(*args, **kwargs)

    def get_api_representation(self, value: Any, context: object = None) -> dict[str, Any]:
        """The table as in the interchange JSON: ``{row: {column: value}}``."""
        return table_to_json(self.table, value)

    def get_searchable_content(self, value: Any) -> list[str]:
        return []

    class Meta:
        icon = "table"
        collapsed = True
        form_classname = "govdisclosure-table"


class FormatTablesBlock(blocks.StructBlock):
    """Every table of one format, in the form's order (the single child of ``tables``)."""

    def __init__(self, format_key: str, **kwargs: Any):
        self.format_key = format_key
        self.report_format = get_format(format_key)
        tables = [
            (table.key, ReportTableBlock(format_key, table.key))
            for table in self.report_format.tables
        ]
        kwargs.setdefault("label", format_label(self.report_format))
        super().__init__(tables, **kwargs)

    def deconstruct(self) -> tuple[str, tuple, dict]:
        return (f"{_MODULE}.FormatTablesBlock", (self.format_key,), {})

    def deconstruct_with_lookup(self, lookup: Any) -> tuple[str, tuple, dict]:
        return self.deconstruct()

    @classmethod
    def construct_from_lookup(cls, lookup: Any, *args: Any, **kwargs: Any) -> FormatTablesBlock:
        return cls(*args, **kwargs)

    def get_api_representation(self, value: Any, context: object = None) -> dict[str, Any]:
        """The interchange JSON ``tables`` object of this format."""
        value = value or {}
        return {
            table.key: table_to_json(table, value.get(table.key))
            for table in self.report_format.tables
        }

    def get_searchable_content(self, value: Any) -> list[str]:
        return []

    class Meta:
        icon = "table"
        form_classname = "govdisclosure-format"


class ReportTablesBlock(blocks.StreamBlock):
    """The ``tables`` stream: one format block, of the format the report follows.

    A block type per declared format; ``max_num=1`` and ``block_counts`` keep a
    single format block, and the report's form checks that it is of the
    report's own format.
    """

    def __init__(self, **kwargs: Any):
        children = [(format_block_type(key), FormatTablesBlock(key)) for key in FORMATS]
        kwargs.setdefault("min_num", 1)
        kwargs.setdefault("max_num", 1)
        kwargs.setdefault("block_counts", {name: {"max_num": 1} for name, _block in children})
        super().__init__(children, **kwargs)

    def deconstruct(self) -> tuple[str, tuple, dict]:
        return (f"{_MODULE}.ReportTablesBlock", (), {})

    def deconstruct_with_lookup(self, lookup: Any) -> tuple[str, tuple, dict]:
        return self.deconstruct()

    @classmethod
    def construct_from_lookup(cls, lookup: Any, *args: Any, **kwargs: Any) -> ReportTablesBlock:
        return cls(*args, **kwargs)

    class Meta:
        icon = "table"


def table_label(table: Table) -> str:
    """「三、收到和处理政府信息公开申请情况」: the table's number and title from the declaration."""
    return f"{table.number}、{table.title}"


def format_label(report_format: ReportFormat) -> str:
    """The format's name and reference, e.g. 「…年度报告格式（国办公开办函〔2021〕30号）」."""
    return f"{report_format.name}（{report_format.reference}）"


def table_value_to_dict(table: Table, value: Mapping | None) -> dict[str, dict[str, RawCell]]:
    """A table block's value as ``{row: {column: raw}}``, every row and column present."""
    value = value or {}
    result: dict[str, dict[str, RawCell]] = {}
    for row in table.rows:
        row_value = value.get(row.key) or {}
        result[row.key] = {
            column.key: row_value.get(column.key) for column in table.columns_of(row.key)
        }
    return result


def struct_value_to_tables(report_format: ReportFormat, value: Mapping | None) -> Tables:
    """A format block's value as the interchange ``tables`` mapping (raw cells)."""
    value = value or {}
    return {
        table.key: table_value_to_dict(table, value.get(table.key))
        for table in report_format.tables
    }


def tables_to_block_value(report_format: ReportFormat, tables: Mapping) -> dict[str, Any]:
    """The raw value of a format block for the interchange ``tables`` mapping.

    For code that writes reports (import, demo content): assign
    ``[(format_block_type(key), tables_to_block_value(format, tables))]`` to the
    page's ``tables``.
    """
    return {
        table.key: {
            row.key: {
                column.key: tables.get(table.key, {}).get(row.key, {}).get(column.key)
                for column in table.columns_of(row.key)
            }
            for row in table.rows
        }
        for table in report_format.tables
    }


def table_to_json(table: Table, value: Mapping | None) -> dict[str, dict[str, RawCell]]:
    """A table block's value as the interchange JSON: numbers normalised, blanks ``None``."""
    raw = table_value_to_dict(table, value)
    return {
        row.key: {
            column.key: stored_cell_value(raw[row.key][column.key], table.cell(row.key, column.key))
            for column in table.columns_of(row.key)
        }
        for row in table.rows
    }
