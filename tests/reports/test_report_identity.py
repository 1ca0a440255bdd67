"""A report's title, slug and format follow its year; the gate refuses a report that disagrees."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from wagtail_govdisclosure.formats import CURRENT
from wagtail_govdisclosure.models import AnnualReportPage
from wagtail_govdisclosure.publishing import PublishRefused, check_publishable

from .conftest import correct_document, make_report
from .forms import report_form_data

pytestmark = pytest.mark.django_db

AGENCY = "嘉祥县科学技术局"


def add_url(report_index) -> str:
    return reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_govdisclosure", "annualreportpage", report_index.pk),
    )


def test_changing_the_year_of_a_new_report_moves_title_and_slug(admin_client, report_index):
    """The form proposed 2025's title and slug; the clerk set the year to 2022 and published."""
    data = report_form_data(
        correct_document(2022),
        title=CURRENT.title_for(AGENCY, 2025),
        slug="2025",
        action="action-publish",
    )
    response = admin_client.post(add_url(report_index), data)
    assert response.status_code == 302, response.context["form"].errors
    page = AnnualReportPage.objects.get()
    assert (page.year, page.title, page.slug, page.live) == (
        2022,
        CURRENT.title_for(AGENCY, 2022),
        "2022",
        True,
    )
    assert page.url.endswith("/2022/")


def test_a_title_the_clerk_wrote_is_kept(admin_client, report_index):
    data = report_form_data(
        correct_document(2022), title="科技局2022年度信息公开年报", slug="kejiju-annual"
    )
    assert admin_client.post(add_url(report_index), data).status_code == 302
    page = AnnualReportPage.objects.get()
    assert (page.title, page.slug) == ("科技局2022年度信息公开年报", "kejiju-annual")


@pytest.mark.parametrize(
    ("title", "slug", "field", "words"),
    [
        (CURRENT.title_for(AGENCY, 2025) + "（修订）", "report", "title", "标题"),
        ("科技局年度报告", "report", "title", "2022"),
        (CURRENT.title_for(AGENCY, 2022), "nianbao-2025", "slug", "网址"),
    ],
)
def test_gate_refuses_title_or_slug_of_another_year(report_index, title, slug, field, words):
    page = make_report(report_index, correct_document(2022), slug=slug)
    page.title = title
    with translation.override("zh-hans"), pytest.raises(PublishRefused) as refused:
        check_publishable(page)
    (finding,) = refused.value.errors
    assert finding.cells == (f"page.{field}",)
    assert words in finding.message


def test_gate_refuses_a_format_not_for_the_year(report_index):
    page = make_report(report_index, correct_document(2022), slug="2022")
    page.year = 2019
    page.title = CURRENT.title_for(AGENCY, 2019)
    with translation.override("zh-hans"), pytest.raises(PublishRefused) as refused:
        check_publishable(page)
    codes = {finding.code for finding in refused.value.errors}
    assert "report_format_year" in codes


def test_publish_refusal_lands_on_the_title_field(admin_client, report_index):
    page = make_report(report_index, correct_document(2022))
    data = report_form_data(
        correct_document(2022), title="科技局2025年年报", slug="2022", action="action-publish"
    )
    with translation.override("zh-hans"):
        response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    assert "2025" in response.context["form"].errors["title"][0]
    page.refresh_from_db()
    assert not page.live


def test_import_into_an_existing_report_moves_an_automatic_title(report_index):
    page = make_report(report_index, correct_document(2021), slug="2021")
    page.title = CURRENT.title_for(AGENCY, 2021)
    page.set_document(correct_document(2022))
    assert (page.title, page.slug, page.year) == (CURRENT.title_for(AGENCY, 2022), "2022", 2022)
