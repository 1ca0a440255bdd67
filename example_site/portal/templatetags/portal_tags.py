"""Template tags of the example portal's page frame."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest
from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("portal/includes/main_nav.html", takes_context=True)
def portal_main_nav(context: dict[str, Any]) -> dict[str, Any]:
    """The main navigation: the site's home page and its live children shown in menus.

    Works on non-page views too (the disclosure column's own views use this frame), so the
    site comes from the request rather than from ``page``.
    """
    request: HttpRequest | None = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"items": []}
    home: Page = site.root_page
    # Plain pages, the fields a link needs: no per-type query, whatever the site's size
    # (children by the path range of the tree's unique index, depth compared on those only).
    children = (
        home.get_children()
        .live()
        .in_menu()
        .only("id", "path", "depth", "title", "draft_title", "url_path", "slug", "locale_id")
        .order_by("path")
    )
    pages = [home, *children]
    path = request.path if request is not None else ""
    items = []
    for page in pages:
        url = page.get_url(request=request)
        if not url:
            continue
        # A section is current for its own pages too; the home page only for itself.
        if page.pk == home.pk:
            current = path == url
        else:
            current = path.startswith(url)
        items.append(
            {"title": "首页" if page.pk == home.pk else page.title, "url": url, "current": current}
        )
    return {"items": items}
