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
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail import blocks

from ..checks.labels import cell_name
from ..formats import FORMATS, CellKind, ReportFormat, get_format
from ..formats.base import Cell, Table
from ..formats.values import CellStatus, normalise_text, read_cell, to_json_value
from ..interchange import RawCell, Tables
from .grid import editor_grid

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


def cell_refusal(status: CellStatus, cell: str, value: str, decimals: object) -> str:
    """Why ``value`` typed in the cell named ``cell`` is refused (empty when it is not).

    One wording for the server and the grid editor's script, which gets these
    messages with ``{cell}`` and ``{value}`` in place of the two.
    """
    params = {"cell": cell, "value": value}
    if status is CellStatus.NOT_A_NUMBER:
        return _("%(cell)s: “%(value)s” is not a number.") % params
    if status is CellStatus.NEGATIVE:
        return _("%(cell)s: “%(value)s” is negative; the form counts from 0.") % params
    if status is CellStatus.FRACTION:
        return _("%(cell)s: “%(value)s” is not a whole number.") % params
    if status is CellStatus.TOO_PRECISE:
        return _("%(cell)s: “%(value)s” has more than %(decimals)s decimal places.") % {
            **params,
            "decimals": decimals,
        }
    return ""


class CellInput(forms.TextInput):
    """A cell's text input, whose placeholder rendering for the editor is made once.

    Wagtail's StreamField sends every block's widget to the browser rendered with
    ``__NAME__``/``__ID__`` placeholders, on every request of the editor: with 200
    cells a format, rendering those inputs was most of the editor's server time.
    The result depends on nothing but the widget's own attributes.
    """

    # A comment button per number would put 175 buttons between the inputs of the
    # applications table (and in the Tab order); comments belong on the sections.
    show_add_comment_button = False

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> str:
        if value is not None or renderer is not None or "__" not in name:
            return super().render(name, value, attrs, renderer)
        key = (name, tuple(sorted((attrs or {}).items())))
        cache = self.__dict__.setdefault("_placeholder_html", {})
        if key not in cache:
            cache[key] = super().render(name, value, attrs, renderer)
        return cache[key]


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
        self.field = forms.CharField(required=False, max_length=32, widget=CellInput(attrs=attrs))
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
        return cell_refusal(status, cell_name(self.cell), shown, self.cell.column.decimals)

    def get_api_representation(self, value: RawCell, context: object = None) -> RawCell:
        return stored_cell_value(value, self.cell)

    def get_searchable_content(self, value: RawCell) -> list[str]:
        # Numbers make poor search terms; the narrative is what people search for.
        return []

    class Meta:
        icon = "table"
        form_classname = "govdisclosure-cell"


class GridFormTemplateMixin:
    """Render the grid's form template once per language.

    It is rendered with placeholders only (``__PREFIX__``, no value, no errors),
    so it depends on the declaration and the active language alone.
    """

    def render_form_template(self) -> str:
        cache = self.__dict__.setdefault("_form_templates", {})
        language = get_language()
        if language not in cache:
            cache[language] = super().render_form_template()  # type: ignore[misc]
        return cache[language]


class RowBlock(GridFormTemplateMixin, blocks.StructBlock):
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
        kwargs.setdefault("collapsed", False)
        super().__init__(cells, **kwargs)

    def get_form_context(self, value: Any, prefix: str = "", errors: Any = None) -> dict[str, Any]:
        """The row's line of the grid: its labels, then an input per cell, each in place."""
        context = super().get_form_context(value, prefix=prefix, errors=errors)
        grid = editor_grid(self.table)
        children = context["children"]
        context["grid_cells"] = [
            (placed, children.get(placed.column_key)) for placed in grid.row_cells[self.row.key]
        ]
        context["is_row"] = not grid.across
        context["row_key"] = self.row.key
        return context

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
        form_template = "wagtail_govdisclosure/blocks/grid_row.html"


class ReportTableBlock(GridFormTemplateMixin, blocks.StructBlock):
    """A standard table: a row block per numeric row.

    The editor draws it as the printed table (:mod:`.grid`, from the declaration's
    layout): headers, merged cells and verbatim labels, an input per number, with
    the table's checks run as the clerk types (:mod:`.adapters`).
    """

    def __init__(self, format_key: str, table_key: str, **kwargs: Any):
        self.format_key = format_key
        self.table = get_format(format_key).table(table_key)
        rows = [(row.key, RowBlock(format_key, table_key, row.key)) for row in self.table.rows]
        kwargs.setdefault("label", table_label(self.table))
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

    def get_form_context(self, value: Any, prefix: str = "", errors: Any = None) -> dict[str, Any]:
        """The header lines and the row blocks of the grid, in printed order."""
        context = super().get_form_context(value, prefix=prefix, errors=errors)
        grid = editor_grid(self.table)
        children = context["children"]
        context["grid"] = grid
        context["grid_lines"] = [
            (line.cells, [children[key] for key in line.rows]) for line in grid.lines
        ]
        context["table_label"] = self.label
        return context

    def get_api_representation(self, value: Any, context: object = None) -> dict[str, Any]:
        """The table as in the interchange JSON: ``{row: {column: value}}``."""
        return table_to_json(self.table, value)

    def get_searchable_content(self, value: Any) -> list[str]:
        return []

    class Meta:
        icon = "table"
        form_classname = "govdisclosure-table"
        form_template = "wagtail_govdisclosure/blocks/grid_table.html"


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
