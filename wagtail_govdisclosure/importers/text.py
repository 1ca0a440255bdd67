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


def read_text(text: str) -> SourceDocument:
    """Split the export into paragraphs and tables."""
    blocks: list[Block] = []
    rows: list[list[str]] | None = None
    row: list[str] | None = None
    in_cell = False  # the previous line was a cell's line: a line without a tab continues it

    def end_table() -> None:
        nonlocal rows, row
        if rows:
            grid = [[SourceCell(cell) for cell in cells] for cells in rows if cells]
            blocks.append(SourceTable(grid, spans_resolved=False))
        rows = row = None

    for line in text.splitlines():
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
    return SourceDocument(blocks)
