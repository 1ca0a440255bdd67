"""Reading a born-digital PDF report (exported from Word, WPS or a web page) with pdfplumber.

A PDF has no tables, only characters at positions and the ruling lines drawn
between cells. Each page's tables are found by their ruling lines; a cell is a
rectangle closed by lines, and the grid is laid on the distinct left and top
edges of all the cells, so a cell spanning several columns or rows covers
those positions (the others recorded as copies, as the .docx reader does). A
cell's text is the characters whose centre lies inside it.

Text outside the tables becomes paragraphs, ordered with the tables from the
top of each page down; page numbers are dropped. A table that ends a page and
goes on at the top of the next (the same column edges) is joined into one
grid: the header rows Word repeats on each page are left out, and a row the
page break cut in two is put together again (Word closes both pieces with
lines, and the halves' label is a declared one; a browser's print leaves the
cut open, and the vertical lines bound the pieces).

A PDF without a text layer (a scan, a picture of the report) is refused with
its reason: its figures could only be guessed.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .grid import (
    Block,
    GridBuilder,
    SourceCell,
    SourceDocument,
    SourceTable,
    UnreadableFile,
    is_declared_label,
    label_key,
)

#: More pages than any annual report has; a bigger file is not read (bounded time).
MAX_PAGES = 120
#: Characters on the pages below which a PDF counts as having no text layer.
_MIN_CHARACTERS = 20
#: Edges closer than this (points) are one edge: borders are drawn with some slack.
_SNAP = 2.0
_TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}


Box = tuple[float, float, float, float]


@dataclass
class _Part:
    """A table's cells on one page."""

    cells: list[Box]
    texts: list[str]
    bbox: Box
    #: Its last / first row is the piece of a row the page break cut, drawn without the
    #: line at the cut (a browser's print of a web page).
    cut_below: bool = False
    cut_above: bool = False

    @property
    def columns(self) -> list[float]:
        return _edges([c[0] for c in self.cells] + [c[2] for c in self.cells])


@dataclass
class _Table:
    """A table: its part on each page it runs over."""

    parts: list[_Part]


@dataclass
class _Placed:
    """A paragraph line or a table, and where it stands on its page (its top, in points)."""

    top: float
    block: str | _Table


#: A page number or running page header/footer line (「- 3 -」「第 3 页 共 9 页」「3/9」).
_PAGE_NUMBER = re.compile(r"[-—–\s]*(第?\s*\d+\s*页?)(\s*[/／共]\s*\d+\s*页?)?[-—–\s]*")


