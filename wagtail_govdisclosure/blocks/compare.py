"""A table block in Wagtail's revision compare view: the printed table, changes marked.

Wagtail's default comparison lists every value as text (「None」 for a blank).
This one draws the table's printed grid (:mod:`~wagtail_govdisclosure.formats.layout`)
with each number as the form prints it, a blank as an empty cell, and each
changed cell as 「old → new」, highlighted.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from wagtail.admin.compare import (
    BlockComparison,
    StreamFieldComparison,
    StructBlockComparison,
    register_comparison_class,
)
from wagtail.fields import StreamField

from ..formats.layout import CellRole, display_value, table_grid


class TableBlockComparison(BlockComparison):
    """Two values of a :class:`~.tables.ReportTableBlock`, compared cell by cell."""

    def _cells(self, value: Any) -> dict[str, dict[str, Any]]:
        return self.block.to_python(value)

    def has_changed(self) -> bool:
        return self.block.get_prep_value(self.val_a) != self.block.get_prep_value(self.val_b)

    def htmlvalue(self, val: Any) -> SafeString:
        return self._table(val, val)

    def htmldiff(self) -> SafeString:
        return self._table(self.val_a, self.val_b)

    def _table(self, before: Any, after: Any) -> SafeString:
        table = self.block.table
        old = self._cells(before)
        new = self._cells(after)
        lines = []
        changed = 0
        for line in table_grid(table).rows:
            cells = []
            for cell in line.cells:
                span = format_html(' rowspan="{}" colspan="{}"', cell.rowspan, cell.colspan)
                if cell.kind is not CellRole.DATA or cell.cell is None:
                    cells.append(format_html("<th{}>{}</th>", span, cell.text))
                    continue
                row, column = cell.cell.row.key, cell.cell.column.key
                was = display_value(old[row][column], cell.cell.column)
                now = display_value(new[row][column], cell.cell.column)
                if was == now:
                    cells.append(format_html("<td{}>{}</td>", span, now))
                    continue
                changed += 1
                cells.append(
                    format_html(
                        '<td{} class="govdisclosure-compare__changed">'
                        '<span class="deletion">{}</span> → <span class="addition">{}</span></td>',
                        span,
                        was,
                        now,
                    )
                )
            row_html = format_html_join("", "{}", ((c,) for c in cells))
            lines.append(format_html("<tr>{}</tr>", row_html))
        summary = (
            _("Cells changed: %(count)s") % {"count": changed} if changed else _("No cell changed.")
        )
        return format_html(
            '<p class="govdisclosure-compare__summary">{}</p>'
            '<table class="govdisclosure-compare">{}</table>',
            summary,
            format_html_join("", "{}", ((line,) for line in lines)),
        )


class ReportTablesComparison(StreamFieldComparison):
    """The ``tables`` field in the compare view: its one format block, table by table.

    Wagtail pairs stream blocks by id; revisions saved before ids were kept across
    imports have different ids for the same format block, which Wagtail would show
    as one block deleted and another added. There is one format block per report:
    pair them by type.
    """

    def htmldiff(self) -> SafeString:
        a_children = list(self.val_a or [])
        b_children = list(self.val_b or [])
        if (
            len(a_children) == 1
            and len(b_children) == 1
            and a_children[0].block_type == b_children[0].block_type
        ):
            block = a_children[0].block
            comparison = StructBlockComparison(
                block, True, True, a_children[0].value, b_children[0].value
            )
            return comparison.htmldiff()
        return super().htmldiff()


class ReportTablesField(StreamField):
    """The report's ``tables`` StreamField, compared in the history as printed tables.

    Deconstructs as Wagtail's StreamField: the class only chooses the comparison.
    """

    def deconstruct(self) -> tuple[Any, str, Any, Any]:
        name, _path, args, kwargs = super().deconstruct()
        return name, "wagtail.fields.StreamField", args, kwargs


register_comparison_class(
    ReportTablesField, comparison_class=ReportTablesComparison, exact_class=True
)
