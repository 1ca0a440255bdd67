"""Reading the first sheet of an .xlsx workbook as a stream of rows, within bounds.

A workbook is a zip of XML parts. openpyxl's read-only mode streams the sheet but
loads the whole shared-strings table first, one Python string each: a 1.2 MB file
declaring 30 million shared strings took minutes and gigabytes before its first row.
This reader checks what it is about to spend before spending it:

* the **unpacked size** of every part it reads, from the zip's directory, before
  opening it (a zip member never unpacks past the size it declares: Python's
  ``zipfile`` stops there);
* the **number and length of the shared strings**, while reading them, kept packed
  (one string per few thousand entries, plus a 4-byte offset each);
* the **cells** of the sheet, the **columns** of a row and the **length** of a cell.

The sheet itself is parsed as it unpacks (lxml ``iterparse``), a row at a time, so
memory does not grow with the rows. Values come back as a spreadsheet program shows
them: text, numbers (``int`` when whole), booleans, and dates for date-formatted cells.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import zipfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

#: Excel's own limit on the columns of a sheet (XFD).
MAX_COLUMNS = 16_384

_DIGITS = "0123456789"
_LETTERS = re.compile(r"[A-Z]{1,3}")


class WorkbookProblem(ValueError):
    """Why a workbook cannot be read; ``kind`` names the limit (or ``invalid``)."""

    def __init__(self, kind: str, *, limit: int = 0, line: int = 0, column: int = 0):
        super().__init__(kind)
        self.kind = kind
        self.limit = limit
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Limits:
    """What one workbook may cost (see ``docs/registers.md`` for the settings)."""

    #: Unpacked bytes of the sheet, and of the shared strings, styles and workbook parts.
    max_sheet_bytes: int = 1 << 30
    max_part_bytes: int = 128 << 20
    #: Cells in the sheet; entries in the shared-strings table (a 200,000-row register
    #: with five columns of free text, every cell different).
    max_cells: int = 4_000_000
    max_shared_strings: int = 1_000_000
    #: Characters of one cell, and of all the shared strings together.
    max_cell_chars: int = 131_072
    max_shared_chars: int = 64_000_000


class SharedStrings:
    """The shared-strings table, packed: ``CHUNK`` strings joined into one."""

    CHUNK = 4096

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self._starts = array("I")
        self._pending: list[str] = []
        self._offset = 0
        self.characters = 0

    def append(self, text: str) -> None:
        self._starts.append(self._offset)
        self._pending.append(text)
        self._offset += len(text)
        self.characters += len(text)
        if len(self._pending) == self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._chunks.append("".join(self._pending))
            self._pending = []
            self._offset = 0

    def finish(self) -> None:
        self._flush()

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, index: int) -> str:
        chunk_index, position = divmod(index, self.CHUNK)
        chunk = self._chunks[chunk_index]
        start = self._starts[index]
        last = position == self.CHUNK - 1 or index + 1 == len(self._starts)
        end = len(chunk) if last else self._starts[index + 1]
        return chunk[start:end]


def _parser_options() -> dict:
    # Never resolve entities or fetch anything; keep libxml2's own size guards on.
    return {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False}


class _Workbook:
    def __init__(self, archive: zipfile.ZipFile, limits: Limits):
        self.archive = archive
        self.limits = limits
        self.main = _MAIN

    def info(self, name: str, limit: int) -> zipfile.ZipInfo | None:
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            return None
        if info.file_size > limit:
            raise WorkbookProblem("unpacked_size", limit=limit)
        return info

    def tree(self, name: str) -> etree._Element | None:
        info = self.info(name, self.limits.max_part_bytes)
        if info is None:
            return None
        with self.archive.open(info) as handle:
            return etree.parse(handle, etree.XMLParser(**_parser_options())).getroot()

    def relationships(self, part: str) -> dict[str, str]:
        folder, name = posixpath.split(part)
        root = self.tree(posixpath.join(folder, "_rels", f"{name}.rels"))
        targets = {}
        for rel in root if root is not None else ():
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External" or not target:
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            targets[rel.get("Id", "")] = posixpath.normpath(path)
        return targets

    def parts(self) -> tuple[str, str | None, str | None, bool]:
        """The first sheet, the shared strings, the styles, and whether dates count from 1904."""
        root_rels = self.relationships("")
        workbook_part = next(
            (t for t in root_rels.values() if t.endswith("workbook.xml")), "xl/workbook.xml"
        )
        workbook = self.tree(workbook_part)
        if workbook is None:
            raise WorkbookProblem("invalid")
        if workbook.tag == f"{{{_STRICT_MAIN}}}workbook":
            self.main = _STRICT_MAIN
        rels = self.relationships(workbook_part)
        sheets = workbook.find(f"{{{self.main}}}sheets")
        first = sheets[0] if sheets is not None and len(sheets) else None
        if first is None:
            raise WorkbookProblem("invalid")
        rel_id = next((v for k, v in first.attrib.items() if k.endswith("}id")), "")
        sheet = rels.get(rel_id)
        if sheet is None:
            raise WorkbookProblem("invalid")
        folder = posixpath.dirname(workbook_part)
        shared = next((t for t in rels.values() if t.endswith("sharedStrings.xml")), None)
        styles = next((t for t in rels.values() if t.endswith("styles.xml")), None)
        shared = shared or _existing(self.archive, posixpath.join(folder, "sharedStrings.xml"))
        styles = styles or _existing(self.archive, posixpath.join(folder, "styles.xml"))
        properties = workbook.find(f"{{{self.main}}}workbookPr")
        date1904 = properties is not None and properties.get("date1904") in ("1", "true")
        return sheet, shared, styles, date1904

    def date_styles(self, name: str | None) -> set[str]:
        """The indexes of the cell formats that show a number as a date."""
        root = self.tree(name) if name else None
        if root is None:
            return set()
        formats = dict(BUILTIN_FORMATS)
        numbers = root.find(f"{{{self.main}}}numFmts")
        for number_format in numbers if numbers is not None else ():
            try:
                formats[int(number_format.get("numFmtId", ""))] = number_format.get(
                    "formatCode", ""
                )
            except ValueError:
                continue
        cell_formats = root.find(f"{{{self.main}}}cellXfs")
        dates = set()
        for index, xf in enumerate(cell_formats if cell_formats is not None else ()):
            try:
                code = formats.get(int(xf.get("numFmtId", "0")), "")
            except ValueError:
                continue
            if code and is_date_format(code):
                dates.add(str(index))
        return dates

    def shared_strings(self, name: str | None) -> SharedStrings:
        table = SharedStrings()
        info = self.info(name, self.limits.max_part_bytes) if name else None
        if info is None:
            return table
        item, text_tag = f"{{{self.main}}}si", f"{{{self.main}}}t"
        phonetic = f"{{{self.main}}}rPh"
        with self.archive.open(info) as handle:
            for _event, element in etree.iterparse(handle, tag=item, **_parser_options()):
                # The text runs, without the phonetic guide (rPh) some files carry.
                if len(element) == 1 and element[0].tag == text_tag:
                    text = element[0].text or ""  # the usual case: one plain text
                else:
                    text = "".join(
                        t.text or ""
                        for t in element.iter(text_tag)
                        if t.getparent().tag != phonetic
                    )
                table.append(text)
                if len(table) > self.limits.max_shared_strings:
                    raise WorkbookProblem("shared_strings", limit=self.limits.max_shared_strings)
                if table.characters > self.limits.max_shared_chars:
                    raise WorkbookProblem("shared_chars", limit=self.limits.max_shared_chars)
                element.clear(keep_tail=False)
                while element.getprevious() is not None:
                    del element.getparent()[0]
        table.finish()
        return table


def _existing(archive: zipfile.ZipFile, name: str) -> str | None:
    return name if name in archive.NameToInfo else None


def _column_index(letters: str) -> int:
    if not _LETTERS.fullmatch(letters):
        raise WorkbookProblem("invalid")
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        value = float(text)
        return int(value) if value.is_integer() and abs(value) < 1e15 else value


class _Progress:
    """Counts what the sheet's parser has unpacked, for a progress bar."""

    def __init__(self, handle: IO[bytes], total: int):
        self.handle = handle
        self.total = max(total, 1)
        self.done = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.done += len(data)
        return data

    @property
    def fraction(self) -> float:
        return min(self.done / self.total, 1.0)


