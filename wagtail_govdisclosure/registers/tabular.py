"""Reading a register spreadsheet (.xlsx or .csv) into a header and numbered rows.

Offices save CSV from Excel or WPS in UTF-8, UTF-8 with a BOM, or GB18030 (GBK);
the encoding is detected, never asked. A sheet often starts with a title line
(「2023年依申请公开登记表」) above the headers: the header line is the first of the
first lines that names at least two known columns. Row numbers are the file's own
line numbers, as the clerk sees them in Excel.

A file is read as a stream (:func:`open_sheet`), a row at a time: a workbook through
the bounded reader of :mod:`.xlsx` (unpacked size, shared strings, cells and cell
length checked before the memory is spent), and reading stops with a problem after
:func:`max_rows` data rows, so that a small compressed file cannot fill the server's
memory. A CSV field may hold at most :data:`MAX_CELL_CHARS` characters, like a cell.
Control characters (C0, except tab and line breaks), which no spreadsheet can hold,
are removed from every cell and counted. A text cell an export protected with a
leading apostrophe (``'=…``, ``'+86 …``) reads back without it
(:func:`wagtail_govdisclosure.spreadsheets.restore`).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO

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


#: The most characters a cell (or a CSV field) may hold: the csv module's own default.
MAX_CELL_CHARS = 131_072

#: The settings that bound what one workbook may cost (see ``docs/registers.md``).
MAX_CELLS_SETTING = "WAGTAIL_GOVDISCLOSURE_IMPORT_MAX_CELLS"
MAX_SHARED_STRINGS_SETTING = "WAGTAIL_GOVDISCLOSURE_IMPORT_MAX_SHARED_STRINGS"
MAX_UNPACKED_SETTING = "WAGTAIL_GOVDISCLOSURE_IMPORT_MAX_UNPACKED_BYTES"

#: Control characters no spreadsheet (nor XML) can hold: C0 except tab, LF and CR.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


class FileProblem(ValueError):
    """The file cannot be read as a register; the message (translated) says why.

    ``line`` and ``column`` (the header as the file writes it) say where, when known.
    """

    def __init__(self, message: str, *, line: int | None = None, column: str = ""):
        super().__init__(message)
        self.line = line
        self.column = column


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


class Lines:
    """The numbered lines of an open file, how much of it is read, and how to close it."""

    def __init__(
        self,
        lines: Iterator[tuple[int, list[object]]],
        fraction: Callable[[], float] = lambda: 0.0,
        close: Callable[[], None] = lambda: None,
    ):
        self.lines = lines
        self.fraction = fraction
        self._close = close

    def __iter__(self) -> Iterator[tuple[int, list[object]]]:
        return self.lines

    def close(self) -> None:
        close = getattr(self.lines, "close", None)
        if close is not None:
            close()
        self._close()


class _TooLong(Exception):
    """A cell longer than :data:`MAX_CELL_CHARS`: at ``line``, in column ``position`` (from 1)."""

    def __init__(self, line: int, position: int):
        super().__init__(line, position)
        self.line = line
        self.position = position


def _csv_lines(text: str) -> Lines:
    """The records of a CSV text, each with the line it starts on."""
    sample = text[:4096]
    first_line = sample.splitlines()[0] if sample else ""
    delimiter = ","
    for candidate in ("\t", ";"):
        if first_line.count(candidate) > first_line.count(delimiter):
            delimiter = candidate
    buffer = io.StringIO(text, newline="")
    reader = csv.reader(buffer, delimiter=delimiter)

    def records() -> Iterator[tuple[int, list[object]]]:
        while True:
            start = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                # The csv module refuses a field over its limit (131,072 characters)
                # without saying which: find it, to name the column.
                position = _long_field(text, start, delimiter, csv.field_size_limit())
                if position is not None:
                    raise _TooLong(start, position) from exc
                raise FileProblem(
                    _("The file cannot be read as CSV: %(error)s") % {"error": exc}, line=start
                ) from exc
            yield start, record

    return Lines(records(), lambda: buffer.tell() / max(len(text), 1))


def _long_field(text: str, line: int, delimiter: str, limit: int) -> int | None:
    """The position (from 1) of the first field over ``limit`` characters on ``line``."""
    index = 0
    for _skip in range(line - 1):
        index = text.find("\n", index) + 1
        if index == 0:
            return None
    position, length, quoted = 1, 0, False
    while index < len(text):
        char = text[index]
        index += 1
        if quoted:
            if char == '"':
                if text[index : index + 1] != '"':
                    quoted = False
                    continue
                index += 1
        elif char == '"' and length == 0:
            quoted = True
            continue
        elif char == delimiter:
            position, length = position + 1, 0
            continue
        elif char in "\r\n":
            return None
        length += 1
        if length > limit:
            return position
    return None


def _xlsx_lines(source: IO[bytes]) -> Lines:
    """The rows of a workbook's first sheet, read by :class:`.xlsx.SheetReader`."""
    from . import xlsx

    limits = xlsx.Limits(
        max_sheet_bytes=int(getattr(settings, MAX_UNPACKED_SETTING, xlsx.Limits.max_sheet_bytes)),
        max_cells=int(getattr(settings, MAX_CELLS_SETTING, xlsx.Limits.max_cells)),
        max_shared_strings=int(
            getattr(settings, MAX_SHARED_STRINGS_SETTING, xlsx.Limits.max_shared_strings)
        ),
        max_cell_chars=MAX_CELL_CHARS,
    )
    reader = xlsx.SheetReader(source, limits)
    return Lines(reader.rows(), lambda: reader.fraction, reader.close)


