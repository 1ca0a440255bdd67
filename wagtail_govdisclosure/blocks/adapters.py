"""The browser side of the table blocks: the grid editor's telepath adapters.

A table block is one block (its value ``{row: {column: value}}``); its one
adapter names the table, and the script draws the grid from data derived from
the declaration, to check the table as the clerk types.

Sent once per page and format as JSON (:func:`format_editor_json`), per table:

* ``layout``: the printed grid (:func:`layout_data`, from ``formats/layout.py``);
* ``cells``: every cell's name as a message names it (row and column labels),
  its kind and decimal places;
* ``rules``: the format's arithmetic rules of the table (``FORMAT.rules``),
  each with its cells and its message, rendered by the same code as the
  server's findings with ``{left}``/``{right}`` standing for the two sums;
* ``labels``: the printed labels, to recognise label columns and header lines
  in a block pasted from a spreadsheet;
* ``strings``: the editor's own messages, through gettext.

The server stays the authority: the page form runs the checks at publication.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.admin.telepath import Adapter, register

from ..checks.labels import cell_name
from ..checks.tables import rule_finding
from ..formats import get_format
from ..formats.base import ColumnGroup, Layout, ReportFormat, RowGroup, Table
from ..formats.layout import table_grid
from ..formats.values import PLACEHOLDERS, CellStatus
from .tables import ReportTableBlock, cell_refusal

#: Stand-ins for the two sums of a rule in its message template.
LEFT = "{left}"
RIGHT = "{right}"

EDITOR_JS = "wagtail_govdisclosure/js/table-editor.js"
EDITOR_CSS = "wagtail_govdisclosure/css/table-editor.css"

#: Width of a label column holding group labels (「三、本年度办理结果」).
OUTER_LABEL_REM = 4.5


def label_key(text: str) -> str:
    """A label as compared with pasted text: NFKC, no spaces (the script does the same)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _group_labels(nodes: tuple) -> list[str]:
    found = []
    for node in nodes:
        if isinstance(node, RowGroup | ColumnGroup):
            found.append(node.label)
            found += _group_labels(node.children)
    return found


def rule_data(report_format: ReportFormat, table: Table) -> list[dict[str, Any]]:
    """The arithmetic rules of ``table`` as data, in the declaration's order.

    ``message`` is the finding's message with ``{left}`` and ``{right}`` for the
    sums of the two sides (for a total: the total as written, and its parts' sum).
    """
    rules = []
    for rule in report_format.rules:
        if rule.table != table.key:
            continue
        finding = rule_finding(rule, LEFT, RIGHT)  # type: ignore[arg-type]
        rules.append(
            {
                "check": rule.check,
                "left": [cell.ref for cell in rule.left],
                "right": [cell.ref for cell in rule.right],
                "total": rule.total.ref if rule.total is not None else None,
                "message": str(finding.message),
            }
        )
    return rules


def refusal_templates() -> dict[str, str]:
    """The messages refusing a typed or pasted value (``{cell}``, ``{value}``, ``{decimals}``)."""
    return {
        status.value: cell_refusal(status, "{cell}", "{value}", "{decimals}")
        for status in (
            CellStatus.NOT_A_NUMBER,
            CellStatus.NEGATIVE,
            CellStatus.FRACTION,
            CellStatus.TOO_PRECISE,
        )
    }


def editor_strings() -> dict[str, str]:
    """The grid editor's own messages, translated (``{name}`` parts are filled in by the script)."""
    return {
        "fillTotals": _("Fill in the totals"),
        "fillZeros": _("Fill blank cells with 0"),
        "hint": _(
            "Paste a block copied from Excel or WPS into a cell: it fills the table from that "
            "cell. Arrow keys and Enter move between cells."
        ),
        "blanksLeft": _("Blank cells left: %(count)s") % {"count": "{count}"},
        "zeroConfirm": _(
            "Fill %(count)s blank cells of this table with 0 and compute its totals? "
            "Do this only if nothing happened in them this year."
        )
        % {"count": "{count}"},
        "zeroed": _("Blank cells filled with 0: %(count)s.") % {"count": "{count}"},
        "noBlanks": _("No cell is blank."),
        "expected": _("= %(value)s") % {"value": "{value}"},
        "expectedTitle": _("The sum of its parts: %(value)s") % {"value": "{value}"},
        "partsMissing": _("Its parts are not all numbers yet."),
        "liveOk": _("Every total agrees with its parts."),
        "liveProblems": _("Found while you type: %(count)s") % {"count": "{count}"},
        "filled": _("Totals filled in: %(count)s.") % {"count": "{count}"},
        "nothingToFill": _("Every total that can be computed already agrees with its parts."),
        "notFilled": _(
            "Totals left as they are because a part is blank or not a number: %(count)s."
        )
        % {"count": "{count}"},
        "pasted": _("Cells pasted: %(count)s, from %(cell)s.")
        % {
            "count": "{count}",
            "cell": "{cell}",
        },
        "pasteRefused": _("Nothing was pasted: %(reason)s") % {"reason": "{reason}"},
        "pasteTooBig": _(
            "the block of %(rows)s × %(columns)s cells does not fit in the table from %(cell)s."
        )
        % {"rows": "{rows}", "columns": "{columns}", "cell": "{cell}"},
        "pasteEmpty": _("the clipboard holds no numbers."),
        "serverErrors": _(
            "Publication was refused: %(count)s errors in this table, marked in red. "
            "Select one to go to its cell."
        )
        % {"count": "{count}"},
    }