class SheetReader:
    """The rows of the first sheet: ``(line number, values)``; ``fraction`` read so far."""

    def __init__(self, source: IO[bytes], limits: Limits | None = None):
        self.limits = limits or Limits()
        try:
            self.archive = zipfile.ZipFile(source)
            self.workbook = _Workbook(self.archive, self.limits)
            self.sheet, shared, styles, date1904 = self.workbook.parts()
            self.dates = self.workbook.date_styles(styles)
            self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
            self.info = self.workbook.info(self.sheet, self.limits.max_sheet_bytes)
            if self.info is None:
                raise WorkbookProblem("invalid")
            self.strings = self.workbook.shared_strings(shared)
        except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError, EOFError) as exc:
            raise WorkbookProblem("invalid") from exc
        self._progress: _Progress | None = None
        #: Date serials already converted: registers repeat the same few hundred days.
        self._days: dict[int | float, datetime.datetime] = {}

    @property
    def fraction(self) -> float:
        return self._progress.fraction if self._progress else 0.0

    def close(self) -> None:
        self.archive.close()

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        main = self.workbook.main
        row_tag, cell_tag = f"{{{main}}}row", f"{{{main}}}c"
        value_tag, inline_tag, text_tag = f"{{{main}}}v", f"{{{main}}}is", f"{{{main}}}t"
        limits, strings, dates = self.limits, self.strings, self.dates
        cells_seen = 0
        line = 0
        columns: dict[str, int] = {}
        try:
            with self.archive.open(self.info) as handle:
                self._progress = _Progress(handle, self.info.file_size)
                parser = etree.iterparse(self._progress, tag=row_tag, **_parser_options())
                for _event, row in parser:
                    number = row.get("r")
                    line = int(number) if number and number.isdigit() else line + 1
                    values: dict[int, object] = {}
                    position = 0
                    for cell in row.iterchildren(cell_tag):
                        cells_seen += 1
                        if cells_seen > limits.max_cells:
                            raise WorkbookProblem("cells", limit=limits.max_cells, line=line)
                        reference = cell.get("r")
                        if reference:
                            letters = reference.rstrip(_DIGITS)
                            known = columns.get(letters)
                            if known is None:
                                known = columns[letters] = _column_index(letters)
                            position = known
                        else:
                            position += 1
                        if position > MAX_COLUMNS:
                            raise WorkbookProblem("invalid", line=line)
                        value = self._value(cell, value_tag, inline_tag, text_tag, strings, dates)
                        if value is None:
                            continue
                        if isinstance(value, str) and len(value) > limits.max_cell_chars:
                            raise WorkbookProblem(
                                "cell_chars",
                                limit=limits.max_cell_chars,
                                line=line,
                                column=position,
                            )
                        values[position] = value
                    row.clear(keep_tail=False)
                    while row.getprevious() is not None:
                        del row.getparent()[0]
                    width = max(values, default=0)
                    yield line, [values.get(i) for i in range(1, width + 1)]
        except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError, EOFError) as exc:
            raise WorkbookProblem("invalid", line=line) from exc

    def _value(self, cell, value_tag, inline_tag, text_tag, strings, dates) -> object:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(inline_tag)
            if inline is None:
                return None
            if len(inline) == 1 and inline[0].tag == text_tag:
                return inline[0].text or ""  # the usual case: one plain text
            return "".join(t.text or "" for t in inline.iter(text_tag))
        raw = cell.findtext(value_tag)
        if raw is None or raw == "":
            return None
        if kind == "s":
            try:
                return strings[int(raw)]
            except (ValueError, IndexError):
                raise WorkbookProblem("invalid") from None
        if kind in ("str", "e"):
            return raw
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "d":
            try:
                return datetime.datetime.fromisoformat(raw.strip())
            except ValueError:
                return raw
        try:
            number = _number(raw)
        except ValueError:
            return raw
        style = cell.get("s")
        if style is not None and style in dates:
            day = self._days.get(number)
            if day is None:
                try:
                    day = from_excel(number, self.epoch)
                except (ValueError, OverflowError, TypeError):
                    return number
                if len(self._days) < 100_000:
                    self._days[number] = day
            return day
        return number
