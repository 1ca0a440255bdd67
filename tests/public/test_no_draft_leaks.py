"""Anonymous requests never see a draft's numbers: page, API, preview URLs, sitemap."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.public.conftest import DRAFT_NUMBER, draft_document
from tests.reports.conftest import make_report, save_draft
from tests.sitemap_helpers import sitemap_text
from wagtail_govdisclosure.models import AnnualReportIndexPage, AnnualReportPage

pytestmark = pytest.mark.django_db

REPORT_TYPE = "wagtail_govdisclosure.AnnualReportPage"
SECRET = str(DRAFT_NUMBER)


@pytest.fixture
def never_published(report_index: AnnualReportIndexPage) -> AnnualReportPage:
    """A 2021 report that was never published, holding the draft numbers."""
    return make_report(report_index, draft_document(2021), slug="report-2021")


@pytest.fixture
def published_with_draft(published_report: AnnualReportPage) -> AnnualReportPage:
    """The published 2022 report with a newer draft revision holding the draft numbers."""
    save_draft(published_report, draft_document())
    published_report.refresh_from_db()
    assert published_report.has_unpublished_changes
    assert SECRET in str(published_report.get_latest_revision().content)
    return published_report


def api_urls(page: AnnualReportPage) -> list[str]:
    listing = "/api/v2/pages/"
    return [
        listing,
        f"{listing}?type={REPORT_TYPE}",
        f"{listing}?type={REPORT_TYPE}&fields=*",
        f"{listing}?type={REPORT_TYPE}&fields=report,findings",
        f"{listing}?fields=*",
        f"{listing}{page.pk}/",
        f"{listing}{page.pk}/?fields=*",
        f"{listing}find/?html_path={page.url}",
    ]


def test_never_published_report_is_not_served(never_published):
    client = Client()
    response = client.get(never_published.url)
    assert response.status_code == 404
    assert SECRET not in response.content.decode()

    listing = client.get(f"/api/v2/pages/?type={REPORT_TYPE}&fields=*").json()
    assert never_published.pk not in [item["id"] for item in listing["items"]]
    for url in api_urls(never_published):
        response = client.get(url, follow=True)
        assert SECRET not in response.content.decode(), url
    assert client.get(f"/api/v2/pages/{never_published.pk}/").status_code == 404


def test_published_report_with_newer_draft_serves_live_numbers(published_with_draft):
    client = Client()
    page_response = client.get(published_with_draft.url)
    assert page_response.status_code == 200
    assert SECRET not in page_response.content.decode()
    for url in api_urls(published_with_draft):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url

    detail = client.get(f"/api/v2/pages/{published_with_draft.pk}/").json()
    assert detail["report"]["tables"]["applications"]["received"]["total"] == 3
    assert detail["report"]["tables"]["reviews"]["reconsideration"]["total"] == 0


def test_preview_urls_redirect_anonymous_to_login(published_with_draft, never_published):
    client = Client()
    for page in (published_with_draft, never_published):
        revision = page.get_latest_revision()
        urls = [
            reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,)),
            reverse("wagtailadmin_pages:view_draft", args=(page.pk,)),
            reverse("wagtailadmin_pages:revisions_view", args=(page.pk, revision.pk)),
            reverse("wagtailadmin_pages:edit", args=(page.pk,)),
            reverse(
                "wagtailadmin_pages:preview_on_add",
                args=("wagtail_govdisclosure", "annualreportpage", page.get_parent().pk),
            ),
        ]
        for url in urls:
            for method in (client.get, client.post):
                response = method(url)
                assert response.status_code == 302, url
                assert response["Location"].startswith(reverse("wagtailadmin_login")), url
                assert SECRET not in response.content.decode()
                followed = method(url, follow=True)
                assert SECRET not in followed.content.decode(), url


def test_sitemap_lists_only_the_published_report(published_with_draft, never_published):
    body = sitemap_text(Client())
    assert published_with_draft.url in body
    assert never_published.url not in body
    assert SECRET not in body
