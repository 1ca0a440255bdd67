"""F5: a change that would make another live report wrong is refused, naming that report.

Republishing last year's report with another 结转下年度, or changing the column's
level, used to leave this year's live report wrong in public (``carry_over``,
``regulations_not_competent``) with nobody publishing it.
"""

# ruff: noqa: F811  (fixtures imported by name)

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.reports.conftest import (  # noqa: F401 - fixtures
    column,
    correct_document,
    make_report,
    report_index,
    site_root,
)
from tests.reports.test_move_live import add_index, city_report  # noqa: F401 - fixture
from wagtail_govdisclosure.checks import fill_totals
from wagtail_govdisclosure.models import AnnualReportPage, DisclosureIndexPage
from wagtail_govdisclosure.publishing import PublishRefused

pytestmark = pytest.mark.django_db


def publish(page: AnnualReportPage) -> AnnualReportPage:
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.live
    return page


@pytest.fixture
def two_years(report_index) -> tuple[AnnualReportPage, AnnualReportPage]:
    """Live 2021 and 2022 reports, nothing carried over from one to the other."""
    return (
        publish(make_report(report_index, correct_document(2021), slug="r-2021")),
        publish(make_report(report_index, correct_document(2022), slug="r-2022")),
    )


def carrying_two(page: AnnualReportPage) -> None:
    """A new draft revision of the 2021 report carrying 2 applications over into 2022."""
    document = page.get_document()
    document.set("applications.received.natural_person", 5)
    document.set("applications.carried_over_out.natural_person", 2)
    fill_totals(document)
    page.set_document(document)
    page.save_revision()


def carried_out(page: AnnualReportPage) -> object:
    live = AnnualReportPage.objects.get(pk=page.pk)
    return live.get_document().get("applications.carried_over_out.natural_person")


def test_republishing_last_year_with_another_carry_over_is_refused_naming_this_year(two_years):
    earlier, this_year = two_years
    before = carried_out(earlier)
    carrying_two(earlier)

    with pytest.raises(PublishRefused) as refused:
        earlier.get_latest_revision().publish()

    message = str(refused.value)
    assert this_year.title in message
    assert "2" in message
    assert carried_out(earlier) == before  # the public still sees last year's report as it was
    this_year.refresh_from_db()
    assert not [f for f in this_year.get_findings() if f.is_error]


def test_the_admin_api_publish_is_refused_the_same_way(admin_client, two_years):
    earlier, this_year = two_years
    before = carried_out(earlier)
    carrying_two(earlier)
    url = reverse("wagtailadmin_api:pages:action", args=(earlier.pk, "publish"))

    response = admin_client.post(url, {}, content_type="application/json")

    assert response.status_code == 400
    assert this_year.title in response.content.decode()
    assert carried_out(earlier) == before


def test_correcting_both_years_goes_through_once_next_years_draft_agrees(two_years):
    earlier, this_year = two_years
    carrying_two(earlier)
    # This year's corrected draft carries the 2 in (saved, not yet publishable) ...
    document = this_year.get_document()
    document.set("applications.carried_over_in.natural_person", 2)
    document.set("applications.disclosed.natural_person", 4)
    fill_totals(document)
    this_year.set_document(document)
    this_year.save_revision()
    with pytest.raises(PublishRefused):
        this_year.get_latest_revision().publish()

    # ... so last year's report may go live first, then this year's draft.
    earlier.get_latest_revision().publish()
    this_year.get_latest_revision().publish()

    assert carried_out(earlier) == 2
    live = AnnualReportPage.objects.get(pk=this_year.pk)
    assert live.get_document().get("applications.carried_over_in.natural_person") == 2
    assert not [f for f in live.get_findings() if f.is_error]


def test_changing_a_live_columns_level_that_breaks_its_report_is_refused(city_report):
    column = DisclosureIndexPage.objects.get(agency_name="济宁市人民政府")
    column.level = "county"  # a county government cannot make 规章; the live report has one

    with pytest.raises(PublishRefused) as refused:
        column.save()

    assert city_report.title in str(refused.value)
    assert "规章" in str(refused.value)
    assert DisclosureIndexPage.objects.get(pk=column.pk).level == "city"


def test_publishing_a_column_revision_that_breaks_its_report_is_refused(city_report):
    column = DisclosureIndexPage.objects.get(agency_name="济宁市人民政府")
    column.level = "county"
    revision = column.save_revision()

    with pytest.raises(PublishRefused):
        revision.publish()

    assert DisclosureIndexPage.objects.get(pk=column.pk).level == "city"


def test_a_column_change_that_keeps_its_reports_right_is_saved(city_report):
    column = DisclosureIndexPage.objects.get(agency_name="济宁市人民政府")
    column.level = "province"  # a province government may make 规章 too

    column.save()

    assert DisclosureIndexPage.objects.get(pk=column.pk).level == "province"
