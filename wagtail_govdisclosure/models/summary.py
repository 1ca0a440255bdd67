"""What the status board reads of each report, stored when the report is saved or published.

The board and the roll-ups cover every agency of the portal: reading each
report's tables from its page or revision would build every report's blocks
on each load. A :class:`ReportSummary` keeps, per report, the interchange
tables of its live content and the interchange document of its latest
unpublished revision, taken from :attr:`AnnualReportPage.document` (never from
the blocks' storage) when a revision is saved, the report is published or
unpublished (see :mod:`wagtail_govdisclosure.summaries`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..formats import get_format
from ..interchange import ReportDocument
from .agency import DisclosureIndexPage
from .reports import AnnualReportPage


class ReportSummary(models.Model):
    """A report's figures as the board needs them, one row per report."""

    page = models.OneToOneField(
        AnnualReportPage,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="summary",
        verbose_name=_("annual report"),
    )
    #: The format of the live content (``tables`` follows it).
    live_format = models.CharField(max_length=16, blank=True)
    #: The live content's tables, as the interchange JSON's ``tables``; null when not live.
    live_tables = models.JSONField(null=True, blank=True)
    #: The latest revision as an interchange document (with its sections, which the checks
    #: read), when it differs from the live content; null otherwise.
    latest_document = models.JSONField(null=True, blank=True)
    #: Error-level findings of the checks about ``latest_document``, last year's live
    #: report included (rewritten when last year's report is published or unpublished).
    latest_errors = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report summary")
        verbose_name_plural = _("report summaries")

    def __str__(self) -> str:
        return str(self.page_id)

    def live(
        self, column: DisclosureIndexPage, year: int, published: datetime.date | None
    ) -> ReportDocument | None:
        """The live content as a document of ``column``'s agency (no query)."""
        if self.live_tables is None or not self.live_format:
            return None
        return _document(
            {"format": self.live_format, "year": year, "tables": self.live_tables},
            column,
            published,
        )

    def latest(self, column: DisclosureIndexPage) -> ReportDocument | None:
        """The latest unpublished revision as a document of ``column``'s agency (no query)."""
        if self.latest_document is None:
            return None
        data = self.latest_document
        published = data.get("published")
        return _document(
            data, column, datetime.date.fromisoformat(published) if published else None
        )


def _document(
    data: dict[str, Any], column: DisclosureIndexPage, published: datetime.date | None
) -> ReportDocument:
    """A stored document, its agency taken from the column it sits in now."""
    info = column.agency_info()
    return ReportDocument(
        format=get_format(data["format"]),
        year=data["year"],
        agency=info.name,
        tables=data["tables"],
        agency_level=info.level,
        agency_kind=info.kind,
        published=published,
        sections=dict(data.get("sections") or {}),
    )
