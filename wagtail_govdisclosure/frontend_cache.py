"""Purge the column's pages from the portal's frontend cache on publish and unpublish.

Wagtail's ``wagtail.contrib.frontend_cache`` purges the page that changed. A page of the
disclosure column is also shown elsewhere: its section's list (the notice list, the report
archive with its trend chart), the column's home page, and the PDF at
``<page URL>report.pdf`` / ``guide.pdf``. When the portal configures
``WAGTAILFRONTENDCACHE``, these are purged with the page, in one batch, through Wagtail's
own backends (Varnish/HTTP, Cloudflare, CloudFront, Azure, …).

Connected when imported (by the app's ``AppConfig.ready``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

logger = logging.getLogger(__name__)


def column_urls(page: Page) -> list[str]:
    """The full URLs that show ``page``: itself, its PDF, its ancestors up to its column."""
    from .models import DisclosureIndexPage
    from .pdf.guide import is_guide

    page = page.specific_deferred
    column = (
        DisclosureIndexPage.objects.ancestor_of(page, inclusive=True).order_by("-depth").first()
    )
    if column is None:
        return []
    full_url = page.get_full_url()
    if not full_url:
        return []
    urls = [full_url]
    if hasattr(page, "get_document"):
        urls.append(f"{full_url}report.pdf")
    elif is_guide(page):
        urls.append(f"{full_url}guide.pdf")
    for ancestor in Page.objects.ancestor_of(page).filter(depth__gte=column.depth):
        ancestor_url = ancestor.get_full_url()
        if ancestor_url:
            urls.append(ancestor_url)
    return urls


@receiver(page_published)
@receiver(page_unpublished)
def purge_column_pages(sender: Any, instance: Page, **kwargs: Any) -> None:
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    urls = column_urls(instance)
    if urls:
        PurgeBatch(urls).purge()
