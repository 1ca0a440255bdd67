"""Wagtail's pages endpoint with the column's search (``?search=``), a year filter
(``?year=``) and the column's fields read in bulk.

A portal registers :class:`DisclosurePagesAPIViewSet` in place of Wagtail's
``PagesAPIViewSet``; everything else about the endpoint is Wagtail's (live, public pages
only). Kept apart from :mod:`wagtail_govdisclosure.api`, which the models import (Wagtail's
API views load the page models).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Case, When
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from .api import prefetch_notice_fields
from .models.agency import agency_short_names
from .search import search_column


class ColumnSearchFilter(BaseFilterBackend):
    """``?search=科技局2022年报``: the column's search (Han pairs, synonyms, short names).

    Pages matching the whole query (or one of its variants) come first, then those
    matching some of its words; ``search_operator=and`` keeps only the first.
    """

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        if "search" not in request.GET:
            return queryset
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        hits = search_column(queryset, request.GET["search"], agency_short_names())
        if request.GET.get("search_operator") == "and":
            hits = [hit for hit in hits if hit.whole]
        pks = [hit.pk for hit in hits]
        found = queryset.filter(pk__in=pks)
        if "order" in request.GET or not pks:
            return found
        return found.order_by(Case(*[When(pk=pk, then=rank) for rank, pk in enumerate(pks)]))


class YearFilter(BaseFilterBackend):
    """``?type=wagtail_govdisclosure.NoticePage&year=2023``: items released in that year."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        if "year" not in request.GET:
            return queryset
        value = request.GET["year"]
        if not value.isdigit() or not 1900 <= int(value) <= 2100:
            raise BadRequestError("year must be a year such as 2023")
        fields = {f.name for f in queryset.model._meta.get_fields()}
        if "release_date" not in fields:
            if "year" in fields:
                return queryset  # a field of its own (a report's year): Wagtail filters it
            raise BadRequestError(
                "the year filter needs a type with a release date "
                "(type=wagtail_govdisclosure.NoticePage)"
            )
        year = int(value)
        return queryset.filter(
            release_date__gte=datetime.date(year, 1, 1),
            release_date__lt=datetime.date(year + 1, 1, 1),
        )


class DisclosurePagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint, searching with the column's search and filtering by year.

    Each listing page's notices get their categories and columns in two queries.

    Register it in place of ``PagesAPIViewSet``::

        api_router.register_endpoint("pages", DisclosurePagesAPIViewSet)
    """

    filter_backends = [
        *(f for f in PagesAPIViewSet.filter_backends if f is not SearchFilter),
        YearFilter,
        ColumnSearchFilter,  # last: it orders by relevance
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["year"])

    def paginate_queryset(self, queryset: Any) -> list[Any]:
        pages = list(super().paginate_queryset(queryset))
        prefetch_notice_fields(pages)
        return pages
