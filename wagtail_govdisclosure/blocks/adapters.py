"""The browser side of the table blocks: the grid editor's telepath adapters.

A table block is a StructBlock drawn with a grid ``form_template``
(:mod:`.grid`); its adapter adds what the editor's script needs to check the
table as the clerk types, as data derived from the declaration:

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
import unicodedata
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.admin.telepath import register
from wagtail.blocks.struct_block import StructBlockAdapter

from ..checks.labels import cell_name
from ..checks.tables import rule_finding
from ..formats import get_format
from ..formats.base import ColumnGroup, Layout, ReportFormat, RowGroup, Table
from ..formats.values import PLACEHOLDERS, CellStatus
from .tables import ReportTableBlock, RowBlock, cell_refusal

#: Stand-ins for the two sums of a rule in its message template.
LEFT = "{left}"
RIGHT = "{right}"

EDITOR_JS = "wagtail_govdisclosure/js/table-editor.js"
EDITOR_CSS = "wagtail_govdisclosure/css/table-editor.css"


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


@functools.lru_cache(maxsize=32)
def _editor_data(format_key: str, table_key: str, language: str | None) -> dict[str, Any]:
    report_format = get_format(format_key)
    table = report_format.table(table_key)
    cells = {
        cell.ref: {
            "name": cell_name(cell),
            "kind": cell.column.kind.value,
            "decimals": cell.column.decimals,
            "total": cell.is_total,
        }
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
        "placeholders": sorted(PLACEHOLDERS),
        "headerLabels": sorted({label_key(t) for t in header_labels if t}),
        "rowLabels": sorted({label_key(t) for t in row_labels if t}),
        "refusals": refusal_templates(),
        "strings": {key: capfirst(value) for key, value in editor_strings().items()},
    }


def editor_data(format_key: str, table_key: str) -> dict[str, Any]:
    """Everything the grid editor's script needs about a table, in the active language."""
    return _editor_data(format_key, table_key, get_language())


class GridTableBlockAdapter(StructBlockAdapter):
    """A table block in the browser: Wagtail's StructBlock plus the grid's behaviour."""

    js_constructor = "wagtail_govdisclosure.blocks.GridTableBlock"

    def js_args(self, block: ReportTableBlock) -> list[Any]:
        name, children, meta = super().js_args(block)
        meta["grid"] = editor_data(block.format_key, block.table.key)
        return [name, children, meta]

    @functools.cached_property
    def media(self) -> forms.Media:
        return super().media + forms.Media(js=[EDITOR_JS], css={"all": [EDITOR_CSS]})


class GridRowBlockAdapter(StructBlockAdapter):
    """A row block in the browser: its line of the grid, without a panel of its own."""

    js_constructor = "wagtail_govdisclosure.blocks.GridRowBlock"

    @functools.cached_property
    def media(self) -> forms.Media:
        return super().media + forms.Media(js=[EDITOR_JS], css={"all": [EDITOR_CSS]})


register(GridTableBlockAdapter(), ReportTableBlock)
register(GridRowBlockAdapter(), RowBlock)
