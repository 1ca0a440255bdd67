"""A plain ``save()`` of a live report that changes its content goes through the gate."""

from __future__ import annotations

import pytest

from tests.reports.conftest import (
    RIGHT_VALUE,
    WRONG_REF,
    correct_document,
    force_live,
    make_report,
    wrong_document,
)
from wagtail_govdisclosure.models import AnnualReportPage
from wagtail_govdisclosure.models.reports import SECTION_FIELDS
from wagtail_govdisclosure.publishing import PublishRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_report(report_index) -> AnnualReportPage:
    page = make_report(report_index, correct_document())
    page.get_latest_revision().publish()
    page.refresh_from_db()
    return page


def stored_value(page: AnnualReportPage) -> object:
    return AnnualReportPage.objects.get(pk=page.pk).get_document().get(WRONG_REF)


def test_the_report_gates_its_content_fields():
    assert set(AnnualReportPage.get_publish_gated_fields()) == {
        "year",
        "format_key",
        "tables",
        *SECTION_FIELDS.values(),
    }


def test_plain_save_of_wrong_tables_on_a_live_report_is_refused(live_report):
    live_report.set_document(wrong_document())
    with pytest.raises(PublishRefused):
        live_report.save()
    assert stored_value(live_report) == RIGHT_VALUE


def test_save_with_update_fields_naming_the_tables_is_refused(live_report):
    live_report.set_document(wrong_document())
    with pytest.raises(PublishRefused):
        live_report.save(update_fields=["tables"])
    assert stored_value(live_report) == RIGHT_VALUE


def test_a_correct_change_of_a_live_report_saves(live_report):
    live_report.overview = "<p>更正后的总体情况。</p>"
    live_report.save()
    assert AnnualReportPage.objects.get(pk=live_report.pk).overview == "<p>更正后的总体情况。</p>"


def test_bookkeeping_saves_of_a_live_report_with_errors_still_work(report_index, other_index):
    # A report published before the gate existed, with a wrong total: Wagtail must still
    # be able to lock it, record revisions, unpublish it and save it unchanged.
    page = make_report(report_index, wrong_document())
    force_live(page)
    page.locked = True
    page.save(update_fields=["locked"])
    page.save_revision()
    page.refresh_from_db()
    page.save()  # nothing changed
    page.has_unpublished_changes = True
    page.draft_title = "新标题"
    page.save(update_fields=["has_unpublished_changes", "draft_title"])
    page.unpublish()
    page.refresh_from_db()
    assert page.live is False
