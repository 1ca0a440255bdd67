"""A sitemap index of the site's pages, each sitemap page one indexed query.

Wagtail's sitemap view builds every page object of the site (``.specific()``,
one query per page type, each scanning its table) and lists at most 50,000
URLs, leaving the rest on ``?p=2`` pages no index links to. Here
``sitemap.xml`` is an index of ``sitemap-pages.xml?p=<n>`` pages of
``WAGTAIL_GOVDISCLOSURE_SITEMAP_PAGE_SIZE`` URLs each, and a sitemap page
reads ``url_path`` and ``last_published_at`` of live, public pages in tree
order (the ``path`` index) with no page object built.

Include in the portal's ``urls.py`` before Wagtail's page serving::

    path("", include("wagtail_govdisclosure.sitemaps")),

A page type whose URLs are not its ``url_path`` (routes of a routable page) is
listed at its own URL only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from xml.sax.saxutils import escape

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from wagtail.models import Page, Site

from .conf import get_setting

XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _site(request: HttpRequest) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    return site


def listed_pages(site: Site) -> QuerySet[Page]:
    """The site's live pages anyone may see (drafts and restricted sections left out)."""
    root = site.root_page
    return (
        Page.objects.filter(path__startswith=root.path, depth__gte=root.depth)
        .live()
        .public()
        .order_by("path")
    )


def _page_size() -> int:
    return max(1, min(int(get_setting("SITEMAP_PAGE_SIZE")), 50000))


def _xml(lines: Iterable[str]) -> HttpResponse:
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(lines) + "\n"
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """``sitemap.xml``: one ``<sitemap>`` per page of URLs (one count query)."""
    site = _site(request)
    pages = max(1, math.ceil(listed_pages(site).count() / _page_size()))
    base = request.build_absolute_uri(reverse("govdisclosure_sitemap_pages"))
    lines = [f'<sitemapindex xmlns="{XMLNS}">']
    lines += [
        f"<sitemap><loc>{escape(base)}?p={number}</loc></sitemap>" for number in range(1, pages + 1)
    ]
    lines.append("</sitemapindex>")
    return _xml(lines)


def sitemap_pages(request: HttpRequest) -> HttpResponse:
    """``sitemap-pages.xml?p=<n>``: the n-th page of URLs (one query, no page objects)."""
    site = _site(request)
    raw = request.GET.get("p", "1")
    number = int(raw) if raw.isdigit() and len(raw) < 7 else 0
    if number < 1:
        raise Http404
    size = _page_size()
    rows = list(
        listed_pages(site).values_list("url_path", "last_published_at")[
            (number - 1) * size : number * size
        ]
    )
    if not rows and number > 1:
        raise Http404
    root_url_path = site.root_page.url_path
    # Where Wagtail serves pages (the prefix ``wagtail_urls`` is included under).
    serve_prefix = reverse("wagtail_serve", args=("",))
    lines = [f'<urlset xmlns="{XMLNS}">']
    for url_path, published in rows:
        relative = url_path[len(root_url_path) :] if url_path.startswith(root_url_path) else ""
        location = site.root_url + serve_prefix + relative
        lastmod = (
            f"<lastmod>{timezone.localdate(published).isoformat()}</lastmod>" if published else ""
        )
        lines.append(f"<url><loc>{escape(location)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return _xml(lines)


urlpatterns = [
    path("sitemap.xml", sitemap_index, name="govdisclosure_sitemap"),
    path("sitemap-pages.xml", sitemap_pages, name="govdisclosure_sitemap_pages"),
]
