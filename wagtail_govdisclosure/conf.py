"""Settings a host portal may change, with their defaults.

Every setting is namespaced ``WAGTAIL_GOVDISCLOSURE_<NAME>`` in the Django
settings and read through :func:`get_setting` at the time it is needed, so
``override_settings`` in tests and per-site settings modules both work.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

PREFIX = "WAGTAIL_GOVDISCLOSURE_"

DEFAULTS: dict[str, Any] = {
    #: The template the disclosure column's pages extend. It must define the blocks
    #: ``title``, ``extra_css`` (in ``<head>``) and ``content``, as the ``base.html`` of
    #: ``wagtail start`` does (see ``REQUIRED_BLOCKS`` in ``wagtail_govdisclosure.system``).
    "BASE_TEMPLATE": "base.html",
    #: Rich text features of the report's narrative sections (``None``: Wagtail's default set).
    "REPORT_RICH_TEXT_FEATURES": [
        "h3",
        "h4",
        "bold",
        "italic",
        "ol",
        "ul",
        "link",
        "document-link",
    ],
    #: The 索引号 of a disclosed item, from the agency's 统一社会信用代码 (``uscc``), the
    #: year and the agency's serial in that year (``str.format`` fields).
    "INDEX_NUMBER_FORMAT": "{uscc}/{year}-{serial:05d}",
    #: The editor guide shown in the admin (a Markdown file with an ``images`` folder beside
    #: it); ``None``: the guide shipped with the app (``guide/editor_guide.md``).
    "EDITOR_GUIDE": None,
    #: Seconds the dashboard's report panel is kept in Django's cache at most. Publishing,
    #: saving a report and moving or deleting a page make it stale at once; this bounds how
    #: long a change made outside Wagtail (a raw database edit) can go unseen.
    "STATUS_PANEL_CACHE_SECONDS": 600,
    #: URLs per page of the disclosure column's sitemaps (the sitemaps protocol allows 50,000).
    "SITEMAP_PAGE_SIZE": 2000,
    #: Words a citizen types for one another, searched for each other in the column's
    #: search (a list of groups of equivalent words). Added to the built-in groups of
    #: :data:`wagtail_govdisclosure.search.DEFAULT_SYNONYMS`, e.g.
    #: ``[["营商环境", "优化营商环境"], ["双随机", "双随机一公开"]]``.
    "SEARCH_SYNONYMS": [],
    #: The ``STORAGES`` alias of the stored PDFs. Without such an entry in ``STORAGES`` the
    #: PDFs go to a private folder beside ``MEDIA_ROOT`` (``<MEDIA_ROOT>-govdisclosure-pdfs``),
    #: which no URL serves: they reach visitors only through the views that check the page.
    "PDF_STORAGE": "govdisclosure_pdfs",
    #: The ``CACHES`` alias that holds the PDF renderers' locks: one render per document at a
    #: time. With several processes or servers it must be a shared cache (Redis, database).
    "PDF_LOCK_CACHE": "default",
    #: Seconds a render may hold its lock (a crashed renderer's lock expires after them).
    "PDF_RENDER_TIMEOUT": 120,
    #: Seconds a request waits for another process's render of the same PDF before it is
    #: answered 503 with ``Retry-After``.
    "PDF_WAIT": 10,
}


def get_setting(name: str) -> Any:
    """The value of ``WAGTAIL_GOVDISCLOSURE_<name>``, or its default."""
    if name not in DEFAULTS:
        raise KeyError(f"Unknown wagtail_govdisclosure setting: {name}")
    return getattr(settings, PREFIX + name, DEFAULTS[name])