def read_pdf(data: bytes) -> SourceDocument:
    """The paragraphs and tables of a PDF, page by page in reading order."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        try:
            pdf = pdfplumber.open(io.BytesIO(data))
        except PdfminerException as exc:  # pdfplumber wraps what pdfminer raised
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
            raise cause from None
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise UnreadableFile(
            _("The PDF file is protected by a password and cannot be read.")
        ) from exc
    except (PdfminerException, PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise UnreadableFile(
            _(
                "The PDF file is damaged or incomplete and cannot be opened (%(error)s). "
                "Export it from Word or WPS again and retry."
            )
            % {"error": str(exc) or type(exc).__name__}
        ) from exc
    with pdf:
        pages = pdf.pages
        if len(pages) > MAX_PAGES:
            raise UnreadableFile(
                _("The PDF file has %(count)s pages; an annual report has at most %(max)s.")
                % {"count": len(pages), "max": MAX_PAGES}
            )
        pages_blocks: list[list[_Placed]] = []
        characters = 0
        title = author = ""
        try:
            title = str((pdf.metadata or {}).get("Title") or "")
            author = str((pdf.metadata or {}).get("Author") or "")
            for page in pages:
                characters += len(page.chars)
                pages_blocks.append(_page_blocks(page))
        except (PdfminerException, PSException, ValueError, KeyError, TypeError) as exc:
            raise UnreadableFile(
                _(
                    "The PDF file is damaged or incomplete and cannot be opened (%(error)s). "
                    "Export it from Word or WPS again and retry."
                )
                % {"error": str(exc) or type(exc).__name__}
            ) from exc
    if characters < _MIN_CHARACTERS:
        raise UnreadableFile(
            _(
                "The PDF file has no text layer: it is a scan or a picture of the report, "
                "whose figures cannot be read without guessing. Import the .docx file the "
                "report was made from, its web page, or a PDF exported from Word or WPS."
            )
        )
    blocks: list[Block] = []
    for placed in _join_pages(pages_blocks):
        if isinstance(placed.block, _Table):
            blocks.append(_grid(placed.block))
        else:
            blocks.append(placed.block)
    return SourceDocument(
        blocks,
        title_hints=[title] if title.strip() else [],
        agency_hints=[author] if author.strip() else [],
    )


def _join_pages(pages: list[list[_Placed]]) -> list[_Placed]:
    """The pages' blocks in order, a table continued at the top of the next page joined to it.

    A page ends with a table and the next begins with one (page numbers aside)
    with the same right edge and the same column edges, but for those of labels
    that only the rows of one page split: one table broken by the page.
    """
    joined: list[_Placed] = []
    for page in pages:
        page = [p for p in page if not _is_page_number(p.block)]
        if (
            page
            and joined
            and isinstance(page[0].block, _Table)
            and isinstance(joined[-1].block, _Table)
            and _continues(joined[-1].block.parts[-1], page[0].block.parts[0])
        ):
            joined[-1].block.parts += page[0].block.parts
            page = page[1:]
        joined.extend(page)
    return joined


def _is_page_number(block: str | _Table) -> bool:
    return isinstance(block, str) and bool(_PAGE_NUMBER.fullmatch(block))


def _continues(first: _Part, following: _Part) -> bool:
    """Whether ``following`` continues ``first``: one's column edges are all the other's.

    The left edge may be further in: a label cell merged down over the page
    break is often drawn without its lines on the next page.
    """
    edges, own = first.columns, following.columns
    if min(len(edges), len(own)) < 3 or abs(own[-1] - edges[-1]) > _SNAP:
        return False

    def within(some: list[float], others: list[float]) -> bool:
        return all(min(abs(x - e) for e in others) <= _SNAP for x in some)

    return within(own, edges) or within(edges[1:], own)


def _page_blocks(page: Any) -> list[_Placed]:
    tables = [t for t in page.find_tables(_TABLE_SETTINGS) if len(t.cells) > 1]
    parts = [_Part(list(t.cells), [], t.bbox) for t in tables]
    if parts:
        _add_cut_rows(page, parts)
    for part in parts:
        part.texts = _cell_texts(page, part.cells)
    boxes = [part.bbox for part in parts]
    placed = [_Placed(part.bbox[1], _Table([part])) for part in parts]

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        return not any(_contains(box, obj) for box in boxes)

    text_page = page.filter(outside)
    for line in text_page.extract_text_lines(return_chars=False, strip=True):
        text = line["text"].strip()
        if text:
            placed.append(_Placed(line["top"], text))
    placed.sort(key=lambda p: p.top)
    return placed


def _add_cut_rows(page: Any, parts: list[_Part]) -> None:
    """Cells of a row cut by the page break below the lowest table / above the highest.

    The cut leaves the row without its closing line, so no rectangle is closed;
    its vertical lines still run from the table's edge, and they bound the cells.
    """
    verticals = [e for e in page.edges if e["orientation"] == "v"]
    lowest = max(parts, key=lambda p: p.bbox[3])
    below = [
        e
        for e in verticals
        if abs(e["top"] - lowest.bbox[3]) <= _SNAP and e["bottom"] - e["top"] > _SNAP
    ]
    cells = _cut_cells(below, lowest, lowest.bbox[3], max((e["bottom"] for e in below), default=0))
    if cells:
        lowest.cells += cells
        lowest.bbox = (*lowest.bbox[:3], cells[0][3])
        lowest.cut_below = True
    highest = min(parts, key=lambda p: p.bbox[1])
    above = [
        e
        for e in verticals
        if abs(e["bottom"] - highest.bbox[1]) <= _SNAP and e["bottom"] - e["top"] > _SNAP
    ]
    top = min((e["top"] for e in above), default=0)
    cells = _cut_cells(above, highest, top, highest.bbox[1])
    if cells:
        highest.cells = cells + highest.cells
        highest.bbox = (highest.bbox[0], top, *highest.bbox[2:])
        highest.cut_above = True


def _cut_cells(edges: list[dict[str, Any]], part: _Part, top: float, bottom: float) -> list[Box]:
    xs = _edges(e["x0"] for e in edges if part.bbox[0] - _SNAP <= e["x0"] <= part.bbox[2] + _SNAP)
    if len(xs) < 2 or bottom - top <= _SNAP:
        return []
    return [(left, top, right, bottom) for left, right in itertools.pairwise(xs)]


def _contains(box: Box, char: dict[str, Any]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _edges(values: Iterable[float]) -> list[float]:
    """Distinct positions, those within ``_SNAP`` of each other taken as one."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _SNAP:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _grid(table: _Table) -> SourceTable:
    """The table's cells laid on the grid of their edges, page after page.

    A cell covers the positions between its edges. On a following page, the
    header rows Word repeats are left out, and a row the page break cut in two
    is put together again when its halves' label is a declared one.
    """
    columns = _edges(x for part in table.parts for c in part.cells for x in (c[0], c[2]))
    rows: list[list[SourceCell]] = []
    previous_part: _Part | None = None
    for part in table.parts:
        own = _part_rows(part, columns)
        if rows:
            repeated = 0
            while (
                repeated < len(own)
                and repeated < len(rows)
                and _texts(own[repeated]) == (_texts(rows[repeated]))
            ):
                repeated += 1
            own = own[repeated:]
            cut = previous_part is not None and previous_part.cut_below and part.cut_above
            if own and (cut or _cut_row(rows[-1], own[0])):
                rows[-1] = [
                    SourceCell(_joined(a.text, b.text) if not a.is_copy else a.text, a.origin)
                    for a, b in zip(rows[-1], own[0], strict=True)
                ]
                own = own[1:]
        offset = len(rows)
        rows += [[_moved(c, offset) for c in row] for row in own]
        previous_part = part
    return SourceTable(rows, spans_resolved=True)


