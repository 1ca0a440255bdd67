"""Wagtail's pages endpoint, with the disclosure column's fields read in bulk.

Register it in place of ``PagesAPIViewSet`` in the portal's API router::

    from wagtail_govdisclosure.api_views import DisclosurePagesAPIViewSet

    api_router.register_endpoint("pages", DisclosurePagesAPIViewSet)

(A separate module from :mod:`.api`, which the models import: Wagtail's API
views load the page models.)
"""

from __future__ import annotations

from typing import Any

from wagtail.api.v2.views import PagesAPIViewSet

from .api import prefetch_notice_fields


class DisclosurePagesAPIViewSet(PagesAPIViewSet):
    """Each listing page's notices get their categories and columns in two queries."""

    def paginate_queryset(self, queryset: Any) -> list[Any]:
        pages = list(super().paginate_queryset(queryset))
        prefetch_notice_fields(pages)
        return pages
