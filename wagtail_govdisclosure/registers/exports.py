"""Exporting the registers and a report's tables as .xlsx, .csv and JSON.

Spreadsheet exports are safe to open (CSV/formula injection, see
:mod:`wagtail_govdisclosure.spreadsheets`): in XLSX every text cell is a string cell,
flagged ``quotePrefix`` when it starts like a formula, and keeps its text unchanged;
in CSV such a cell gets a leading apostrophe. Numbers and dates are written as
numbers and dates. CSV files are UTF-8 with a BOM, which Excel needs to
show Chinese. A register export leaves out the applicants' personal data unless the
caller asks for it (see :mod:`.permissions` for who may).

A report's tables export laid out like the official form: the same grid with the
same merged headers (:func:`~wagtail_govdisclosure.formats.layout.table_grid`), one
sheet per table; the JSON export is the interchange document.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ..blocks.tables import table_label
from ..formats.layout import CellRole, table_grid
from ..formats.values import read_cell
from ..interchange import ReportDocument
from ..spreadsheets import mark_text_cell, neutralise
from .columns import COLUMNS, Kind, RegisterColumn
from .models import Application
from .resources import RESOURCES
from .tabular import CONTROL_CHARACTERS

XLSX = "xlsx"
CSV = "csv"
JSON = "json"
FORMATS = (XLSX, CSV, JSON)
CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
    JSON: "application/json; charset=utf-8",
}

# --- registers ----------------------------------------------------------------------


def export_columns(model: type, *, include_personal: bool) -> list[RegisterColumn]:
    """The columns an export writes: all, personal data only when asked for."""
    return [c for c in COLUMNS[model] if include_personal or not c.personal]


def register_rows(
    queryset: QuerySet, model: type, *, include_personal: bool
) -> tuple[list[RegisterColumn], list[list[Any]]]:
    """The export's columns and rows, rendered by the register's import-export resource."""
    columns = export_columns(model, include_personal=include_personal)
    resource = RESOURCES[model](export_columns=[c.key for c in columns])
    related = ["agency"]
    if any(c.kind == Kind.REFERENCE for c in columns):
        related.append("application")
    date_field = "received_on" if model is Application else "filed_on"
    dataset = resource.export(queryset.select_related(*related).order_by(date_field, "pk"))
    return columns, [list(row) for row in dataset]


def _typed(value: Any, column: RegisterColumn) -> Any:
    if column.kind == Kind.DATE and value:
        return datetime.date.fromisoformat(value)
    return _xlsx_text(value)


def _xlsx_text(value: Any) -> Any:
    """Text without the control characters a workbook cannot hold (openpyxl refuses them).

    Imports remove them; this keeps an export working whatever is already stored.
    """
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    return value


_HEADER_FONT = Font(bold=True)


def write_register_xlsx(title: str, columns: Sequence[RegisterColumn], rows: Iterable) -> bytes:
    """A one-sheet workbook (written streaming, for large registers)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(_xlsx_text(title)))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, 1):
        width = 14 if column.kind in (Kind.DATE, Kind.BOOLEAN) else 24
        if column.key in ("content", "notes", "outcome"):
            width = 40
        sheet.column_dimensions[get_column_letter(index)].width = width
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = _HEADER_FONT
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for value, column in zip(row, columns, strict=True):
            cell = WriteOnlyCell(sheet, value=_typed(value, column))
            if column.kind == Kind.DATE and value:
                cell.number_format = "yyyy-mm-dd"
            else:
                mark_text_cell(cell)  # a string cell: never a formula, whatever the text
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(lines: Iterable[Sequence[Any]]) -> bytes:
    """CSV in UTF-8 with a BOM, every text cell neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    for line in lines:
        writer.writerow(["" if v is None else neutralise(v) for v in line])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_register(
    queryset: QuerySet, model: type, file_format: str, *, include_personal: bool = False
) -> bytes:
    """The register entries of ``queryset`` as ``file_format`` (xlsx, csv or json)."""
    columns, rows = register_rows(queryset, model, include_personal=include_personal)
    if file_format == XLSX:
        return write_register_xlsx(str(model._meta.verbose_name_plural), columns, rows)
    if file_format == CSV:
        return write_csv([[c.header for c in columns], *rows])
    if file_format == JSON:
        document = {
            "columns": {c.key: c.header for c in columns},
            "rows": [dict(zip((c.key for c in columns), row, strict=True)) for row in rows],
        }
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    raise ValueError(f"Unknown export format: {file_format}")


# --- a report's tables ------------------------------------------------------------

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _sheet_title(text: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in _xlsx_text(text))
    return cleaned[:31] or "Sheet"


def _cell_value(document: ReportDocument, grid_cell: Any) -> Any:
    """A data cell's number (int or Decimal), or what the report holds if it is not one.

    Text is returned as it is: each writer protects it in its own way.
    """
    raw = document.raw(grid_cell.cell)
    reading = read_cell(raw, grid_cell.cell.column)
    if reading.ok:
        return reading.value
    if raw is None:
        return None
    return str(raw).strip()


def table_lines(document: ReportDocument, table_key: str) -> list[list[Any]]:
    """The printed grid of a table as lines of values; a merged cell's value sits top-left."""
    table = document.format.table(table_key)
    grid = table_grid(table)
    lines: list[list[Any]] = [[None] * grid.width for _ in grid.rows]
    for grid_cell in grid.cells():
        value = (
            _cell_value(document, grid_cell)
            if grid_cell.kind is CellRole.DATA
            else grid_cell.text or None
        )
        lines[grid_cell.top][grid_cell.left] = value
    return lines