def _moved(cell: SourceCell, offset: int) -> SourceCell:
    if cell.origin is None:
        return cell
    return SourceCell(cell.text, (cell.origin[0] + offset, cell.origin[1]))


def _part_rows(part: _Part, columns: list[float]) -> list[list[SourceCell]]:
    rows = _edges(y for c in part.cells for y in (c[1], c[3]))
    by_position: dict[tuple[int, int], tuple[str, int, int]] = {}
    for cell, text in zip(part.cells, part.texts, strict=True):
        top, left = _index(rows, cell[1]), _index(columns, cell[0])
        bottom, right = _index(rows, cell[3]), _index(columns, cell[2])
        by_position[(top, left)] = (text, max(bottom - top, 1), max(right - left, 1))
    builder = GridBuilder()
    for top in range(len(rows) - 1):
        builder.new_row()
        for left in range(len(columns) - 1):
            if (top, left) in by_position:
                text, rowspan, colspan = by_position[(top, left)]
                builder.put(left, text, rowspan=rowspan, colspan=colspan)
    grid = builder.table().rows
    width = len(columns) - 1
    return [row + [SourceCell("")] * (width - len(row)) for row in grid]


def _texts(row: list[SourceCell]) -> list[str]:
    return [label_key(cell.text) for cell in row]


def _cut_row(last: list[SourceCell], first: list[SourceCell]) -> bool:
    """Whether two rows are the halves of one cut by the page break: only together a label."""
    for a, b in zip(last, first, strict=True):
        if a.is_copy or not a.text.strip() or not b.text.strip():
            continue
        if not is_declared_label(a.text) and not is_declared_label(b.text):
            if is_declared_label(a.text + b.text):
                return True
    return False


def _joined(first: str, second: str) -> str:
    if not second.strip():
        return first
    if not first.strip():
        return second
    return _join_lines([first, second])


def _join_lines(lines: list[str]) -> str:
    """Lines of a cell as one text; a number wrapped in a narrow column is one number again."""
    text = ""
    for line in lines:
        if text and text[-1].isdigit() and line[:1].isdigit():
            text += line
        else:
            text += ("\n" if text else "") + line
    return text


def _cell_texts(page: Any, cells: list[Box]) -> list[str]:
    """Each cell's text: its characters' lines, top to bottom."""
    from pdfplumber.utils import extract_text

    inside: list[list[dict[str, Any]]] = [[] for _cell in cells]
    for char in page.chars:
        for n, box in enumerate(cells):
            if _contains(box, char):
                inside[n].append(char)
                break
    return [
        _join_lines(extract_text(chars).strip().splitlines()) if chars else "" for chars in inside
    ]
