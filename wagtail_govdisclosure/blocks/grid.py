"""Where each label and input of a table sits in the editor's grid.

The editor draws the printed grid of :mod:`~wagtail_govdisclosure.formats.layout`
(the same one the HTML table and the PDF draw), split along Wagtail's block
structure: the table block draws the header lines and asks each row block to
draw its own line (its labels and one input per cell). Every piece carries its
place on a CSS grid, so a row block's cells line up with the table's headers
although they sit in a different element.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ..formats.base import Layout, Table
from ..formats.layout import CellRole, GridCell, table_grid

#: The ARIA role of each kind of printed cell.
_ROLES = {
    CellRole.NOTE: "cell",
    CellRole.HEADER: "columnheader",
    CellRole.LABEL: "rowheader",
    CellRole.DATA: "cell",
}


@dataclass(frozen=True)
class PlacedCell:
    """A printed cell with its CSS ``grid-area`` and ARIA role."""

    cell: GridCell

    @property
    def area(self) -> str:
        c = self.cell
        return f"{c.top + 1} / {c.left + 1} / span {c.rowspan} / span {c.colspan}"

    @property
    def role(self) -> str:
        return _ROLES[self.cell.kind]

    @property
    def kind(self) -> str:
        return self.cell.kind.value

    @property
    def column_key(self) -> str:
        """For a data cell: the key of the row block's child that holds it."""
        return self.cell.cell.column.key if self.cell.cell is not None else ""


@dataclass(frozen=True)
class GridLine:
    """A printed line of the table block: header cells, or the row blocks drawing it."""

    cells: tuple[PlacedCell, ...] = ()
    rows: tuple[str, ...] = ()


@dataclass(frozen=True)
class EditorGrid:
    """The editor's view of a table's printed grid."""

    table: Table
    #: CSS ``grid-template-columns``: label columns, then one column per number.
    columns: str
    #: Lines in printed order: header lines and lines of row blocks.
    lines: tuple[GridLine, ...]
    #: Row key → the cells its row block draws (labels of its line, then its inputs).
    row_cells: dict[str, tuple[PlacedCell, ...]]

    @property
    def across(self) -> bool:
        """All rows sit side by side on one line (行政复议、行政诉讼)."""
        return self.table.layout is Layout.ACROSS


def _columns(label_width: int, data_width: int) -> str:
    # Outer label columns hold short group labels (「三、本年度办理结果」); the innermost one
    # holds the long row labels and takes the spare width.
    numbers = f"repeat({data_width}, minmax(4.25rem, 1fr))"
    if label_width == 0:
        return f"repeat({data_width}, minmax(4rem, 1fr))"
    outer = " ".join(["minmax(3.5rem, 5rem)"] * (label_width - 1))
    return f"{outer} minmax(11rem, 3fr) {numbers}".strip()


@functools.cache
def editor_grid(table: Table) -> EditorGrid:
    """The editor grid of ``table`` (computed once per declared table)."""
    grid = table_grid(table)
    lines: list[GridLine] = []
    row_cells: dict[str, list[PlacedCell]] = {}
    for line in grid.rows:
        placed = tuple(PlacedCell(cell) for cell in line.cells)
        data = [p for p in placed if p.cell.kind is CellRole.DATA]
        if not data:
            lines.append(GridLine(cells=placed))
            continue
        keys: list[str] = []
        for p in data:
            assert p.cell.cell is not None
            key = p.cell.cell.row.key
            if key not in keys:
                keys.append(key)
        # Labels go with the first row drawn on the line (the only one, unless printed across).
        for index, key in enumerate(keys):
            own = [
                p
                for p in placed
                if (p.cell.cell is not None and p.cell.cell.row.key == key)
                or (p.cell.kind is not CellRole.DATA and index == 0)
            ]
            row_cells.setdefault(key, []).extend(own)
        lines.append(GridLine(rows=tuple(keys)))
    return EditorGrid(
        table=table,
        columns=_columns(grid.label_width, grid.width - grid.label_width),
        lines=tuple(lines),
        row_cells={key: tuple(cells) for key, cells in row_cells.items()},
    )
