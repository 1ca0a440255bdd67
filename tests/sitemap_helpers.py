"""Reading the sitemap index and every sitemap page it links to, as a crawler does."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from django.test import Client

LOC = re.compile(r"<loc>([^<]+)</loc>")


def sitemap_pages(client: Client | None = None) -> list[str]:
    """The XML of every sitemap page ``/sitemap.xml`` links to, in order."""
    client = client or Client()
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert b"<sitemapindex" in index.content
    pages = []
    for url in LOC.findall(index.content.decode()):
        parts = urlsplit(url.replace("&amp;", "&"))
        response = client.get(parts.path, dict(parse_qsl(parts.query)))
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/xml")
        pages.append(response.content.decode())
    return pages


def sitemap_text(client: Client | None = None) -> str:
    """Every sitemap page's XML, one after the other."""
    return "\n".join(sitemap_pages(client))


def sitemap_urls(client: Client | None = None) -> list[str]:
    """Every page URL the sitemaps list, in order."""
    return [url for page in sitemap_pages(client) for url in LOC.findall(page)]
