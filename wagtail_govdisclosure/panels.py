"""The report's tables panel: the tables field, with the grid editor's data once per page.

Each table block's definition only names its table; what the script needs to
draw and check the tables (:func:`~wagtail_govdisclosure.blocks.adapters.format_editor_json`)
is written here once, for the report's own format, as a JSON script element.
"""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
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


def report_actions(page: Any, user: Any) -> list[tuple[str, str]]:
    """The report's actions shown on its tables: ``(label, url)``.

    For an editor of a saved report, the same views as the header's menu: the draft's
    PDF, filling the tables from the registers and exporting them (when the registers
    app is installed); for everyone, the editor guide.
    """
    from .pdf.views import preview_url
    from .views.editor_guide import guide_url

    guide = (_("Editor guide"), guide_url())
    if not getattr(page, "pk", None) or user is None:
        return [guide]
    if not page.permissions_for_user(user).can_edit():
        return [guide]
    actions = [(_("Preview PDF"), preview_url(page))]
    try:
        actions.append(
            (
                _("Fill tables from the registers"),
                reverse("wagtail_govdisclosure_registers:fill_report", kwargs={"page_id": page.pk}),
            )
        )
        actions.append(
            (
                _("Export tables (Excel)"),
                reverse(
                    "wagtail_govdisclosure_registers:export_report",
                    kwargs={"page_id": page.pk, "file_format": "xlsx"},
                ),
            )
        )
    except NoReverseMatch:  # the registers app is not installed
        pass
    actions.append(guide)
    return actions


class ReportTablesPanel(FieldPanel):
    """The ``tables`` field of an annual report, drawn as the report format's grids."""

    class BoundPanel(FieldPanel.BoundPanel):
        def render_html(self, parent_context: Any = None) -> SafeString:
            html = super().render_html(parent_context)
            format_key = getattr(self.instance, "format_key", "")
            if not format_key:
                return html
            user = getattr(self.request, "user", None)
            actions = report_actions(self.instance, user)
            buttons = format_html_join(
                "",
                '<a class="button button-small button-secondary" href="{}">{}</a>',
                ((url, label) for label, url in actions),
            )
            toolbar = (
                format_html('<div class="govdisclosure-report-actions">{}</div>', buttons)
                if actions
                else ""
            )
            return format_html("{}{}{}", grid_data_script(format_key), toolbar, html)
