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
    #: Words a citizen types for one another, searched for each other in the column's
    #: search (a list of groups of equivalent words). Added to the built-in groups of
    #: :data:`wagtail_govdisclosure.search.DEFAULT_SYNONYMS`, e.g.
    #: ``[["营商环境", "优化营商环境"], ["双随机", "双随机一公开"]]``.
    "SEARCH_SYNONYMS": [],
}


def get_setting(name: str) -> Any:
    """The value of ``WAGTAIL_GOVDISCLOSURE_<name>``, or its default."""
    if name not in DEFAULTS:
        raise KeyError(f"Unknown wagtail_govdisclosure setting: {name}")
    return getattr(settings, PREFIX + name, DEFAULTS[name])