def _column_name(headers: list[str], position: int) -> str:
    """The header of the column at ``position`` (from 1), or its number."""
    if 0 < position <= len(headers) and headers[position - 1]:
        return headers[position - 1]
    return _("column %(number)s") % {"number": position}


def _too_long(line: int, column: str) -> FileProblem:
    return FileProblem(
        _("The cell holds more than %(limit)s characters, the most a cell may hold.")
        % {"limit": f"{MAX_CELL_CHARS:,}"},
        line=line,
        column=column,
    )


def _file_problem(exc: Exception, headers: list[str]) -> FileProblem:
    """A reader's exception as the problem the clerk reads."""
    from . import xlsx

    if isinstance(exc, _TooLong):
        return _too_long(exc.line, _column_name(headers, exc.position))
    assert isinstance(exc, xlsx.WorkbookProblem)
    limit = f"{exc.limit:,}"
    if exc.kind == "cell_chars":
        return _too_long(exc.line, _column_name(headers, exc.column))
    if exc.kind == "unpacked_size":
        message = _(
            "The workbook unpacks to more than %(limit)s bytes, more than a register may "
            "take: save it again with only the register's sheet, or split it."
        ) % {"limit": limit}
    elif exc.kind == "shared_strings":
        message = _(
            "The workbook declares more than %(limit)s different texts, more than a "
            "register may hold: it is not read."
        ) % {"limit": limit}
    elif exc.kind == "shared_chars":
        message = _(
            "The workbook's texts add up to more than %(limit)s characters, more than a "
            "register may hold: it is not read."
        ) % {"limit": limit}
    elif exc.kind == "cells":
        message = _(
            "The sheet has more than %(limit)s cells, more than one import may take: split "
            "the file and import the parts one after the other."
        ) % {"limit": limit}
    else:
        message = _("The file is not a valid .xlsx workbook.")
    return FileProblem(message, line=exc.line or None)


