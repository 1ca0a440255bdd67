"""Reading the plain-text export of a report (the seed fixture's format).

The export writes paragraphs as lines and a table as rows separated by blank
lines, each cell on a line of its own starting with a tab; a cell's further
lines follow without a tab. A merged cell is written once, in the row where it
starts; the rows it covers below write an empty cell in its place, and the
columns it covers to the right write nothing, so rows have different lengths.
The grid is therefore handed to the core as *unresolved*
(:attr:`~.grid.SourceTable.spans_resolved` is ``False``).

Word's export also leaves markers such as ``[bookmark: _GoBack]`` and
``[image: 图片1]`` in the text; they are not part of the report and are dropped.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .grid import Block, SourceCell, SourceDocument, SourceTable, UnreadableFile

_MARKER = re.compile(r"\[(?:bookmark|image):[^\]]*\]")


def decode_text(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), else GB18030 (GBK's superset)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableFile(
                _("The text file is damaged (UTF-16 that does not decode).")
            ) from exc
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(_("The file is not text in UTF-8 or GB18030 (GBK)."))


_PIPE_RULE = re.compile(r"\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?")


def _delimited_cells(line: str) -> list[str] | None:
    """A table row written on one line: ``| 规章 | 0 | 0 |`` (a pipe table) or ``规章\t0\t0``
    (a table copied from a web page, cells separated by tabs); else ``None``."""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        return [cell.strip() for cell in stripped[1:-1].split("|")]
    if "\t" in line and not line.startswith("\t"):
        cells = [cell.strip() for cell in line.rstrip("\r\n").split("\t")]
        if sum(1 for cell in cells if cell) >= 2:
            return cells
    return None


def read_text(text: str) -> SourceDocument:
    """Split the text into paragraphs and tables.

    Besides the Word export (a cell to a line), a table may be written a row to a
    line: a pipe table (``| 规章 | 0 |``, its ``|---|`` rule left out) or a table
    copied from a web page (cells separated by tabs). Rows of one width write every
    position; rows of different widths write a merged cell once, as the export
    does, and are aligned on their right-hand end.
    """
    blocks: list[Block] = []
    rows: list[list[str]] | None = None
    row: list[str] | None = None
    in_cell = False  # the previous line was a cell's line: a line without a tab continues it
    delimited: list[list[str]] = []

    def end_table() -> None:
        nonlocal rows, row
        if rows:
            grid = [[SourceCell(cell) for cell in cells] for cells in rows if cells]
            blocks.append(SourceTable(grid, spans_resolved=False))
        rows = row = None

    def end_delimited() -> None:
        if delimited:
            # Rows all as wide write every position (a merged cell's others left empty);
            # rows of different widths leave out the positions a merged cell covers.
            every_position = len({len(cells) for cells in delimited}) == 1
            grid = [[SourceCell(c) for c in cells] for cells in delimited]
            blocks.append(SourceTable(grid, spans_resolved=every_position))
            delimited.clear()

    for line in text.splitlines():
        if _PIPE_RULE.fullmatch(line.strip()) and "-" in line:
            continue  # the rule under a pipe table's first row
        cells = _delimited_cells(line)
        if cells is not None and not in_cell:
            end_table()
            delimited.append(cells)
            continue
        if delimited and not line.strip():
            continue  # a blank line between copied rows
        end_delimited()
        if line.startswith("\t"):
            if rows is None:
                rows = []
            if row is None:
                row = []
                rows.append(row)
            row.append(line[1:])
            in_cell = True
        elif not line.strip():
            row = None  # a blank line ends a table row
            in_cell = False
        elif in_cell and row:
            row[-1] += "\n" + line
        else:
            end_table()
            paragraph = _MARKER.sub("", line).strip()
            if paragraph:
                blocks.append(paragraph)
    end_table()
    end_delimited()
    return SourceDocument(blocks)
