"""Naming cells in messages, from the declaration's labels.

A message must let a clerk find the cell on the printed form, so a row or a
column is named by its verbatim label, prefixed with the label of the group it
sits in when the label alone does not identify it: items numbered 「1.」「2.」
restart in every group of the applications table, and unnumbered labels such
as 「其他」 or 「复议后起诉」 only make sense under their group. A group that spans
every row (or column) of its band adds nothing and is never named.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from ..formats.base import Band, Cell, ColumnGroup, Layout, ReportFormat, RowGroup, Table

#: The enumeration that starts a label: 「一、」「（一）」「1.」.
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、])")

#: Joins a group's label and a row's or column's label in messages.
_PATH_SEPARATOR = "·"


def _tree_paths(nodes: tuple, above: tuple = ()) -> dict[str, tuple]:
    """Each leaf key → the group nodes above it, outermost first."""
    paths: dict[str, tuple] = {}
    for node in nodes:
        if isinstance(node, RowGroup | ColumnGroup):
            paths.update(_tree_paths(node.children, (*above, node)))
        else:
            paths[node.key] = above
    return paths


def _leaf_count(node: RowGroup | ColumnGroup) -> int:
    return sum(
        _leaf_count(child) if isinstance(child, RowGroup | ColumnGroup) else 1
        for child in node.children
    )


def _titles(nodes: tuple, leaves: Sequence) -> dict[str, str]:
    paths = _tree_paths(nodes)
    markers: dict[str, int] = {}
    for leaf in leaves:
        found = _MARKER.match(leaf.label)
        if found:
            markers[found.group()] = markers.get(found.group(), 0) + 1
    titles = {}
    for leaf in leaves:
        found = _MARKER.match(leaf.label)
        # Numbered items (「6.」) are always named with their group, as a clerk reads them,
        # even where the number happens to occur once.
        ambiguous = not found or markers[found.group()] > 1 or found.group()[0].isdigit()
        groups = [g for g in paths[leaf.key] if _leaf_count(g) < len(leaves)]
        if ambiguous and groups:
            titles[leaf.key] = f"{groups[-1].label}{_PATH_SEPARATOR}{leaf.label}"
        else:
            titles[leaf.key] = leaf.label
    return titles


#: id(band) → (band, row titles, column titles). Keyed by identity: hashing a band hashes
#: its whole tree, which would cost more than the titles. The band is kept alive with them.
_TITLES: dict[int, tuple[Band, dict[str, str], dict[str, str]]] = {}


def _band_titles(band: Band) -> tuple[dict[str, str], dict[str, str]]:
    found = _TITLES.get(id(band))
    if found is None or found[0] is not band:
        found = (band, _titles(band.rows, band.leaf_rows), _titles(band.columns, band.leaf_columns))
        _TITLES[id(band)] = found
    return found[1], found[2]


def row_title(table: Table, row_key: str) -> str:
    """The label naming ``row_key`` in a message (verbatim, maybe with its group)."""
    return _band_titles(table.band_of(row_key))[0][row_key]


def column_title(band: Band, column_key: str) -> str:
    """The label naming a column of ``band`` in a message."""
    return _band_titles(band)[1][column_key]


def quoted(text: str) -> str:
    return f"“{text}”"


def cell_name(cell: Cell) -> str:
    """A cell as a clerk finds it on the form, e.g. 「“一、…”行“总计”列」."""
    row = row_title(cell.table, cell.row.key)
    column = column_title(cell.band, cell.column.key)
    if cell.table.layout is Layout.ACROSS:
        # Printed side by side: each "row" is a column group, so no 行/列 wording.
        return _("“%(row)s”, “%(column)s”") % {"row": row, "column": column}
    return _("row “%(row)s”, column “%(column)s”") % {"row": row, "column": column}


def column_name(table: Table, band: Band, column_key: str) -> str:
    """A whole column of a table, e.g. 「“自然人”列」."""
    title = column_title(band, column_key)
    if table.layout is Layout.ACROSS:
        return quoted(title)
    return _("column “%(column)s”") % {"column": title}


def join_and(items: Sequence[str]) -> str:
    """「a、b与c」: a list in running text."""
    if len(items) == 1:
        return items[0]
    return _("%(items)s and %(last)s") % {"items": _(", ").join(items[:-1]), "last": items[-1]}


def parts_phrase(cells: Sequence[Cell]) -> str:
    """The parts of a total: 「“a”至“b”各项」 when they are a run of the form, else a list."""
    if not cells:
        return ""
    same_row = all(c.row.key == cells[0].row.key for c in cells)
    if same_row:
        band = cells[0].band
        order = [c.key for c in band.leaf_columns]
        keys = [c.column.key for c in cells]
        titles = [column_title(band, k) for k in keys]
    else:
        table = cells[0].table
        order = [r.key for r in table.rows]
        keys = [c.row.key for c in cells]
        titles = [row_title(table, k) for k in keys]
    positions = [order.index(k) for k in keys]
    contiguous = positions == list(range(positions[0], positions[0] + len(positions)))
    if contiguous and len(cells) > 2:
        return _("“%(first)s” to “%(last)s”") % {"first": titles[0], "last": titles[-1]}
    return join_and([quoted(t) for t in titles])


def section_title(report_format: ReportFormat, key: str) -> str:
    for section in report_format.sections:
        if section.key == key:
            return section.title
    return key


def number_text(value: object) -> str:
    """A number as a clerk writes it: 12, 0.5 (never 5E-1)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def date_text(value: datetime.date) -> str:
    """A date in the active language (「2023年1月31日」 in Chinese)."""
    return _("%(month)s/%(day)s/%(year)s") % {
        "year": value.year,
        "month": value.month,
        "day": value.day,
    }
