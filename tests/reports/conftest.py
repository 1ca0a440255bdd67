"""Fixtures of the annual report tests: a column, its report index, reports from the seed.

The seed report (``tests/fixtures/jiaxiang-kejiju-2022.json``) is given a few
applications so that its totals mean something; :func:`correct_document` fills
every total, :func:`wrong_document` then writes one wrong total.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, Revision, Site

from wagtail_govdisclosure.checks import fill_totals
from wagtail_govdisclosure.interchange import ReportDocument, loads
from wagtail_govdisclosure.models import (
    AnnualReportIndexPage,
    AnnualReportPage,
    DisclosureIndexPage,
)
from wagtail_govdisclosure.models.agency import uscc_check_character

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "jiaxiang-kejiju-2022.json"

#: The cell every "wrong total" report gets wrong, its right value and the wrong one.
WRONG_REF = "applications.received.total"
RIGHT_VALUE = 3
WRONG_VALUE = 4


def make_uscc(body: str) -> str:
    """A valid 统一社会信用代码 from its first 17 characters."""
    return body + uscc_check_character(body)


KEJIJU_USCC = make_uscc("11370829MB0000001")
JIAOTIJU_USCC = make_uscc("11370829MB0000002")


def correct_document(year: int = 2022) -> ReportDocument:
    """The seed report with three applications handled, every total right."""
    document = loads(SEED.read_bytes())
    document.year = year
    document.set("applications.received.natural_person", 3)
    document.set("applications.disclosed.natural_person", 2)
    document.set("applications.unavailable_not_held.natural_person", 1)
    document.set("applications.handled_total.natural_person", 3)
    fill_totals(document)
    assert document.get(WRONG_REF) == RIGHT_VALUE
    return document


def wrong_document(year: int = 2022) -> ReportDocument:
    """:func:`correct_document` with one wrong total: 一、本年新收 总计 4 instead of 3."""
    document = correct_document(year)
    document.set(WRONG_REF, WRONG_VALUE)
    return document


def make_column(parent: Page, name: str, uscc: str) -> DisclosureIndexPage:
    return parent.add_child(
        instance=DisclosureIndexPage(
            title=f"{name}政府信息公开",
            slug=f"column-{uscc[-4:].lower()}",
            agency_name=name,
            uscc=uscc,
            level="county",
            kind="department",
        )
    )


def make_report(index: Page, document: ReportDocument, *, slug: str = "") -> AnnualReportPage:
    """A draft report (page and first revision) holding ``document``."""
    page = AnnualReportPage(
        title=f"{document.agency}{document.year}年政府信息公开工作年度报告",
        slug=slug or f"report-{document.year}",
        live=False,
    )
    page.set_document(document)
    index.add_child(instance=page)
    page.save_revision()
    return page


def save_draft(page: AnnualReportPage, document: ReportDocument) -> Revision:
    """A new draft revision of ``page`` holding ``document`` (as an editor's draft save)."""
    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    draft.set_document(document)
    return draft.save_revision()


def force_live(page: AnnualReportPage) -> None:
    """Make the latest revision live without the gate: a report published before it existed."""
    revision = page.get_latest_revision()
    now = timezone.now()
    AnnualReportPage.objects.filter(pk=page.pk).update(
        live=True,
        live_revision=revision,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
    )
    page.refresh_from_db()


def latest_content(page: Page) -> dict:
    revision = Revision.objects.filter(object_id=str(page.pk)).order_by("-created_at", "-id")[0]
    return {"id": revision.pk, "content": copy.deepcopy(revision.content)}


def assert_not_published(page: AnnualReportPage, draft_before: dict | None = None) -> None:
    """The page is a draft nobody can see, and its latest draft is the one it had."""
    page.refresh_from_db()
    assert page.live is False
    assert page.live_revision_id is None
    assert page.first_published_at is None
    assert Client().get(page.url).status_code == 404
    if draft_before is not None:
        assert latest_content(page) == draft_before


def assert_published(page: AnnualReportPage) -> None:
    page.refresh_from_db()
    assert page.live is True
    assert page.live_revision_id is not None
    response = Client().get(page.url)
    assert response.status_code == 200
    assert page.title in response.content.decode()


@pytest.fixture
def site_root(db) -> Page:
    return Site.objects.get(is_default_site=True).root_page


@pytest.fixture
def column(site_root: Page) -> DisclosureIndexPage:
    return make_column(site_root, "嘉祥县科学技术局", KEJIJU_USCC)


@pytest.fixture
def report_index(column: DisclosureIndexPage) -> AnnualReportIndexPage:
    return column.add_child(
        instance=AnnualReportIndexPage(title="政府信息公开年报", slug="nianbao")
    )


@pytest.fixture
def other_index(site_root: Page) -> AnnualReportIndexPage:
    """The report index of another agency's column."""
    other = make_column(site_root, "嘉祥县教育和体育局", JIAOTIJU_USCC)
    return other.add_child(instance=AnnualReportIndexPage(title="政府信息公开年报", slug="nianbao"))


@pytest.fixture
def wrong_report(report_index: AnnualReportIndexPage) -> AnnualReportPage:
    """A draft 2022 report with one wrong total."""
    return make_report(report_index, wrong_document())


@pytest.fixture
def gate_middleware(settings) -> None:
    """The example site's middleware plus the gate's (friendly refusals in admin views)."""
    name = "wagtail_govdisclosure.publishing.PublishRefusedMiddleware"
    if name not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, name]
