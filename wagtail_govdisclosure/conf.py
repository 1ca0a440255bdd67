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
    #: ``title``, ``extra_head``, ``content`` and ``extra_js``.
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
