"""Editor blocks for the standard tables, generated from a format declaration.

The report's ``tables`` StreamField holds exactly one *format block*: a
:class:`FormatTablesBlock` whose block type names the format (``format_2021``)
and whose children are the format's tables, in order. A table is one
:class:`ReportTableBlock` whose value is the table's cells keyed by the
declaration's row and column keys, exactly as the interchange JSON keys them
(``{row: {column: value}}``). The shape is fixed by the declaration: an editor
cannot add, remove or reorder a table, a row or a cell. Naming the block type
after the format keeps old reports readable when a new national format is
declared: the new format gets a new block type beside the old one.

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

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail import blocks

from ..checks.labels import cell_name
from ..formats import FORMATS, ReportFormat, get_format
from ..formats.base import Cell, Table
from ..formats.values import CellStatus, normalise_text, read_cell, to_json_value
from ..interchange import RawCell, Tables

#: Block type names of the format blocks: ``format_<format key>``.
FORMAT_TYPE_PREFIX = "format_"

_MODULE = __name__

#: What a cell's input accepts (the longest number of the form has far fewer digits).
MAX_CELL_LENGTH = 32


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


class TableValidationError(ValidationError):
    """Errors of a table block, each on its cell: ``{ref: [message, ...]}``.

    Serialised for the editor's script as ``{"messages": [...], "cellErrors": {...}}``
    (Wagtail's ``get_error_json_data`` calls :meth:`as_json_data`).
    """

    def __init__(self, cell_errors: Mapping[str, list[str]], messages: list[str] | None = None):
        self.cell_errors = {ref: [str(m) for m in found] for ref, found in cell_errors.items()}
        self.table_messages = [str(m) for m in messages or []]
        every = [m for found in self.cell_errors.values() for m in found] + self.table_messages
        super().__init__(every or [_("See the cells marked in the tables.")])

    def as_json_data(self) -> dict[str, Any]:
        result: dict[str, Any] = {"cellErrors": self.cell_errors}
        if self.table_messages:
            result["messages"] = self.table_messages
        return result


class ReportTableBlock(blocks.Block):
    """A standard table: one block whose value is ``{row: {column: raw}}``.

    The value is keyed as the interchange JSON keys a table, every declared row
    and column present. The editor draws it as the printed table from the
    declaration's layout (:mod:`~wagtail_govdisclosure.formats.layout`), sent once
    per table definition as data by one telepath adapter (:mod:`.adapters`): one
    block definition per table instead of one per cell.

    The form posts one input per cell, named ``<prefix>-<row>-<column>``. A draft
    may hold blanks and placeholders; text that is not a number, a negative
    number, a fraction in a count or too many decimal places in an amount is
    refused with a message on the cell.
    """

    def __init__(self, format_key: str, table_key: str, **kwargs: Any):
        self.format_key = format_key
        self.table = get_format(format_key).table(table_key)
        kwargs.setdefault("label", table_label(self.table))
        if self.table.note:
            kwargs.setdefault("help_text", self.table.note)
        super().__init__(**kwargs)

    # --- value ----------------------------------------------------------------

    def get_default(self) -> dict[str, dict[str, RawCell]]:
        return table_value_to_dict(self.table, None)

    def to_python(self, value: Any) -> dict[str, dict[str, RawCell]]:
        return table_value_to_dict(self.table, value if isinstance(value, Mapping) else None)

    def bulk_to_python(self, values: Any) -> list[dict[str, dict[str, RawCell]]]:
        return [self.to_python(value) for value in values]

    def get_prep_value(self, value: Any) -> dict[str, dict[str, RawCell]]:
        return table_to_json(self.table, value)

    def normalize(self, value: Any) -> dict[str, dict[str, RawCell]]:
        return table_to_json(self.table, value)

    def get_api_representation(self, value: Any, context: object = None) -> dict[str, Any]:
        """The table as in the interchange JSON: ``{row: {column: value}}``."""
        return table_to_json(self.table, value)

    def get_searchable_content(self, value: Any) -> list[str]:
        # Numbers make poor search terms; the narrative is what people search for.
        return []

    # --- the form -------------------------------------------------------------

    def get_form_state(self, value: Any) -> dict[str, dict[str, str]]:
        """Every cell as the text its input holds (``""`` for a blank)."""
        raw = table_value_to_dict(self.table, value)
        return {
            row: {column: "" if cell is None else str(cell) for column, cell in columns.items()}
            for row, columns in raw.items()
        }

    def value_from_datadict(self, data: Any, files: Any, prefix: str) -> dict[str, dict]:
        return {
            row.key: {
                column.key: data.get(f"{prefix}-{row.key}-{column.key}")
                for column in self.table.columns_of(row.key)
            }
            for row in self.table.rows
        }

    def value_omitted_from_data(self, data: Any, files: Any, prefix: str) -> bool:
        return not any(key.startswith(f"{prefix}-") for key in data)

    def clean(self, value: Any) -> dict[str, dict[str, RawCell]]:
        raw = table_value_to_dict(self.table, value)
        errors: dict[str, list[str]] = {}
        for cell in self.table.cells:
            typed = raw[cell.row.key][cell.column.key]
            if isinstance(typed, str) and len(typed) > MAX_CELL_LENGTH:
                errors[cell.ref] = [
                    _("%(cell)s: at most %(count)s characters.")
                    % {"cell": cell_name(cell), "count": MAX_CELL_LENGTH}
                ]
                continue
            reading = read_cell(typed, cell.column)
            shown = normalise_text(str(typed)) if typed is not None else ""
            message = cell_refusal(reading.status, cell_name(cell), shown, cell.column.decimals)
            if message:
                errors[cell.ref] = [message]
        if errors:
            raise TableValidationError(errors)
        return table_to_json(self.table, raw)

    def get_comparison_class(self) -> Any:
        from .compare import TableBlockComparison

        return TableBlockComparison

    def deconstruct(self) -> tuple[str, tuple, dict]:
        return (f"{_MODULE}.ReportTableBlock", (self.format_key, self.table.key), {})

    def deconstruct_with_lookup(self, lookup: Any) -> tuple[str, tuple, dict]:
        return self.deconstruct()

    @classmethod
    def construct_from_lookup(cls, lookup: Any, *args: Any, **kwargs: Any) -> ReportTableBlock:
        return cls(*args, **kwargs)

    class Meta:
        icon = "table"
        form_classname = "govdisclosure-table"
        default = None


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
        form_classname = "govdisclosure-tables"


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
