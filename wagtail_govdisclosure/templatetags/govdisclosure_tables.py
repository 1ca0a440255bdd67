"""Render a standard table of a report as an accessible HTML table.

Usage::

    {% load govdisclosure_tables %}
    {% report_table document "applications" %}
    {% report_table document "applications" findings=findings id_prefix="preview" %}

``document`` is an :class:`~wagtail_govdisclosure.interchange.ReportDocument`;
``findings`` an optional list of check findings (objects with ``.cells`` — refs
``table.row.column`` or declared cells —, ``.message`` and ``.severity``) whose
cells are flagged; ``id_prefix`` keeps ids unique when one page shows the same
table twice. The grid comes from :mod:`wagtail_govdisclosure.formats.layout`;
every label is the declaration's, every value is escaped by the template.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from ..formats.base import Table
from ..formats.layout import CellRole, GridCell, GridRow, TableGrid, display_value, table_grid

register = template.Library()

TEMPLATE = "wagtail_govdisclosure/includes/report_table.html"

_SEVERITIES = ("error", "warning")


@dataclass
class Flag:
    """A finding as shown beside one table: numbered, with the cells it names."""

    number: int
    id: str
    severity: str
    message: str
    refs: frozenset[str]

    @property
    def label(self) -> str:
        if self.severity == "error":
            return _("Error %(number)s") % {"number": self.number}
        return _("Warning %(number)s") % {"number": self.number}


@dataclass
class HtmlCell:
    """What the template needs to write one ``<th>``/``<td>``."""

    tag: str
    text: str = ""
    id: str = ""
    scope: str = ""
    headers: str = ""
    rowspan: int = 1
    colspan: int = 1
    classes: str = ""
    #: A data cell left blank (shown empty, announced as 「空」).
    blank: bool = False
    flags: list[Flag] = field(default_factory=list)

    @property
    def described_by(self) -> str:
        return " ".join(flag.id for flag in self.flags)


def _severity(finding: Any) -> str:
    severity = getattr(finding, "severity", "error")
    severity = str(getattr(severity, "value", severity)).lower()
    return severity if severity in _SEVERITIES else "warning"


def _refs(finding: Any) -> frozenset[str]:
    return frozenset(str(getattr(cell, "ref", cell)) for cell in getattr(finding, "cells", ()))


def _flags(table: Table, findings: Iterable[Any] | None, prefix: str) -> list[Flag]:
    """The findings that name a cell of ``table``, numbered in the order given."""
    flags: list[Flag] = []
    for finding in findings or ():
        refs = frozenset(r for r in _refs(finding) if r.startswith(f"{table.key}."))
        if refs:
            number = len(flags) + 1
            flags.append(
                Flag(
                    number=number,
                    id=f"{prefix}-{table.key}-finding-{number}",
                    severity=_severity(finding),
                    message=str(getattr(finding, "message", "")),
                    refs=refs,
                )
            )
    return flags


def _classes(cell: GridCell, row: GridRow, label_width: int = 0) -> list[str]:
    classes: list[str] = []
    if cell.kind is not CellRole.DATA and cell.left + cell.colspan <= label_width:
        # A row label (or the corner above the labels) stays in view while the
        # table scrolls sideways on a phone: ``left`` says which label column it starts in.
        classes += ["gd-sticky", f"gd-sticky--col{cell.left}"]
    if cell.kind is CellRole.NOTE:
        classes.append("gd-note")
    elif cell.kind is CellRole.HEADER:
        classes.append("gd-head")
        if row.band_heading:
            classes.append("gd-band-heading")
        elif cell.is_group:
            classes.append("gd-head--group")
        if cell.id.endswith("-stub"):
            classes.append("gd-stub")
    elif cell.kind is CellRole.LABEL:
        classes += ["gd-label", f"gd-label--level{cell.level}"]
        if cell.is_group:
            classes.append("gd-label--group")
            # A group label in one narrow column over many lines is printed upright, as
            # 三、本年度办理结果 is on the official form.
            if cell.colspan == 1 and cell.rowspan >= 6 and cell.level == 0:
                classes.append("gd-label--vertical")
        elif cell.colspan > 1:
            classes.append("gd-label--wide")
    else:
        classes.append("gd-num")
    if cell.is_total:
        classes.append("gd-total")
    return classes


def _html_cell(
    cell: GridCell,
    row: GridRow,
    document: Any,
    prefix: str,
    flags: list[Flag],
    label_width: int = 0,
) -> HtmlCell:
    classes = _classes(cell, row, label_width)
    html = HtmlCell(
        tag="td" if cell.kind in (CellRole.DATA, CellRole.NOTE) else "th",
        text=cell.text,
        id=f"{prefix}-{cell.id}" if cell.id else "",
        scope=str(cell.scope),
        headers=" ".join(f"{prefix}-{h}" for h in cell.headers),
        rowspan=cell.rowspan,
        colspan=cell.colspan,
    )
    if cell.kind is CellRole.DATA:
        assert cell.cell is not None
        declared = cell.cell
        raw = document.tables.get(declared.table.key, {}).get(declared.row.key, {})
        html.text = display_value(raw.get(declared.column.key), declared.column)
        html.blank = not html.text
        if html.blank:
            classes.append("gd-blank")
        html.flags = [flag for flag in flags if cell.ref in flag.refs]
        if html.flags:
            worst = "error" if any(f.severity == "error" for f in html.flags) else "warning"
            classes += ["gd-flagged", f"gd-flagged--{worst}"]
    html.classes = " ".join(classes)
    return html


def table_context(
    document: Any,
    table_key: str,
    findings: Iterable[Any] | None = None,
    id_prefix: str = "gd",
) -> dict[str, Any]:
    """The template context for one table of ``document`` (see the module docstring)."""
    try:
        table = document.format.table(table_key)
    except KeyError:
        raise ValueError(
            f"The format {document.format.key} has no table {table_key!r}; "
            f"its tables are {', '.join(t.key for t in document.format.tables)}."
        ) from None
    grid: TableGrid = table_grid(table)
    prefix = id_prefix or "gd"
    flags = _flags(table, findings, prefix)

    def rows(lines: Iterable[GridRow]) -> list[dict[str, Any]]:
        return [
            {
                "cells": [
                    _html_cell(cell, line, document, prefix, flags, grid.label_width)
                    for cell in line.cells
                ],
                "classes": "gd-band-heading-row"
                if line.band_heading
                else ("gd-head-row" if line.is_header else "gd-row"),
            }
            for line in lines
        ]

    columns = [f"gd-col-label gd-col-label--{i}" for i in range(grid.label_width)]
    columns += ["gd-col-num"] * (grid.width - grid.label_width)
    return {
        "table": table,
        "label_width": grid.label_width,
        "table_id": f"{prefix}-{table.key}",
        "caption_id": f"{prefix}-{table.key}-caption",
        "caption": pgettext("report table caption", "Table %(number)s %(title)s")
        % {"number": table.number, "title": table.title},
        "columns": columns,
        "header_rows": rows(grid.header_rows),
        "bodies": [rows(band) for band in grid.bands()],
        "flags": flags,
    }


@register.inclusion_tag(TEMPLATE)
def report_table(
    document: Any,
    table_key: str,
    findings: Iterable[Any] | None = None,
    id_prefix: str = "gd",
) -> dict[str, Any]:
    """``{% report_table document "applications" findings=... id_prefix=... %}``."""
    return table_context(document, table_key, findings, id_prefix)


def render_report_table(
    document: Any,
    table_key: str,
    findings: Iterable[Any] | None = None,
    id_prefix: str = "gd",
) -> SafeString:
    """The same HTML as the template tag, for Python callers (PDF, previews)."""
    return render_to_string(TEMPLATE, table_context(document, table_key, findings, id_prefix))


#: How long a published revision's table HTML is kept in the cache (seconds).
TABLE_CACHE_SECONDS = 24 * 3600


@register.simple_tag(takes_context=True)
def published_report_table(
    context: Any, document: Any, table_key: str, id_prefix: str = "gd"
) -> SafeString:
    """``{% published_report_table document "applications" id_prefix="report" %}``.

    The public page's table, rendered once per published revision and language and then
    read from Django's cache: a live page's own row is its published content, so its
    ``live_revision_id`` names what is shown. Previews (a draft) are never cached.
    """
    page = context.get("page")
    request = context.get("request")
    revision = getattr(page, "live_revision_id", None)
    if revision is None or getattr(request, "is_preview", False) or not getattr(page, "live", 0):
        return render_report_table(document, table_key, id_prefix=id_prefix)
    key = f"wagtail_govdisclosure:table:{revision}:{table_key}:{id_prefix}:{get_language()}"
    html = cache.get(key)
    if html is None:
        html = str(render_report_table(document, table_key, id_prefix=id_prefix))
        cache.set(key, html, TABLE_CACHE_SECONDS)
    return mark_safe(html)
