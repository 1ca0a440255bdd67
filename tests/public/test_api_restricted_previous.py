"""The API's findings never compare with (and so never quote) a restricted previous report."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.reports.conftest import correct_document, force_live, make_report
from wagtail_govdisclosure.publishing import PublishRefused, check_publishable

pytestmark = pytest.mark.django_db

#: 2021's carried-out number: a finding comparing 2022 with 2021 quotes it.
CARRIED = 654321


@pytest.fixture
def restricted_2021(report_index, published_report):
    """A live 2021 report behind a password that carried 654321 applications over to 2022."""
    document = correct_document(2021)
    document.set("applications.carried_over_out.natural_person", CARRIED)
    page = make_report(report_index, document, slug="report-2021")
    force_live(page)
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="mima"
    )
    return page


def test_api_findings_ignore_a_restricted_previous_report(published_report, restricted_2021):
    # The gate still compares with every live report, restricted or not.
    assert published_report.previous_report().pk == restricted_2021.pk
    codes = {finding.code for finding in published_report.get_findings()}
    assert "carry_over" in codes

    response = Client().get(f"/api/v2/pages/{published_report.pk}/")
    assert response.status_code == 200
    findings = response.json()["findings"]["findings"]
    assert "carry_over" not in {finding["code"] for finding in findings}
    assert str(CARRIED) not in response.content.decode()
    assert Client().get(f"/api/v2/pages/{restricted_2021.pk}/").status_code == 404

    # Once the 2021 report is public, the API compares with it.
    PageViewRestriction.objects.filter(page=restricted_2021).delete()
    findings = Client().get(f"/api/v2/pages/{published_report.pk}/").json()["findings"]["findings"]
    assert "carry_over" in {finding["code"] for finding in findings}


def test_the_gate_compares_with_a_restricted_previous_report(published_report, restricted_2021):
    draft = published_report.get_latest_revision_as_object()
    with pytest.raises(PublishRefused) as refused:
        check_publishable(draft)
    assert "carry_over" in {finding.code for finding in refused.value.errors}