def report_xlsx(document: ReportDocument) -> bytes:
    """The report's tables, one sheet each, laid out and merged like the official form."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in document.format.tables:
        grid = table_grid(table)
        sheet = workbook.create_sheet(_sheet_title(table_label(table)))
        # The title line above the table, as the report prints it.
        for line, text, font in (
            (1, document.title, Font(bold=True, size=13)),
            (2, table_label(table), Font(bold=True)),
        ):
            heading = sheet.cell(row=line, column=1, value=_xlsx_text(str(text)))
            mark_text_cell(heading)  # the title is typed by an editor: never a formula
            heading.font = font
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.width)
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=grid.width)
        offset = 3
        for grid_cell in grid.cells():
            row, column = grid_cell.top + offset, grid_cell.left + 1
            if grid_cell.kind is CellRole.DATA:
                value = _cell_value(document, grid_cell)
            else:
                value = grid_cell.text or None
            cell = sheet.cell(row=row, column=column, value=_xlsx_text(value))
            mark_text_cell(cell)
            is_label = grid_cell.kind is CellRole.LABEL
            cell.alignment = _LEFT if is_label else _CENTRE
            if grid_cell.kind is CellRole.HEADER or grid_cell.is_total:
                cell.font = Font(bold=grid_cell.kind is CellRole.HEADER)
            end_row = row + grid_cell.rowspan - 1
            end_column = column + grid_cell.colspan - 1
            for y in range(row, end_row + 1):
                for x in range(column, end_column + 1):
                    sheet.cell(row=y, column=x).border = _BORDER
            if grid_cell.rowspan > 1 or grid_cell.colspan > 1:
                sheet.merge_cells(
                    start_row=row, start_column=column, end_row=end_row, end_column=end_column
                )
        for index in range(1, grid.width + 1):
            wide = index <= grid.label_width
            sheet.column_dimensions[get_column_letter(index)].width = 30 if wide else 11
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_csv(document: ReportDocument) -> bytes:
    """The report's tables one after the other, each under its title, as printed."""
    lines: list[Sequence[Any]] = [[document.title]]
    for table in document.format.tables:
        lines += [[], [table_label(table)], *table_lines(document, table.key)]
    return write_csv(lines)


def report_json(document: ReportDocument) -> bytes:
    """The interchange JSON document."""
    return document.dumps(indent=2).encode("utf-8")


def export_report(document: ReportDocument, file_format: str) -> bytes:
    if file_format == XLSX:
        return report_xlsx(document)
    if file_format == CSV:
        return report_csv(document)
    if file_format == JSON:
        return report_json(document)
    raise ValueError(f"Unknown export format: {file_format}")
