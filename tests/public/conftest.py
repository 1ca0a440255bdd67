"""Fixtures of the public report tests: those of the report tests, plus a published report."""

from __future__ import annotations

import pytest

from tests.reports.conftest import (  # noqa: F401  (fixtures re-exported for this package)
    KEJIJU_USCC,
    column,
    correct_document,
    make_report,
    other_index,
    report_index,
    save_draft,
    site_root,
)
from wagtail_govdisclosure.interchange import ReportDocument
from wagtail_govdisclosure.models import AnnualReportIndexPage, AnnualReportPage

#: A number no real report of the tests holds: if it shows up, a draft leaked.
DRAFT_NUMBER = 987654


def draft_document(year: int = 2022) -> ReportDocument:
    """The correct report with :data:`DRAFT_NUMBER` in distinctive cells (totals kept right)."""
    document = correct_document(year)
    document.set("proactive.licensing.handled", DRAFT_NUMBER)
    document.set("applications.received.other_org", DRAFT_NUMBER)
    document.set("applications.received.total", 3 + DRAFT_NUMBER)
    document.set("reviews.reconsideration.upheld", DRAFT_NUMBER)
    document.set("reviews.reconsideration.total", DRAFT_NUMBER)
    document.sections["problems"] = f"<p>草稿中的数字{DRAFT_NUMBER}。</p>"
    return document


@pytest.fixture
def published_report(report_index: AnnualReportIndexPage) -> AnnualReportPage:  # noqa: F811
    """A 2022 report published through the gate (every total right)."""
    page = make_report(report_index, correct_document())
    page.get_latest_revision().publish()
    page.refresh_from_db()
    return page
