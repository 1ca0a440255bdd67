"""Reading a Word (.docx) report with python-docx.

The body is walked in document order (paragraphs and tables, including those
inside content controls), so each table stands between the paragraphs around
it. Tables are laid on their grid from the XML: ``w:gridBefore`` leaves the
first positions empty, ``w:gridSpan`` repeats a cell to the right and
``w:vMerge="continue"`` repeats the cell above, each repetition recorded as a
copy so the core knows a merged header from two cells that say the same.
(python-docx's own ``Table._cells`` assumes every row fills the whole grid,
which tables pasted from other documents often do not.)
"""

from __future__ import annotations

import io
import zipfile
import zlib

from django.utils.translation import gettext as _
from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from .grid import Block, GridBuilder, SourceDocument, SourceTable, UnreadableFile
from .limits import ReadBudget, check_docx_package

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_SDT, _SDT_CONTENT, _CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
# Text boxes are content of their own; tracked deletions and moved-away text are not the text.
_NOT_TEXT = frozenset({qn("w:txbxContent"), qn("w:del"), qn("w:moveFrom")})
_TC_PR, _GRID_SPAN, _V_MERGE = qn("w:tcPr"), qn("w:gridSpan"), qn("w:vMerge")
_TR_PR, _GRID_BEFORE = qn("w:trPr"), qn("w:gridBefore")
_VAL = qn("w:val")


def read_docx(data: bytes) -> SourceDocument:
    """The paragraphs and tables of a .docx file, in document order.

    The package's unpacked size is checked before anything is unpacked, and
    every span and cell against :class:`~.limits.ReadBudget` before it is laid out.
    """
    check_docx_package(data)
    budget = ReadBudget()
    try:
        document = Document(io.BytesIO(data))
        body = document.element.body
    # A damaged or truncated package fails in the zip layer, the XML parser or
    # python-docx's part loading, with any of these.
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        KeyError,
        ValueError,
        PackageNotFoundError,
        etree.XMLSyntaxError,
    ) as exc:
        raise UnreadableFile(
            _(
                "The .docx file is damaged or incomplete and cannot be opened (%(error)s). "
                "Open it in Word or WPS, save it again and retry."
            )
            % {"error": str(exc) or type(exc).__name__}
        ) from exc
    blocks: list[Block] = []
    _walk(body, blocks, budget)
    return SourceDocument(blocks)


def _walk(
    container: etree._Element, blocks: list[Block], budget: ReadBudget, depth: int = 0
) -> None:
    budget.check_depth(depth)
    for child in container:
        if child.tag == _P:
            blocks.extend(_paragraph_lines(child))
        elif child.tag == _TBL:
            if any(True for _nested in child.iter(_TBL) if _nested is not child):
                # A table holding tables lays out the page: read its cells as content.
                for cell in child.iter(_TC):
                    if _parent_table(cell) is child:
                        budget.check_time()
                        _walk(cell, blocks, budget, depth + 1)
            else:
                blocks.append(_table(child, budget))
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                _walk(content, blocks, budget, depth + 1)
        elif child.tag == _CUSTOM_XML:
            _walk(child, blocks, budget, depth + 1)


def _parent_table(element: etree._Element) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != _TBL:
        parent = parent.getparent()
    return parent


def _paragraph_text(paragraph: etree._Element) -> str:
    """The visible text of a ``w:p``; a line break gives ``\\n``. Text boxes are left out."""
    parts: list[str] = []
    for element in paragraph.iter(_T, _TAB, _BR, _CR, _NO_BREAK_HYPHEN):
        if any(ancestor.tag in _NOT_TEXT for ancestor in element.iterancestors()):
            continue
        if element.tag == _T:
            parts.append(element.text or "")
        elif element.tag == _TAB:
            parts.append("\t")
        elif element.tag == _NO_BREAK_HYPHEN:
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _paragraph_lines(paragraph: etree._Element) -> list[str]:
    return [line for line in _paragraph_text(paragraph).split("\n") if line.strip()]


def _cell_text(cell: etree._Element) -> str:
    lines: list[str] = []
    for paragraph in cell.iter(_P):
        lines.extend(_paragraph_lines(paragraph))
    return "\n".join(lines)


def _int_val(parent: etree._Element | None, tag: str, default: int) -> int:
    if parent is None:
        return default
    element = parent.find(tag)
    if element is None:
        return default
    value = (element.get(_VAL) or "").strip()
    # A value of thousands of digits is not a span; int() of it would be refused anyway.
    if not value.isdigit() or len(value) > 12:
        return default
    return int(value)


def _table(table: etree._Element, budget: ReadBudget) -> SourceTable:
    grid = GridBuilder()
    budget.start_table()
    for row in table.iter(_TR):
        if _parent_table(row) is not table:
            continue
        grid.new_row()
        budget.start_row()
        column = budget.span(_int_val(row.find(_TR_PR), _GRID_BEFORE, 0), "gridBefore")
        for cell in row.iter(_TC):  # also cells wrapped in a content control
            properties = cell.find(_TC_PR)
            span = budget.span(max(_int_val(properties, _GRID_SPAN, 1), 1), "gridSpan")
            budget.place(column, colspan=span)
            merge = properties.find(_V_MERGE) if properties is not None else None
            if merge is not None and merge.get(_VAL, "continue") == "continue":
                column = grid.continue_from_above(column, span)
            else:
                column = grid.put(column, budget.text(_cell_text(cell)), colspan=span)
    return grid.table()
