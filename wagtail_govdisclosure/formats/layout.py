"""The printed grid of a standard table, derived from its declaration.

A table's declaration says *what* the rows and columns are (trees of
:class:`~.base.RowGroup` / :class:`~.base.ColumnGroup`); this module says
*where* each label and number sits on the printed form: header lines and body
lines of cells with ``rowspan``/``colspan``, exactly as in the official
document. The HTML table, the PDF and the editor's grid all draw this grid, so
it knows nothing about HTML.

One algorithm lays out both axes. In a tree of depth ``D`` a leaf at depth
``d`` (1 for the top level) spans ``D - d + 1`` levels and a group spans its
leaves: for the column tree the levels are header lines, for the row tree they
are label columns. A table printed :attr:`~.base.Layout.ACROSS` (行政复议、行政诉讼)
has no label column: its row tree becomes the top of the column header.

Every header and label cell has a stable ``id`` (without any page prefix, e.g.
``applications-row-received``) and every data cell lists in ``headers`` the ids
of all the headers it sits under, for screen readers.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .base import Band, Cell, CellKind, Column, ColumnGroup, Layout, Row, RowGroup, Table
from .values import CellStatus, read_cell


class CellRole(enum.StrEnum):
    """What a cell of the printed grid is."""

    #: The top-left corner: the table's note (勾稽关系), or empty.
    NOTE = "note"
    #: A column header, a band's heading line or its stub label (信息内容).
    HEADER = "header"
    #: A row label.
    LABEL = "label"
    #: A number of the report.
    DATA = "data"


class Scope(enum.StrEnum):
    """The HTML ``scope`` a header cell takes (empty for others)."""

    NONE = ""
    COL = "col"
    COLGROUP = "colgroup"
    ROW = "row"
    ROWGROUP = "rowgroup"


@dataclass(frozen=True)
class GridCell:
    """One printed cell, placed at ``(top, left)`` of the whole grid (header lines first)."""

    kind: CellRole
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    #: Stable identifier of a header, label or note cell (``""`` for data cells).
    id: str = ""
    #: For a data cell: ids of every header above it and label beside it, outermost first.
    headers: tuple[str, ...] = ()
    scope: Scope = Scope.NONE
    #: For a data cell: the public reference ``table.row.column``.
    ref: str = ""
    #: A total row or column (or a cell in one).
    is_total: bool = False
    #: Depth of a header or label in its tree (0 = outermost).
    level: int = 0
    #: Whether a header or label is a group over other headers or labels.
    is_group: bool = False
    top: int = 0
    left: int = 0
    #: For a data cell: the declared cell it shows.
    cell: Cell | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class GridRow:
    """One printed line of cells (those covered by a span from above are absent)."""

    cells: tuple[GridCell, ...]
    #: The line is a band's heading (第二十条第（一）项).
    band_heading: bool = False
    #: 1-based index of the band the line belongs to.
    band: int = 1

    @property
    def is_header(self) -> bool:
        """The line holds headers only (a band's heading or column header line)."""
        return all(c.kind in (CellRole.HEADER, CellRole.NOTE) for c in self.cells)


@dataclass(frozen=True)
class TableGrid:
    """The printed grid of a table.

    ``header_rows`` is the column header printed once above the body (repeated on
    each printed page); it is empty for a table of several bands, whose every
    band carries its own heading and header lines in ``body_rows``.
    """

    table: Table
    header_rows: tuple[GridRow, ...]
    body_rows: tuple[GridRow, ...]
    width: int
    #: Number of label columns on the left (0 for a table printed across).
    label_width: int

    @property
    def rows(self) -> tuple[GridRow, ...]:
        return self.header_rows + self.body_rows

    def bands(self) -> tuple[tuple[GridRow, ...], ...]:
        """``body_rows`` grouped by band: no span crosses from one group to the next."""
        groups: dict[int, list[GridRow]] = {}
        for row in self.body_rows:
            groups.setdefault(row.band, []).append(row)
        return tuple(tuple(rows) for rows in groups.values())

    def cells(self) -> Iterator[GridCell]:
        for row in self.rows:
            yield from row.cells

    @functools.cached_property
    def data_cells(self) -> dict[str, GridCell]:
        """Data cells by reference ``table.row.column``."""
        return {c.ref: c for c in self.cells() if c.kind is CellRole.DATA}

    @functools.cached_property
    def by_id(self) -> dict[str, GridCell]:
        """Header, label and note cells by id."""
        return {c.id: c for c in self.cells() if c.id}


# --- the tree → spans algorithm ----------------------------------------------


@dataclass(frozen=True)
class _Node:
    """A header or label of either axis, with its id worked out."""

    label: str
    id: str
    children: tuple[_Node, ...] = ()
    is_total: bool = False
    #: A leaf's row and column keys (ACROSS leaves have both; a ROWS leaf one of them).
    row: Row | None = None
    column: Column | None = None


@dataclass(frozen=True)
class _Span:
    node: _Node
    level: int
    #: Index of the first leaf under the node.
    start: int
    #: Number of leaves under the node (lines of a row tree, columns of a column tree).
    breadth: int
    #: Levels the node covers (header lines of a column tree, label columns of a row tree).
    depth: int
    ancestors: tuple[_Node, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        """This node's id preceded by its ancestors', outermost first."""
        return (*(a.id for a in self.ancestors), self.node.id)


def _depth(nodes: tuple[_Node, ...]) -> int:
    return max((1 + _depth(n.children) if n.children else 1) for n in nodes) if nodes else 0


def _spans(nodes: tuple[_Node, ...], depth: int) -> list[_Span]:
    """Every node of the forest ``nodes`` with the leaves and levels it covers.

    ``depth`` is the number of levels to fill (at least the forest's depth): a
    leaf at level ``l`` (0-based) stretches over the remaining ``depth - l``.
    """
    spans: list[_Span] = []

    def walk(nodes: tuple[_Node, ...], level: int, start: int, ancestors: tuple) -> int:
        covered = 0
        for node in nodes:
            if node.children:
                index = len(spans)
                spans.append(_Span(node, level, start + covered, 0, 1, ancestors))
                breadth = walk(node.children, level + 1, start + covered, (*ancestors, node))
                spans[index] = replace(spans[index], breadth=breadth)
            else:
                breadth = 1
                spans.append(_Span(node, level, start + covered, 1, depth - level, ancestors))
            covered += breadth
        return covered

    walk(nodes, 0, 0, ())
    return spans


def _leaf_spans(spans: list[_Span]) -> list[_Span]:
    return [s for s in spans if not s.node.children]


# --- turning a declaration into trees ------------------------------------------


def _group_id(prefix: str, node: RowGroup | ColumnGroup, outer: tuple[str, ...]) -> str:
    """``prefix-first-last`` after the leaves the group covers.

    Only an enclosing group can cover the same leaves (a group whose one child is a
    group); the inner one then also says its level.
    """
    leaves = _leaf_keys(node)
    group_id = f"{prefix}-{leaves[0]}-{leaves[-1]}" if len(leaves) > 1 else f"{prefix}-{leaves[0]}"
    return f"{group_id}-{len(outer)}" if group_id in outer else group_id


def _leaf_keys(node: Row | Column | RowGroup | ColumnGroup) -> list[str]:
    if isinstance(node, RowGroup | ColumnGroup):
        if not node.children:
            raise ValueError(f"The group “{node.label}” has no rows or columns.")
        return [k for child in node.children for k in _leaf_keys(child)]
    return [node.key]


def _column_nodes(
    columns: tuple[Column | ColumnGroup, ...],
    prefix: str,
    row: Row | None = None,
    outer: tuple[str, ...] = (),
) -> tuple[_Node, ...]:
    """The column tree; ``prefix`` qualifies the ids (per band, or per row when across)."""
    nodes = []
    for node in columns:
        if isinstance(node, ColumnGroup):
            group_id = _group_id(f"{prefix}-colgroup", node, outer)
            nodes.append(
                _Node(
                    node.label,
                    group_id,
                    _column_nodes(node.children, prefix, row, (*outer, group_id)),
                )
            )
        else:
            nodes.append(
                _Node(
                    node.label,
                    f"{prefix}-col-{node.key}",
                    is_total=node.is_total,
                    row=row,
                    column=node,
                )
            )
    return tuple(nodes)


def _row_nodes(
    rows: tuple[Row | RowGroup, ...], prefix: str, outer: tuple[str, ...] = ()
) -> tuple[_Node, ...]:
    nodes = []
    for node in rows:
        if isinstance(node, RowGroup):
            group_id = _group_id(f"{prefix}-rowgroup", node, outer)
            nodes.append(
                _Node(node.label, group_id, _row_nodes(node.children, prefix, (*outer, group_id)))
            )
        else:
            nodes.append(
                _Node(node.label, f"{prefix}-row-{node.key}", is_total=node.is_total, row=node)
            )
    return tuple(nodes)


def _across_nodes(
    rows: tuple[Row | RowGroup, ...], band: Band, prefix: str, outer: tuple[str, ...] = ()
) -> tuple[_Node, ...]:
    """The row tree with each row turned into a group over the band's columns."""
    nodes = []
    for node in rows:
        if isinstance(node, RowGroup):
            group_id = _group_id(f"{prefix}-rowgroup", node, outer)
            nodes.append(
                _Node(
                    node.label,
                    group_id,
                    _across_nodes(node.children, band, prefix, (*outer, group_id)),
                )
            )
        else:
            nodes.append(
                _Node(
                    node.label,
                    f"{prefix}-row-{node.key}",
                    _column_nodes(band.columns, f"{prefix}-{node.key}", node),
                    is_total=node.is_total,
                    row=node,
                )
            )
    return tuple(nodes)


def _header_lines(
    spans: list[_Span], levels: int, leaves: int, stretch: int
) -> list[list[GridCell]]:
    """Header cells line by line; ``stretch`` extra columns go to the last column."""
    lines: list[list[GridCell]] = [[] for _ in range(levels)]
    for span in sorted(spans, key=lambda s: (s.level, s.start)):
        last = span.start + span.breadth == leaves
        is_group = bool(span.node.children)
        lines[span.level].append(
            GridCell(
                CellRole.HEADER,
                span.node.label,
                rowspan=span.depth,
                colspan=span.breadth + (stretch if last else 0),
                id=span.node.id,
                scope=Scope.COLGROUP if is_group else Scope.COL,
                is_total=span.node.is_total,
                level=span.level,
                is_group=is_group,
            )
        )
    return lines


def _data_cell(
    table: Table, row: Row, column: Column, headers: tuple[str, ...], colspan: int
) -> GridCell:
    cell = table.cell(row.key, column.key)
    return GridCell(
        CellRole.DATA,
        colspan=colspan,
        headers=headers,
        ref=cell.ref,
        is_total=cell.is_total,
        cell=cell,
    )


# --- the two layouts -----------------------------------------------------------


def _rows_layout(table: Table) -> tuple[list[GridRow], list[GridRow], int, int]:
    row_forests = [_row_nodes(band.rows, table.key) for band in table.bands]
    label_width = max(_depth(forest) for forest in row_forests)
    width = label_width + max(len(band.leaf_columns) for band in table.bands)
    # A table of one plain band prints its column header once, on top; otherwise
    # every band carries its own heading and header lines.
    banded = len(table.bands) > 1 or any(band.heading for band in table.bands)

    header: list[GridRow] = []
    body: list[GridRow] = []
    for index, (band, row_forest) in enumerate(zip(table.bands, row_forests, strict=True), 1):
        prefix = f"{table.key}-band{index}" if len(table.bands) > 1 else table.key
        band_lines: list[GridRow] = []
        band_ids: tuple[str, ...] = ()
        if band.heading:
            band_ids = (f"{table.key}-band{index}",)
            heading = GridCell(
                CellRole.HEADER,
                band.heading,
                colspan=width,
                id=band_ids[0],
                scope=Scope.COLGROUP,
                is_group=True,
            )
            band_lines.append(GridRow((heading,), band_heading=True, band=index))

        column_forest = _column_nodes(band.columns, prefix)
        column_spans = _spans(column_forest, _depth(column_forest))
        column_leaves = _leaf_spans(column_spans)
        levels = _depth(column_forest)
        stretch = width - label_width - len(column_leaves)
        lines = _header_lines(column_spans, levels, len(column_leaves), stretch)
        if band.stub_label:
            corner = GridCell(
                CellRole.HEADER,
                band.stub_label,
                rowspan=levels,
                colspan=label_width,
                id=f"{prefix}-stub",
                scope=Scope.COL,
            )
        else:
            corner = GridCell(
                CellRole.NOTE,
                table.note if index == 1 else "",
                rowspan=levels,
                colspan=label_width,
                id=f"{table.key}-note" if table.note and index == 1 else "",
            )
        lines[0].insert(0, corner)
        band_lines += [GridRow(tuple(line), band=index) for line in lines]

        row_spans = _spans(row_forest, label_width)
        labels_at: dict[int, list[_Span]] = {}
        for span in row_spans:
            labels_at.setdefault(span.start, []).append(span)
        for row_span in _leaf_spans(row_spans):
            cells = [
                GridCell(
                    CellRole.LABEL,
                    span.node.label,
                    rowspan=span.breadth,
                    colspan=span.depth,
                    id=span.node.id,
                    scope=Scope.ROWGROUP if span.node.children else Scope.ROW,
                    is_total=span.node.is_total,
                    level=span.level,
                    is_group=bool(span.node.children),
                )
                for span in sorted(labels_at[row_span.start], key=lambda s: s.level)
            ]
            assert row_span.node.row is not None
            for position, column_span in enumerate(column_leaves):
                assert column_span.node.column is not None
                last = position == len(column_leaves) - 1
                cells.append(
                    _data_cell(
                        table,
                        row_span.node.row,
                        column_span.node.column,
                        band_ids + row_span.ids + column_span.ids,
                        1 + (stretch if last else 0),
                    )
                )
            band_lines.append(GridRow(tuple(cells), band=index))

        if banded:
            body += band_lines
        else:
            header += [line for line in band_lines if line.is_header]
            body += [line for line in band_lines if not line.is_header]
    return header, body, width, label_width


def _across_layout(table: Table) -> tuple[list[GridRow], list[GridRow], int, int]:
    forest: list[_Node] = []
    for index, band in enumerate(table.bands, 1):
        prefix = f"{table.key}-band{index}" if len(table.bands) > 1 else table.key
        nodes = _across_nodes(band.rows, band, prefix)
        if band.heading:
            nodes = (_Node(band.heading, f"{table.key}-band{index}", nodes),)
        forest.extend(nodes)
    spans = _spans(tuple(forest), _depth(tuple(forest)))
    leaves = _leaf_spans(spans)
    width = len(leaves)
    header = [
        GridRow(tuple(line)) for line in _header_lines(spans, _depth(tuple(forest)), width, 0)
    ]
    if table.note:
        note = GridCell(CellRole.NOTE, table.note, colspan=width, id=f"{table.key}-note")
        header.insert(0, GridRow((note,)))
    data = []
    for span in leaves:
        assert span.node.row is not None and span.node.column is not None
        data.append(_data_cell(table, span.node.row, span.node.column, span.ids, 1))
    return header, [GridRow(tuple(data))], width, 0


def _place(rows: list[GridRow], width: int, first_line: int) -> list[GridRow]:
    """Give every cell its ``(top, left)``; refuse a grid that is not rectangular."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for offset, row in enumerate(rows):
        line = first_line + offset
        column = 0
        cells = []
        for cell in row.cells:
            while (line, column) in taken:
                column += 1
            for dy in range(cell.rowspan):
                for dx in range(cell.colspan):
                    taken.add((line + dy, column + dx))
            cells.append(replace(cell, top=line, left=column))
            column += cell.colspan
        placed.append(replace(row, cells=tuple(cells)))
    expected = {(first_line + y, x) for y in range(len(rows)) for x in range(width)}
    if taken != expected:  # pragma: no cover - a declaration the algorithm cannot print
        raise ValueError("The declared rows and columns do not make a rectangular table.")
    return placed


@functools.cache
def table_grid(table: Table) -> TableGrid:
    """The printed grid of ``table`` (computed once per declared table)."""
    if table.layout is Layout.ACROSS:
        header, body, width, label_width = _across_layout(table)
    else:
        header, body, width, label_width = _rows_layout(table)
    placed_header = _place(header, width, 0)
    # Spans never cross a band, so each band is placed (and checked) on its own.
    placed_body: list[GridRow] = []
    line = len(header)
    for band in sorted({row.band for row in body}):
        rows = [row for row in body if row.band == band]
        placed_body += _place(rows, width, line)
        line += len(rows)
    return TableGrid(table, tuple(placed_header), tuple(placed_body), width, label_width)


# --- showing a number as the form prints it ------------------------------------


def display_value(raw: object, column: Column) -> str:
    """The text a cell prints: the number as the form writes it, or what was typed.

    Counts print as whole numbers and amounts without trailing zeros (``0``,
    ``1.5``); a blank prints as ``""``; a placeholder or anything that is not a
    number prints as typed, so the reader sees what the report says.
    """
    reading = read_cell(raw, column)
    if reading.status is CellStatus.BLANK:
        return ""
    if reading.ok:
        if column.kind is CellKind.AMOUNT:
            return format(Decimal(reading.value).normalize(), "f")
        return str(int(reading.value))  # type: ignore[arg-type]
    return str(raw).strip()


__all__ = [
    "CellRole",
    "GridCell",
    "GridRow",
    "Scope",
    "TableGrid",
    "display_value",
    "table_grid",
]
