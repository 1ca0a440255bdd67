"""Wagtail hooks of the disclosure column: the publish gate's admin side."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.log_actions import LogFormatter
from wagtail.models import Page

from .publishing import (
    REFUSED_LOG_ACTION,
    GatedPublishPageRevisionAction,
    PublishRefused,
    check_publishable,
    is_gated,
    refusal_html,
)


@hooks.register("before_bulk_action")
def refuse_bulk_publish(
    request: HttpRequest, action_type: str, objects: list[Any], action_class_instance: Any
) -> HttpResponse | None:
    """Refuse a bulk publication that includes a page the gate refuses, naming each one.

    Bulk publishing runs in one transaction: rather than let the first refusal
    abort it, nothing is published and the editor learns which pages to fix
    (or leave out of the selection).
    """
    if action_type != "publish":
        return None
    pages = [page.specific for page in objects]
    form = getattr(action_class_instance, "cleaned_form", None)
    if form is not None and form.cleaned_data.get("include_descendants"):
        for page in objects:
            pages.extend(page.get_descendants().not_live().specific())
    refusals: list[PublishRefused] = []
    for page in pages:
        if not is_gated(page):
            continue
        revision = page.get_latest_revision()
        try:
            check_publishable(revision.as_object() if revision else page)
        except PublishRefused as refusal:
            refusal.page = page
            refusals.append(refusal)
    if not refusals:
        return None
    messages.error(
        request,
        ngettext(
            "Nothing was published: %(count)s page cannot be published until its errors "
            "are corrected.",
            "Nothing was published: %(count)s pages cannot be published until their errors "
            "are corrected.",
            len(refusals),
        )
        % {"count": len(refusals)},
    )
    messages.error(request, refusal_html(refusals))
    return redirect(action_class_instance.next_url)


#: Lay a row's cells side by side in the editor, so that a table reads as rows; a cell
#: showing an error takes the row's whole width so that the message stays readable.
EDITOR_CSS = """
.govdisclosure-row {
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr));
  column-gap: 1rem;
  align-items: end;
}
.govdisclosure-row > [data-contentpath] { min-width: 0; }
.govdisclosure-row > [data-contentpath]:has(.error-message) { grid-column: 1 / -1; }
.govdisclosure-row input[data-govdisclosure-cell] { font-variant-numeric: tabular-nums; }
.govdisclosure-row input[data-govdisclosure-total] { font-weight: 600; }
"""


@hooks.register("insert_global_admin_css")
def editor_css() -> str:
    # A constant of this module, not user input.
    return mark_safe(f"<style>{EDITOR_CSS}</style>")


@hooks.register("register_actions")
def register_gated_publish_action(registry: Any) -> None:
    """Wagtail 8's API v3 publishes through the action registry: gate it there too."""
    registry.register(Page, GatedPublishPageRevisionAction)


@hooks.register("register_log_actions")
def register_refusal_log_action(actions: Any) -> None:
    @actions.register_action(REFUSED_LOG_ACTION)
    class PublishRefusedFormatter(LogFormatter):
        label = _("Publication refused")

        def format_message(self, log_entry: Any) -> str:
            data = log_entry.data or {}
            count = data.get("errors", 0)
            if data.get("scheduled"):
                return ngettext(
                    "Scheduled publication skipped: %(count)s error must be corrected first",
                    "Scheduled publication skipped: %(count)s errors must be corrected first",
                    count,
                ) % {"count": count}
            return ngettext(
                "Publication refused: %(count)s error must be corrected first",
                "Publication refused: %(count)s errors must be corrected first",
                count,
            ) % {"count": count}

        def format_comment(self, log_entry: Any) -> str:
            return " ".join((log_entry.data or {}).get("messages", []))
