"""Wagtail hooks of the PDF: the draft preview's admin URL and its button in the page header.

Imported by the app's ``wagtail_hooks`` module (``from .pdf import hooks``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from .views import admin_urls, preview_url


@hooks.register("register_admin_urls")
def register_pdf_admin_urls() -> list[Any]:
    return admin_urls()


@hooks.register("register_page_header_buttons")
def pdf_preview_button(
    page: Any, user: Any, view_name: str = "", next_url: str | None = None
) -> Iterator[Button]:
    """「预览 PDF」 in the editor's page menu, for a report its user may edit."""
    page = page.specific_deferred
    if hasattr(page, "get_document") and page.permissions_for_user(user).can_edit():
        yield Button(
            _("Preview PDF"),
            preview_url(page),
            icon_name="doc-full",
            priority=62,
            attrs={"target": "_blank", "rel": "noopener"},
        )
