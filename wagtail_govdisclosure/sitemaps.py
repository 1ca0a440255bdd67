"""A sitemap index of the site's pages, each sitemap page one indexed query.

Wagtail's sitemap view builds every page object of the site (``.specific()``,
one query per page type, each scanning its table) and lists at most 50,000
URLs, leaving the rest on ``?p=2`` pages no index links to. Here
``sitemap.xml`` is an index of ``sitemap-pages.xml?p=<n>&from=<path>`` pages
of ``WAGTAIL_GOVDISCLOSURE_SITEMAP_PAGE_SIZE`` URLs each, and a sitemap page
reads ``url_path`` and ``last_published_at`` of live, public pages in tree
order from its first page's path (the ``path`` index, no rows skipped) with
no page object built.

Include in the portal's ``urls.py`` before Wagtail's page serving::

    path("", include("wagtail_govdisclosure.sitemaps")),

A page type whose URLs are not its ``url_path`` (routes of a routable page) is
listed at its own URL only.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from django.db.models import F, QuerySet, Window
from django.db.models.functions import Mod, RowNumber
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
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


def page_starts(site: Site) -> list[str]:
    """The tree path of the first page of each sitemap page (one query, paths only)."""
    size = _page_size()
    return list(
        listed_pages(site)
        .annotate(row=Window(RowNumber(), order_by=F("path").asc()))
        .annotate(slot=Mod(F("row") - 1, size))
        .filter(slot=0)
        .order_by("path")
        .values_list("path", flat=True)
    )


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """``sitemap.xml``: one ``<sitemap>`` per page of URLs, each starting at a known path.

    Each link carries the tree path its page starts at (``from``), so that a
    sitemap page reads its URLs from the ``path`` index, never skipping rows.
    """
    site = _site(request)
    starts = page_starts(site) or [""]
    base = request.build_absolute_uri(reverse("govdisclosure_sitemap_pages"))
    lines = [f'<sitemapindex xmlns="{XMLNS}">']
    for number, start in enumerate(starts, start=1):
        query = urlencode({"p": number, "from": start} if start else {"p": number})
        lines.append(f"<sitemap><loc>{escape(base)}?{escape(query)}</loc></sitemap>")
    lines.append("</sitemapindex>")
    return _xml(lines)


def sitemap_pages(request: HttpRequest) -> HttpResponse:
    """``sitemap-pages.xml?p=<n>[&from=<path>]``: the n-th page of URLs, no page objects.

    With ``from`` (as the index links): the pages from that tree path on, read
    in ``path`` order from its index. Without: the n-th slice.
    """
    site = _site(request)
    raw = request.GET.get("p", "1")
    number = int(raw) if raw.isdigit() and len(raw) < 7 else 0
    if number < 1:
        raise Http404
    start = request.GET.get("from", "")
    if start and not (len(start) <= 255 and start.isalnum()):
        raise Http404
    size = _page_size()
    listed = listed_pages(site).values_list("url_path", "last_published_at")
    if start:
        rows = list(listed.filter(path__gte=start)[:size])
    else:
        rows = list(listed[(number - 1) * size : number * size])
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
