"""The report's tables panel: the tables field, with the grid editor's data once per page.

Each table block's definition only names its table; what the script needs to
draw and check the tables (:func:`~wagtail_govdisclosure.blocks.adapters.format_editor_json`)
is written here once, for the report's own format, as a JSON script element.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail.admin.panels import FieldPanel

from .blocks.adapters import format_editor_json, grid_data_element_id

#: What json_script escapes, so the JSON cannot close its script element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def grid_data_script(format_key: str) -> SafeString:
    """``<script type="application/json">`` with a format's editor data (UTF-8, not \\u-escaped)."""
    payload = format_editor_json(format_key).translate(_JSON_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/json" id="{}">{}</script>',
        grid_data_element_id(format_key),
        SafeString(payload),
    )


class ReportTablesPanel(FieldPanel):
    """The ``tables`` field of an annual report, drawn as the report format's grids."""

    class BoundPanel(FieldPanel.BoundPanel):
        def render_html(self, parent_context: Any = None) -> SafeString:
            html = super().render_html(parent_context)
            format_key = getattr(self.instance, "format_key", "")
            if not format_key:
                return html
            return format_html("{}{}", grid_data_script(format_key), html)
