"""A small county for the admin tests: the county government's column and three agencies'.

Built with the report tests' helpers (``tests/reports/conftest.py``): every
column gets a report index, reports hold the seed with a few applications.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone
from wagtail.models import Page, Site

from tests.reports.conftest import correct_document, make_report, make_uscc, wrong_document
from wagtail_govdisclosure.interchange import ReportDocument
from wagtail_govdisclosure.models import (
    AnnualReportIndexPage,
    AnnualReportPage,
    DisclosureIndexPage,
)

YEAR = 2022


def add_column(
    parent: Page, name: str, serial: int, *, level: str = "county", kind: str = "department"
) -> DisclosureIndexPage:
    """A column with its report index (reachable as ``column.report_index``)."""
    column = parent.add_child(
        instance=DisclosureIndexPage(
            title=f"{name}政府信息公开",
            slug=f"column-{serial}",
            agency_name=name,
            uscc=make_uscc(f"11370829MB{serial:07d}"),
            level=level,
            kind=kind,
        )
    )
    column.save_revision().publish()
    index = column.add_child(
        instance=AnnualReportIndexPage(title="政府信息公开年报", slug="nianbao")
    )
    index.save_revision().publish()
    column.report_index = index
    return column


def add_report(
    column: DisclosureIndexPage, document: ReportDocument, *, published: datetime.date | None = None
) -> AnnualReportPage:
    """A report of ``column``; published (through the gate) on ``published`` if given."""
    document.agency = column.agency_name
    page = make_report(column.report_index, document)
    if published is not None:
        page.get_latest_revision().publish()
        when = timezone.make_aware(datetime.datetime.combine(published, datetime.time(10)))
        AnnualReportPage.objects.filter(pk=page.pk).update(
            first_published_at=when, last_published_at=when
        )
    page.refresh_from_db()
    return page


@dataclass
class County:
    government: DisclosureIndexPage
    on_time: DisclosureIndexPage
    late: DisclosureIndexPage
    draft: DisclosureIndexPage
    failing: DisclosureIndexPage
    missing: DisclosureIndexPage


@pytest.fixture
def site_root(db) -> Page:
    return Site.objects.get(is_default_site=True).root_page


@pytest.fixture
def county(site_root: Page) -> County:
    """Six columns, one per state, the agencies nested under the county government's column."""
    government = add_column(site_root, "嘉祥县人民政府", 1, kind="government")
    county = County(
        government=government,
        on_time=add_column(government, "嘉祥县科学技术局", 2),
        late=add_column(government, "嘉祥县教育和体育局", 3),
        draft=add_column(government, "嘉祥县民政局", 4),
        failing=add_column(government, "嘉祥县财政局", 5),
        missing=add_column(
            government, "嘉祥县卧龙山街道办事处", 6, level="township", kind="government"
        ),
    )
    add_report(county.on_time, correct_document(YEAR), published=datetime.date(2023, 1, 20))
    add_report(county.late, correct_document(YEAR), published=datetime.date(2023, 2, 10))
    add_report(county.draft, correct_document(YEAR))
    add_report(county.failing, wrong_document(YEAR))
    return county
