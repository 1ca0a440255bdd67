"""Bounds on the work one uploaded report may cause, checked before the memory is spent.

A 37 KB .docx whose cell says ``w:gridSpan="30000000"``, or a page of 300×300
cells each ``colspan=1000``, would otherwise make the grid builder fill
millions of positions. The readers ask :class:`ReadBudget` before they place
a cell, and :func:`check_docx_package` looks at the zip's directory before a
single member is decompressed; going over a bound raises
:exc:`~.grid.UnreadableFile` with a message naming what is too large.

The bounds are far above any real report (the national format's widest table
has 13 columns, its longest 30-odd rows; a report's .docx unpacks to well
under 5 MB) and can be set with ``WAGTAIL_GOVDISCLOSURE_IMPORT_LIMITS``, a
dict overriding the keys of :data:`DEFAULT_LIMITS`.
"""

from __future__ import annotations

import io
import time
import zipfile
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from .grid import UnreadableFile

DEFAULT_LIMITS: dict[str, int] = {
    # Bytes of the file itself.
    "file_bytes": 20 * 1024 * 1024,
    # The widest a merged cell may be (gridSpan, gridBefore, colspan) or the tallest (rowspan).
    "span": 100,
    # Positions in one table's grid (rows × columns, merged positions counted).
    "table_cells": 20_000,
    # Positions in all the tables of one file.
    "cells": 200_000,
    # Characters in one cell.
    "cell_chars": 20_000,
    # Nested elements (tables in tables, content controls, HTML nesting).
    "depth": 200,
    # Bytes the .docx package unpacks to, all members together, and its members.
    "unzipped_bytes": 50 * 1024 * 1024,
    "zip_members": 2_000,
    # Seconds one file may take to read.
    "seconds": 30,
}


def limits() -> dict[str, int]:
    """The bounds in force: :data:`DEFAULT_LIMITS` with the portal's overrides."""
    overrides = getattr(settings, "WAGTAIL_GOVDISCLOSURE_IMPORT_LIMITS", None) or {}
    return {**DEFAULT_LIMITS, **{k: int(v) for k, v in overrides.items() if k in DEFAULT_LIMITS}}


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def check_docx_package(data: bytes) -> None:
    """Refuse a .docx whose members would unpack to more than the bound (a zip bomb).

    Only the zip's central directory is read. ``zipfile`` never returns more
    than a member's declared size, so a member lying about its size cannot
    unpack to more than this check saw.
    """
    bounds = limits()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return  # the reader reports the damaged file in its own words
    if len(members) > bounds["zip_members"]:
        raise UnreadableFile(
            _("The .docx file holds %(count)s parts; a report has at most %(limit)s.")
            % {"count": len(members), "limit": bounds["zip_members"]}
        )
    total = sum(member.file_size for member in members)
    if total > bounds["unzipped_bytes"]:
        largest = max(members, key=lambda member: member.file_size)
        raise UnreadableFile(
            _(
                "The .docx file unpacks to %(size)s MB (its part %(part)s alone to "
                "%(part_size)s MB); a report may unpack to at most %(limit)s MB. The file "
                "is not a plain report: save it again from Word or WPS."
            )
            % {
                "size": _megabytes(total),
                "part": largest.filename,
                "part_size": _megabytes(largest.file_size),
                "limit": _megabytes(bounds["unzipped_bytes"]),
            }
        )


class ReadBudget:
    """The work left for reading one file: cells, spans, text and time.

    ``table`` is the number of the table being read (from 1) and ``row`` its
    row, so a refusal names where the oversized cell is.
    """

    def __init__(self, **overrides: Any) -> None:
        self.limits = {**limits(), **overrides}
        self.deadline = time.monotonic() + self.limits["seconds"]
        self.cells = 0
        self.table = 0
        self.row = 0
        self._table_rows = 0
        self._table_width = 0

    def _where(self) -> str:
        return _("table %(table)s, row %(row)s") % {"table": self.table, "row": self.row}

    def start_table(self) -> None:
        self.table += 1
        self.row = 0
        self._table_rows = 0
        self._table_width = 0

    def start_row(self) -> None:
        self.row += 1
        self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise UnreadableFile(
                _("Reading the file took longer than %(seconds)s seconds and was stopped.")
                % {"seconds": self.limits["seconds"]}
            )

    def check_depth(self, depth: int) -> None:
        if depth > self.limits["depth"]:
            raise UnreadableFile(
                _("The file nests elements %(depth)s levels deep; a report needs far fewer.")
                % {"depth": depth}
            )

    def span(self, value: int, what: str) -> int:
        """``value`` (a cell's ``what``: gridSpan, colspan…) if within the bound, else refuse."""
        if value > self.limits["span"]:
            raise UnreadableFile(
                _(
                    "%(where)s: a cell spans %(value)s positions (%(what)s); a report table "
                    "has at most %(limit)s."
                )
                % {"where": self._where(), "value": value, "what": what,
                   "limit": self.limits["span"]}
            )  # fmt: skip
        return value

    def text(self, text: str) -> str:
        if len(text) > self.limits["cell_chars"]:
            raise UnreadableFile(
                _("%(where)s: a cell holds %(count)s characters; a cell may hold %(limit)s.")
                % {"where": self._where(), "count": len(text), "limit": self.limits["cell_chars"]}
            )
        return text

    def place(self, column: int, rowspan: int = 1, colspan: int = 1) -> None:
        """Count the positions a cell at ``column`` covers, before the grid builder fills them."""
        self._table_rows = max(self._table_rows, self.row + rowspan - 1)
        self._table_width = max(self._table_width, column + colspan)
        self.cells += rowspan * colspan
        grid = self._table_rows * self._table_width
        if grid > self.limits["table_cells"]:
            raise UnreadableFile(
                _(
                    "%(where)s: the table grows to %(rows)s rows × %(columns)s columns; a "
                    "report table has at most %(limit)s positions."
                )
                % {"where": self._where(), "rows": self._table_rows,
                   "columns": self._table_width, "limit": self.limits["table_cells"]}
            )  # fmt: skip
        if self.cells > self.limits["cells"]:
            raise UnreadableFile(
                _("%(where)s: the file's tables hold more than %(limit)s cells.")
                % {"where": self._where(), "limit": self.limits["cells"]}
            )