def _table_data(report_format: ReportFormat, table: Table) -> dict[str, Any]:
    cells = {
        cell.ref: [cell_name(cell), cell.column.kind.value, cell.column.decimals]
        for cell in table.cells
    }
    header_labels: list[str] = []
    row_labels: list[str] = []
    for band in table.bands:
        header_labels += [band.heading, band.stub_label]
        header_labels += [c.label for c in band.leaf_columns] + _group_labels(band.columns)
        labels = [r.label for r in band.leaf_rows] + _group_labels(band.rows)
        if table.layout is Layout.ACROSS:
            header_labels += labels
        else:
            row_labels += labels
    header_labels.append(table.note)
    return {
        "table": table.key,
        "cells": cells,
        "rules": rule_data(report_format, table),
        "headerLabels": sorted({label_key(t) for t in header_labels if t}),
        "rowLabels": sorted({label_key(t) for t in row_labels if t}),
        "layout": layout_data(table),
    }


@functools.lru_cache(maxsize=16)
def _format_editor_json(format_key: str, language: str | None) -> str:
    report_format = get_format(format_key)
    data = {
        "format": format_key,
        "placeholders": sorted(PLACEHOLDERS),
        "refusals": refusal_templates(),
        "strings": {key: capfirst(value) for key, value in editor_strings().items()},
        "tables": {table.key: _table_data(report_format, table) for table in report_format.tables},
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def format_editor_json(format_key: str) -> str:
    """Everything the grid editor's script needs about a format's tables, as JSON.

    Sent once per page, for the report's own format (see
    :class:`~wagtail_govdisclosure.panels.ReportTablesPanel`), in the active
    language: per table its printed grid (``layout``), its cells' names and
    kinds, its arithmetic rules and its labels; the messages once for all.
    """
    return _format_editor_json(format_key, get_language())


def editor_data(format_key: str, table_key: str) -> dict[str, Any]:
    """What the script has about one table: the format's shared data merged in."""
    data = json.loads(format_editor_json(format_key))
    table = data.pop("tables")[table_key]
    return {**data, **table}


def grid_data_element_id(format_key: str) -> str:
    """The id of the ``<script type="application/json">`` holding a format's editor data."""
    return f"govdisclosure-grid-data-{format_key}"


def layout_data(table: Table) -> dict[str, Any]:
    """The printed grid of ``table`` as data for the editor's script.

    ``cells``: every printed cell as ``[kind, text, top, left, rowspan, colspan,
    ref, total, group]``, ``ref`` (``table.row.column``) only for a number;
    ``columns``: the CSS ``grid-template-columns`` (label columns, then numbers);
    ``labelWidth``: how many label columns there are.
    """
    grid = table_grid(table)
    cells = [
        [
            cell.kind.value,
            cell.text,
            cell.top,
            cell.left,
            cell.rowspan,
            cell.colspan,
            cell.ref,
            int(cell.is_total),
            int(cell.is_group),
        ]
        for cell in grid.cells()
    ]
    return {
        "cells": cells,
        "columns": grid_columns(grid.label_width, grid.width - grid.label_width),
        "labelWidth": grid.label_width,
        "headerLines": len(grid.header_rows),
    }


def grid_columns(label_width: int, data_width: int) -> str:
    """CSS ``grid-template-columns``: narrow group labels, a wide row label, then numbers."""
    if label_width == 0:
        return f"repeat({data_width}, minmax(3.5rem, 1fr))"
    numbers = f"repeat({data_width}, minmax(4.25rem, 1fr))"
    # Fixed outer label columns: the script keeps label cells in view at their offsets.
    outer = " ".join([f"{OUTER_LABEL_REM}rem"] * (label_width - 1))
    return f"{outer} minmax(11rem, 3fr) {numbers}".strip()


class TableBlockAdapter(Adapter):
    """A table block in the browser: its name, its printed grid and its checks, as data."""

    js_constructor = "wagtail_govdisclosure.blocks.TableBlock"

    def js_args(self, block: ReportTableBlock) -> list[Any]:
        meta = {
            "label": block.label,
            "helpText": getattr(block.meta, "help_text", None),
            "classname": block.meta.form_classname,
            "icon": block.meta.icon,
            "blockDefId": block.definition_prefix,
            "isPreviewable": False,
            # The grid's data is the page's, once per format (ReportTablesPanel): the
            # definition names where to find it.
            "gridData": grid_data_element_id(block.format_key),
            "table": block.table.key,
        }
        return [block.name, meta]

    @functools.cached_property
    def media(self) -> forms.Media:
        return forms.Media(js=[EDITOR_JS], css={"all": [EDITOR_CSS]})


register(TableBlockAdapter(), ReportTableBlock)
