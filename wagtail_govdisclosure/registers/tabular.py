"""Reading a register spreadsheet (.xlsx or .csv) into a header and numbered rows.

Offices save CSV from Excel or WPS in UTF-8, UTF-8 with a BOM, or GB18030 (GBK);
the encoding is detected, never asked. A sheet often starts with a title line
(「2023年依申请公开登记表」) above the headers: the header line is the first of the
first lines that names at least two known columns. Row numbers are the file's own
line numbers, as the clerk sees them in Excel.

A workbook is read lazily, row by row (openpyxl's read-only mode), and reading stops
with a problem after :func:`max_rows` data rows, so that a small compressed file that
unpacks to millions of rows (a zip bomb) cannot fill the server's memory. A text cell
an export protected with a leading apostrophe (``'=…``, ``'+86 …``) reads back
without it (:func:`wagtail_govdisclosure.spreadsheets.restore`).
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from ..spreadsheets import restore

#: How many lines above the header a sheet may have.
HEADER_SEARCH_LINES = 10

#: The setting that caps the data rows of one import, and its default.
MAX_ROWS_SETTING = "WAGTAIL_GOVDISCLOSURE_IMPORT_MAX_ROWS"
DEFAULT_MAX_ROWS = 200_000


def max_rows() -> int:
    """How many data rows one import may have (``WAGTAIL_GOVDISCLOSURE_IMPORT_MAX_ROWS``)."""
    # Read here rather than through conf.get_setting: the registers are an optional
    # sub-app, and their settings stay with them.
    return int(getattr(settings, MAX_ROWS_SETTING, DEFAULT_MAX_ROWS))


FORMAT_XLSX = "xlsx"
FORMAT_CSV = "csv"


class FileProblem(ValueError):
    """The file cannot be read as a register; the message (translated) says why."""


@dataclass
class Sheet:
    """A register file: its headers, and each data line with its line number."""

    headers: list[str]
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    header_line: int = 1
    file_format: str = FORMAT_CSV
    encoding: str = ""


def detect_format(data: bytes, filename: str = "") -> str:
    name = filename.lower()
    if data[:4] == b"PK\x03\x04":
        return FORMAT_XLSX
    if name.endswith((".xls", ".et")) or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileProblem(
            _("Files in the old Excel format (.xls) cannot be read: save the file as .xlsx.")
        )
    if name.endswith(".xlsx"):
        raise FileProblem(_("The file is not a valid .xlsx workbook."))
    return FORMAT_CSV


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in (UTF-8, UTF-8 with BOM, GB18030)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise FileProblem(
            _("The file's text encoding is not UTF-8 or GB18030: save it again as CSV (UTF-8).")
        ) from exc


def _csv_lines(text: str) -> Iterator[list[object]]:
    sample = text[:4096]
    first_line = sample.splitlines()[0] if sample else ""
    delimiter = ","
    for candidate in ("\t", ";"):
        if first_line.count(candidate) > first_line.count(delimiter):
            delimiter = candidate
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_lines(data: bytes) -> Iterator[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileProblem(_("The file is not a valid .xlsx workbook.")) from exc
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    finally:
        workbook.close()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_sheet(data: bytes, filename: str, is_header: Callable[[object], bool]) -> Sheet:
    """Read ``data``; ``is_header`` says whether a cell's text names a known column."""
    if not data:
        raise FileProblem(_("The file is empty."))
    file_format = detect_format(data, filename)
    encoding = ""
    if file_format == FORMAT_XLSX:
        lines = _xlsx_lines(data)
    else:
        text, encoding = decode(data)
        lines = _csv_lines(text)

    limit = max_rows()
    sheet: Sheet | None = None
    for number, values in enumerate(lines, 1):
        if sheet is None:
            if sum(1 for v in values if not _blank(v) and is_header(v)) >= 2:
                headers = ["" if _blank(v) else str(v).strip() for v in values]
                sheet = Sheet(headers, [], number, file_format, encoding)
            elif number >= HEADER_SEARCH_LINES:
                break
            continue
        if all(_blank(v) for v in values):
            continue
        if len(sheet.rows) >= limit:
            # Stop reading: the rest of the file is never unpacked.
            close = getattr(lines, "close", None)
            if close is not None:
                close()
            raise FileProblem(
                _(
                    "The file has more than %(limit)s rows: one import takes at most "
                    "%(limit)s rows. Split the file and import the parts one after the other."
                )
                % {"limit": limit}
            )
        width = len(sheet.headers)
        cells = [None if _blank(v) else restore(v) for v in values[:width]]
        cells += [None] * (width - len(cells))
        sheet.rows.append((number, cells))
    if sheet is None:
        raise FileProblem(
            _(
                "No header line found in the first %(lines)s lines: the file needs a line of "
                "column headers such as the ones an export writes."
            )
            % {"lines": HEADER_SEARCH_LINES}
        )
    return sheet
