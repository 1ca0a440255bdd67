"""The annual report in Wagtail's API v2: the interchange document and the findings.

:class:`~wagtail_govdisclosure.models.AnnualReportPage` declares these as its
``api_fields``::

    "report":   the interchange JSON document of the spec (format, year, agency, ...,
                sections as public HTML, tables)
    "findings": {"summary": {"errors": n, "warnings": n, "codes": {...}},
                 "findings": [{"code", "severity", "cells", "expected", "actual", "message"}]}

The pages endpoint serves live pages only and reads each page's own row, which
holds the published content (a newer draft lives in a revision): a draft's
numbers never reach the API.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from wagtail.rich_text import expand_db_html

from .checks import summary


class ReportDocumentField(serializers.Field):
    """The report as the spec's interchange JSON (rich text expanded to public HTML)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, page: Any) -> dict[str, Any]:
        data = page.document.to_json()
        if "sections" in data:
            data["sections"] = {
                key: expand_db_html(html) if html else "" for key, html in data["sections"].items()
            }
        return data


class ReportFindingsField(serializers.Field):
    """The findings of the checks about the published report, with their summary.

    The carry-over checks compare with last year's report only when it is public.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, page: Any) -> dict[str, Any]:
        # Compared with last year's report only if the public may see it: a finding
        # quotes the other report's numbers.
        findings = page.get_findings(public=True)
        return {
            "summary": summary(findings),
            "findings": [finding.to_json() for finding in findings],
        }


# --- The pages endpoint: notices' fields read in bulk -------------------------------------


def prefetch_notice_fields(pages: list[Any]) -> None:
    """Load the category and the column of every notice in ``pages`` in two queries.

    ``category_label`` reads the notice's category and ``issuing_organ`` its
    column's agency (when the notice names no publisher): one query each per
    notice otherwise. The column is the deepest column above the notice, found
    by path prefix among the columns the query returns.
    """
    from django.db.models import prefetch_related_objects
    from wagtail.models import Page

    from .models import DisclosureIndexPage, NoticePage

    notices = [page for page in pages if isinstance(page, NoticePage)]
    if not notices:
        return
    prefetch_related_objects(notices, "category")
    step = Page.steplen
    prefixes = {
        notice.path[:end] for notice in notices for end in range(step, len(notice.path), step)
    }
    columns = {
        column.path: column
        for column in DisclosureIndexPage.objects.filter(path__in=prefixes).only(
            "id", "path", "depth", "title", "agency_name", "uscc", "level", "kind"
        )
    }
    for notice in notices:
        if notice.alias_of_id:
            continue  # an alias's column is its original's (looked up as before)
        notice.__dict__["_column"] = next(
            (
                columns[notice.path[:end]]
                for end in range(len(notice.path) - step, 0, -step)
                if notice.path[:end] in columns
            ),
            None,
        )
