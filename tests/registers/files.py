"""Register files made in the tests: .xlsx workbooks and CSV in the encodings offices use."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook, load_workbook

Rows = Sequence[Sequence[object]]


def xlsx_bytes(rows: Rows, *, title: str = "") -> bytes:
    """A workbook whose first sheet holds ``rows`` (under a title line when given)."""
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Rows, encoding: str) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def read_xlsx(data: bytes) -> list[list[list[object]]]:
    """Every sheet's values, as lists of rows."""
    workbook = load_workbook(io.BytesIO(data))
    return [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook]