def _reader_errors() -> tuple[type[Exception], ...]:
    from . import xlsx

    return (_TooLong, xlsx.WorkbookProblem)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class SheetStream:
    """An open register file: its header line, then its data rows as they are read.

    :meth:`rows` yields ``(line, cells)``, one cell per header (``None`` when empty),
    and closes the file at the end; :attr:`fraction` is how much of the file has been
    read (for a progress bar); :attr:`cleaned` counts the cells control characters
    were removed from.
    """

    def __init__(
        self,
        lines: Lines,
        iterator: Iterator[tuple[int, list[object]]],
        headers: list[str],
        header_line: int,
        file_format: str,
        encoding: str,
    ):
        self._lines = lines
        self._iterator = iterator
        self.headers = headers
        self.header_line = header_line
        self.file_format = file_format
        self.encoding = encoding
        self.cleaned = 0
        self.count = 0

    @property
    def fraction(self) -> float:
        return self._lines.fraction()

    def close(self) -> None:
        self._lines.close()

    def cell(self, value: object) -> object:
        if _blank(value):
            return None
        if isinstance(value, str):
            if value.isprintable():  # no control character: the usual case, quick to tell
                return restore(value)
            cleaned = CONTROL_CHARACTERS.sub("", value)
            if cleaned != value:
                self.cleaned += 1
                if not cleaned.strip():
                    return None
            return restore(cleaned)
        return value

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        limit = max_rows()
        width = len(self.headers)
        try:
            for number, values in self._iterator:
                if all(_blank(v) for v in values):
                    continue
                if self.count >= limit:
                    # Stop reading: the rest of the file is never unpacked.
                    raise FileProblem(
                        _(
                            "The file has more than %(limit)s rows: one import takes at most "
                            "%(limit)s rows. Split the file and import the parts one after "
                            "the other."
                        )
                        % {"limit": limit}
                    )
                self.count += 1
                cells = [self.cell(v) for v in values[:width]]
                cells += [None] * (width - len(cells))
                yield number, cells
        except _reader_errors() as exc:
            raise _file_problem(exc, self.headers) from None
        finally:
            self.close()


def _open_lines(source: bytes | IO[bytes], filename: str) -> tuple[Lines, str, str]:
    if isinstance(source, bytes | bytearray):
        head = bytes(source[:8])
    else:
        head = source.read(8)
        source.seek(0)
    if not head:
        raise FileProblem(_("The file is empty."))
    file_format = detect_format(head, filename)
    if file_format == FORMAT_XLSX:
        handle = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
        return _xlsx_lines(handle), file_format, ""
    data = bytes(source) if isinstance(source, bytes | bytearray) else source.read()
    text, encoding = decode(data)
    return _csv_lines(text), file_format, encoding


def open_sheet(
    source: bytes | IO[bytes], filename: str, is_header: Callable[[object], bool]
) -> SheetStream:
    """Open ``source`` and read up to its header line; the rows follow with ``rows()``.

    ``is_header`` says whether a cell's text names a known column. ``source`` is the
    file's bytes, or a binary file that can seek (a workbook is read from it as needed).
    """
    try:
        lines, file_format, encoding = _open_lines(source, filename)
    except _reader_errors() as exc:
        raise _file_problem(exc, []) from None
    iterator = iter(lines)
    try:
        for count, (number, values) in enumerate(iterator, 1):
            if sum(1 for v in values if not _blank(v) and is_header(v)) >= 2:
                headers = [
                    "" if _blank(v) else CONTROL_CHARACTERS.sub("", str(v)).strip() for v in values
                ]
                return SheetStream(lines, iterator, headers, number, file_format, encoding)
            if count >= HEADER_SEARCH_LINES:
                break
    except _reader_errors() as exc:
        lines.close()
        raise _file_problem(exc, []) from None
    except BaseException:
        lines.close()
        raise
    lines.close()
    raise FileProblem(
        _(
            "No header line found in the first %(lines)s lines: the file needs a line of "
            "column headers such as the ones an export writes."
        )
        % {"lines": HEADER_SEARCH_LINES}
    )


def read_sheet(data: bytes, filename: str, is_header: Callable[[object], bool]) -> Sheet:
    """Read the whole of ``data`` (for small files and tests; imports stream)."""
    stream = open_sheet(data, filename, is_header)
    sheet = Sheet(stream.headers, [], stream.header_line, stream.file_format, stream.encoding)
    sheet.rows.extend(stream.rows())
    return sheet
