"""Moving a live report into another column: its published content must pass there too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.reports.conftest import correct_document, make_column, make_report, make_uscc
from wagtail_govdisclosure.models import AnnualReportIndexPage, AnnualReportPage

pytestmark = pytest.mark.django_db


def add_index(column) -> AnnualReportIndexPage:
    return column.add_child(
        instance=AnnualReportIndexPage(title="政府信息公开年报", slug="nianbao")
    )


@pytest.fixture
def city_report(site_root) -> AnnualReportPage:
    """A live report of a city government, which may make 规章 (one this year)."""
    city = make_column(site_root, "济宁市人民政府", make_uscc("11370800MB0000009"))
    city.level, city.kind = "city", "government"
    city.save()
    document = correct_document()
    document.set("proactive.regulations.issued", 1)
    document.set("proactive.regulations.in_force", 1)
    page = make_report(add_index(city), document, slug="city-2022")
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.live
    return page


def test_moving_a_live_report_where_it_would_be_wrong_is_refused(
    admin_client, city_report, report_index
):
    # report_index is a county department's: a county organ cannot make 规章.
    url = reverse("wagtailadmin_pages:move_confirm", args=(city_report.pk, report_index.pk))
    for response in (admin_client.get(url), admin_client.post(url)):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_pages:move", args=(city_report.pk,))
    city_report.refresh_from_db()
    assert city_report.get_parent().specific_class is AnnualReportIndexPage
    assert city_report.get_parent().pk != report_index.pk
    followed = admin_client.get(url, follow=True).content.decode()
    assert "规章" in followed  # the finding names the row


def test_moving_a_live_report_where_it_stays_right_goes_through(
    admin_client, report_index, other_index
):
    page = make_report(report_index, correct_document())
    page.get_latest_revision().publish()
    url = reverse("wagtailadmin_pages:move_confirm", args=(page.pk, other_index.pk))
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url).status_code == 302
    page.refresh_from_db()
    assert page.get_parent().pk == other_index.pk
