"""Template tags of the disclosure column's public pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from ..formats import CURRENT
from ..trend import TREND_CELLS, ReportFigures, TrendChart, build_chart, read_figures, series_label

register = template.Library()


@register.simple_tag(takes_context=True)
def report_trend(context: dict[str, Any], reports: Iterable[Any]) -> TrendChart:
    """The applications trend of ``reports`` (live report pages of one column).

    The listing defers the reports' tables; they are read here for all the
    reports in one query.
    """
    from ..models import AnnualReportPage

    reports = list(reports)
    request = context.get("request")
    tables = {
        page.pk: page
        for page in AnnualReportPage.objects.filter(pk__in=[r.pk for r in reports]).only(
            "pk", "year", "format_key", "tables"
        )
    }
    figures = []
    for report in reports:
        full = tables.get(report.pk)
        if full is None:
            continue
        figures.append(
            ReportFigures(
                year=report.year,
                url=report.get_url(request),
                title=report.title,
                values=read_figures(full.report_format, full.get_tables()),
            )
        )
    labels = [series_label(CURRENT, ref) for ref in TREND_CELLS]
    return build_chart(labels, figures)


@register.filter
def verbose_name(instance: Any, field_name: str) -> str:
    """The verbose name of the field ``field_name`` of ``instance`` (labels live in the model)."""
    return str(instance._meta.get_field(field_name).verbose_name)


@register.simple_tag
def page_neighbours(page: Any) -> dict[str, Any]:
    """上一篇/下一篇 of a notice (by release date) or a report (by year), as the listing orders
    them (newest first): ``{"previous": {"title", "url"} or None, "next": …}``.

    Read from the cache with the listings' figures (a new generation whenever a page is
    published, unpublished, moved or deleted), so a page view costs no query for them.
    """
    from ..models import AnnualReportPage, NoticePage
    from ..models.notices import cached_listing_figure

    if isinstance(page, NoticePage):
        model, field, value = NoticePage, "release_date", page.release_date
    elif isinstance(page, AnnualReportPage):
        model, field, value = AnnualReportPage, "year", page.year
    else:
        return {"previous": None, "next": None}
    if value is None or not page.pk or not page.live:
        return {"previous": None, "next": None}
    return cached_listing_figure(
        f"neighbours:{model.__name__}:{page.pk}", lambda: _neighbours(page, model, field, value)
    )


def _neighbours(page: Any, model: Any, field: str, value: Any) -> dict[str, Any]:
    from django.db.models import Q

    siblings = model.objects.sibling_of(page, inclusive=False).live().public()
    newer = Q(**{f"{field}__gt": value}) | Q(**{field: value, "pk__gt": page.pk})
    older = Q(**{f"{field}__lt": value}) | Q(**{field: value, "pk__lt": page.pk})
    found = {
        "previous": siblings.filter(newer).order_by(field, "pk").first(),
        "next": siblings.filter(older).order_by(f"-{field}", "-pk").first(),
    }
    return {
        key: {"title": other.title, "url": other.url} if other is not None else None
        for key, other in found.items()
    }


@register.inclusion_tag("wagtail_govdisclosure/includes/column_tree.html", takes_context=True)
def column_tree(context: dict[str, Any], page: Any) -> dict[str, Any]:
    """The left navigation of a column's sub-page: the column's sections, the current marked.

    The column is the page itself (its search page) or the one its page finds
    (``get_column``); the sections come from the cache (:meth:`get_navigation`).
    """
    from ..models import DisclosureIndexPage
    from ..models.guide import column_above

    if isinstance(page, DisclosureIndexPage):
        column = page
    elif hasattr(page, "get_column"):
        column = page.get_column()
    else:
        column = column_above(page)
    if column is None:
        return {"column": None, "links": []}
    request = context.get("request")
    base = column.get_url(request) or ""
    links = []
    for section in column.get_navigation():
        links.append(
            {
                "title": section["title"],
                "url": base + section["url_path"][len(column.url_path) :],
                # The section itself is the current page; a section above the page is its place.
                "current": (
                    "page"
                    if page.url_path == section["url_path"]
                    else "true"
                    if page.url_path.startswith(section["url_path"])
                    else ""
                ),
            }
        )
    return {"column": column, "column_url": base, "links": links}
