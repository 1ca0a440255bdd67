"""Keeping text that goes into a spreadsheet from being run as a formula.

Excel and WPS read a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula,
and some programs skip a leading tab or carriage return before deciding, so text
from the registers or a report (an applicant's contact ``+86 …``, content typed as
``=SUM(…)``) could run when an office opens an export (CSV/formula injection). This
module is the one place that knows those characters, used by every export (the
registers, a report's tables, the status board's roll-up), so that a fix reaches
all of them and an import can undo exactly what an export did.

How a cell is protected depends on the file:

* CSV has no types: :func:`neutralise` puts an apostrophe in front, which Excel and
  WPS read as "this is text" and do not show.
* XLSX has typed cells: a cell written as a string (``data_type="s"``) is never a
  formula, so the text is written unchanged and marked ``quotePrefix`` (Excel's own
  "text that looks like a formula" flag); an apostrophe there would show as a literal
  character (「'-」, 「'+86 138…」). :func:`mark_text_cell` does this.

On import, :func:`restore` strips the apostrophe an export put in front of a formula
character, so exported files import back to the same values.
"""

from __future__ import annotations

from typing import Any

#: What a cell may start with for a spreadsheet to read it as a formula (or split it).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: The characters after which an import takes a leading apostrophe for the export's.
_RESTORED_AFTER = ("=", "+", "-", "@")


def needs_protection(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula."""
    return text.startswith(FORMULA_PREFIXES)


def neutralise(value: Any) -> Any:
    """For CSV: ``value`` with an apostrophe in front if it is text a spreadsheet would run.

    Anything that is not text (numbers, dates, ``None``) is returned unchanged.
    """
    if isinstance(value, str) and needs_protection(value):
        return "'" + value
    return value


def mark_text_cell(cell: Any) -> None:
    """For XLSX: make an openpyxl cell holding text a string cell, never a formula.

    The text stays as it is; a cell that starts like a formula is also flagged
    ``quotePrefix`` so that Excel keeps it as text when someone edits it.
    """
    if not isinstance(cell.value, str):
        return
    cell.data_type = "s"
    if needs_protection(cell.value):
        cell.quotePrefix = True


def restore(value: Any) -> Any:
    """For import: undo :func:`neutralise` (a leading ``'`` before ``= + - @``)."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in _RESTORED_AFTER:
        return value[1:]
    return value
