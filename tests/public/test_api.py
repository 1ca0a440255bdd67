"""The report in the API v2: the interchange document and the findings of the live content."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from tests.reports.conftest import correct_document
from wagtail_govdisclosure.checks import run_checks, summary
from wagtail_govdisclosure.interchange import loads

pytestmark = pytest.mark.django_db

REPORT_TYPE = "wagtail_govdisclosure.AnnualReportPage"


def test_detail_exposes_the_interchange_document(published_report):
    data = Client().get(f"/api/v2/pages/{published_report.pk}/").json()
    report = data["report"]
    expected = correct_document()
    assert report["format"] == "2021"
    assert report["year"] == 2022
    assert report["agency"] == "嘉祥县科学技术局"
    assert report["agency_level"] == "county"
    assert report["agency_kind"] == "department"
    published = timezone.localdate(published_report.first_published_at)
    assert report["published"] == published.isoformat()
    assert report["tables"] == json.loads(expected.dumps())["tables"]
    assert list(report["sections"]) == list(expected.sections)
    # The document the API serves reads back as interchange JSON.
    again = loads(json.dumps(report))
    assert again.tables == loads(expected.dumps()).tables
    assert data["year"] == 2022


def test_findings_summary_and_list(published_report):
    data = Client().get(f"/api/v2/pages/{published_report.pk}/").json()
    findings = data["findings"]
    expected = published_report.get_findings()
    assert findings["summary"] == summary(expected)
    assert findings["summary"]["errors"] == 0
    assert findings["findings"] == [finding.to_json() for finding in expected]
    assert all(item["severity"] == "warning" for item in findings["findings"])
    # The seed's narrative says no application was received; the table says 3.
    codes = {item["code"] for item in findings["findings"]}
    assert codes == set(summary(run_checks(published_report.document))["codes"])


def test_listing_with_fields(published_report):
    data = Client().get(f"/api/v2/pages/?type={REPORT_TYPE}&fields=report,findings").json()
    assert data["meta"]["total_count"] == 1
    item = data["items"][0]
    assert item["id"] == published_report.pk
    assert item["report"]["tables"]["applications"]["received"]["natural_person"] == 3
    assert "summary" in item["findings"]
    assert (
        Client().get(f"/api/v2/pages/?type={REPORT_TYPE}&year=2022").json()["meta"]["total_count"]
        == 1
    )


def test_rich_text_is_expanded_for_the_public(published_report, column):
    draft = published_report.get_latest_revision_as_object()
    draft.other = f'<p>见<a linktype="page" id="{column.pk}">本机关专栏</a>。</p>'
    draft.save_revision().publish()
    data = Client().get(f"/api/v2/pages/{published_report.pk}/").json()
    other = data["report"]["sections"]["other"]
    assert 'linktype="page"' not in other
    assert f'href="{column.url}"' in other
