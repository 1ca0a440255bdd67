"""F3, F4: moves, aliases and alias conversion go through the publish gate on every path
(admin API, actions, ``move_pages``, the copy form); a refused change leaves nothing changed."""

# ruff: noqa: F811  (fixtures imported by name)

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.actions.move_page import MovePageAction

from tests.reports.conftest import (  # noqa: F401 - fixtures
    column,
    correct_document,
    make_report,
    other_index,
    report_index,
    site_root,
)
from tests.reports.test_move_live import add_index, city_report  # noqa: F401 - fixture
from wagtail_govdisclosure.models import AnnualReportIndexPage, AnnualReportPage
from wagtail_govdisclosure.publishing import PublishRefused

pytestmark = pytest.mark.django_db


def parent_of(page) -> int:
    return AnnualReportPage.objects.get(pk=page.pk).get_parent().pk


def live_reports_of(index, year: int) -> int:
    return AnnualReportPage.objects.child_of(index).live().filter(year=year).count()


# --- F3: moves ------------------------------------------------------------------------------


def test_admin_api_move_of_a_live_report_where_it_would_be_wrong_is_refused(
    admin_client, city_report, report_index
):
    before = parent_of(city_report)
    url = reverse("wagtailadmin_api:pages:action", args=(city_report.pk, "move"))

    response = admin_client.post(
        url,
        {"destination_page_id": report_index.pk, "position": "last-child"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "规章" in response.content.decode()  # the finding names the row
    assert parent_of(city_report) == before
    assert not AnnualReportPage.objects.child_of(report_index).exists()


def test_move_page_action_is_refused_too(admin_user, city_report, report_index):
    before = parent_of(city_report)

    with pytest.raises(PublishRefused):
        MovePageAction(city_report, report_index, pos="last-child", user=admin_user).execute()

    assert parent_of(city_report) == before


def test_move_pages_command_moves_nothing_when_one_move_is_refused(
    site_root, city_report, report_index
):
    city_index = AnnualReportPage.objects.get(pk=city_report.pk).get_parent()
    draft = make_report(city_index, correct_document(2021), slug="city-2021")

    with pytest.raises(CommandError) as raised:
        call_command("move_pages", city_index.pk, report_index.pk, stdout=StringIO())

    assert "因此没有移动任何页面" in str(raised.value)
    assert parent_of(draft) == city_index.pk
    assert parent_of(city_report) == city_index.pk


def test_a_report_cannot_be_moved_into_an_index_with_a_report_of_its_year(
    admin_client, report_index, other_index
):
    page = make_report(report_index, correct_document(2022))
    page.get_latest_revision().publish()
    there = make_report(other_index, correct_document(2022), slug="there-2022")
    there.get_latest_revision().publish()
    url = reverse("wagtailadmin_api:pages:action", args=(page.pk, "move"))

    response = admin_client.post(
        url,
        {"destination_page_id": other_index.pk, "position": "last-child"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert parent_of(page) == report_index.pk
    assert live_reports_of(other_index, 2022) == 1


def test_the_admin_move_view_explains_a_duplicate_year(admin_client, report_index, other_index):
    page = make_report(report_index, correct_document(2022))
    make_report(other_index, correct_document(2022), slug="there-2022")
    url = reverse("wagtailadmin_pages:move_confirm", args=(page.pk, other_index.pk))

    response = admin_client.post(url, follow=True)

    assert response.status_code == 200
    assert "2022" in response.content.decode()
    assert parent_of(page) == report_index.pk


def test_moving_a_report_index_to_another_column_judges_its_live_reports(
    site_root, city_report, column
):
    # The city's report index, moved into a county department's column, would make its
    # live report a county organ's report with 规章.
    city_index = AnnualReportIndexPage.objects.get(pk=parent_of(city_report))

    with pytest.raises(PublishRefused):
        MovePageAction(city_index, column, pos="last-child").execute()

    assert parent_of(city_report) == city_index.pk


# --- F4: aliases and their conversion -------------------------------------------------------


def test_admin_api_convert_alias_refused_leaves_the_alias_an_alias(
    admin_client, city_report, report_index
):
    # An alias shows the city's report in a county department's column (exempt from the
    # gate as an alias); converted, it would be a county report with 规章.
    alias = city_report.create_alias(parent=report_index, update_slug="alias-2022")
    url = reverse("wagtailadmin_api:pages:action", args=(alias.pk, "convert_alias"))

    response = admin_client.post(url, {}, content_type="application/json")

    assert response.status_code == 400
    alias = AnnualReportPage.objects.get(pk=alias.pk)
    assert alias.alias_of_id == city_report.pk
    assert alias.live


def test_an_alias_next_to_its_original_is_refused(report_index):
    page = make_report(report_index, correct_document(2022))
    page.get_latest_revision().publish()

    with pytest.raises(ValidationError):
        page.create_alias(parent=report_index, update_slug="second-2022")

    assert AnnualReportPage.objects.child_of(report_index).count() == 1
    assert live_reports_of(report_index, 2022) == 1


def test_the_copy_forms_alias_path_checks_the_year(admin_client, report_index):
    page = make_report(report_index, correct_document(2022))
    page.get_latest_revision().publish()
    url = reverse("wagtailadmin_pages:copy", args=(page.pk,))

    response = admin_client.post(
        url,
        {
            "new_title": page.title,
            "new_slug": "second-2022",
            "new_parent_page": report_index.pk,
            "alias": "on",
        },
    )

    assert response.status_code == 200  # the form again, with the reason
    assert "2022" in response.content.decode()
    assert AnnualReportPage.objects.child_of(report_index).count() == 1


def test_converting_an_alias_into_a_second_report_of_the_year_is_refused(
    admin_user, report_index, other_index
):
    page = make_report(other_index, correct_document(2022))
    page.get_latest_revision().publish()
    page.refresh_from_db()
    alias = page.create_alias(parent=report_index, update_slug="alias-2022")
    # A report of 2022 written in the index after the alias was made.
    make_report(report_index, correct_document(2022), slug="own-2022")

    with pytest.raises(ValidationError):
        ConvertAliasPageAction(alias, user=admin_user).execute()

    assert AnnualReportPage.objects.get(pk=alias.pk).alias_of_id == page.pk


def test_converting_a_right_alias_goes_through(admin_user, report_index, other_index):
    page = make_report(other_index, correct_document(2022))
    page.get_latest_revision().publish()
    page.refresh_from_db()
    alias = page.create_alias(parent=report_index, update_slug="alias-2022")

    ConvertAliasPageAction(alias, user=admin_user).execute()

    converted = AnnualReportPage.objects.get(pk=alias.pk)
    assert converted.alias_of_id is None
    assert converted.live
