"""Roll-ups per county: each county government against its own departments only."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import Page

from tests.reports.conftest import correct_document
from wagtail_govdisclosure.checks import fill_totals
from wagtail_govdisclosure.interchange import ReportDocument
from wagtail_govdisclosure.permissions import board_permission
from wagtail_govdisclosure.views.board import ReportState, build_board

from .conftest import YEAR, add_column, add_report

pytestmark = pytest.mark.django_db

AFTER_DEADLINES = datetime.date(2023, 6, 1)
PUBLISHED = datetime.date(2023, 1, 20)
RECEIVED = "applications.received.natural_person"


def applications(count: int) -> ReportDocument:
    """A correct report with ``count`` applications from people, each disclosed."""
    document = correct_document(YEAR)
    document.set(RECEIVED, count)
    document.set("applications.disclosed.natural_person", count)
    document.set("applications.unavailable_not_held.natural_person", 0)
    document.set("applications.handled_total.natural_person", count)
    fill_totals(document)
    return document


@pytest.fixture
def province(site_root: Page) -> dict[str, object]:
    """Two counties laid out as portals do.

    嘉祥县: the departments' columns inside the government's column. 汶上县: a
    platform page holding the government's column and its departments' beside it.
    """
    jiaxiang = add_column(site_root, "嘉祥县人民政府", 1, kind="government")
    jiaxiang_kjj = add_column(jiaxiang, "嘉祥县科学技术局", 2)
    jiaxiang_jtj = add_column(jiaxiang, "嘉祥县教育和体育局", 3)
    platform = site_root.add_child(instance=Page(title="汶上县政府信息公开平台", slug="wenshang"))
    wenshang = add_column(platform, "汶上县人民政府", 4, kind="government")
    wenshang_kjj = add_column(platform, "汶上县科学技术局", 5)
    wenshang_mzj = add_column(platform, "汶上县民政局", 6)
    add_report(jiaxiang_kjj, applications(2), published=PUBLISHED)
    add_report(jiaxiang_jtj, applications(5), published=PUBLISHED)
    add_report(wenshang_kjj, applications(11), published=PUBLISHED)
    add_report(wenshang_mzj, applications(13))  # a draft: never in a sum
    # Each government reports the sum of its own departments (嘉祥 7, 汶上 11).
    add_report(jiaxiang, applications(7), published=datetime.date(2023, 3, 1))
    add_report(wenshang, applications(24), published=datetime.date(2023, 3, 1))
    return {"jiaxiang": jiaxiang, "wenshang": wenshang, "wenshang_mzj": wenshang_mzj}


def test_each_county_sums_only_its_own_departments(province) -> None:
    board = build_board(YEAR, AFTER_DEADLINES)

    counties = {item.agency: item for item in board.counties}
    assert list(counties) == ["嘉祥县人民政府", "汶上县人民政府"]
    jiaxiang, wenshang = counties["嘉祥县人民政府"], counties["汶上县人民政府"]
    assert sorted(jiaxiang.rollup.agencies) == ["嘉祥县教育和体育局", "嘉祥县科学技术局"]
    assert jiaxiang.rollup.document.get(RECEIVED) == 7
    assert wenshang.rollup.agencies == ["汶上县科学技术局"]
    assert wenshang.rollup.document.get(RECEIVED) == 11
    # 嘉祥 reported its departments' sum; 汶上 counted 13 applications of a draft.
    assert jiaxiang.published and jiaxiang.differences == []
    differences = {d.ref: (d.expected, d.actual) for d in wenshang.differences}
    assert differences[RECEIVED] == (11, 24)
    # The portal's sum: every department's published report, no government's.
    assert board.county is None
    assert board.rollup.document.get(RECEIVED) == 18
    assert sorted(board.rollup.agencies) == [
        "嘉祥县教育和体育局",
        "嘉祥县科学技术局",
        "汶上县科学技术局",
    ]


def test_the_board_of_one_county(province) -> None:
    board = build_board(YEAR, AFTER_DEADLINES, county=province["wenshang"].pk)

    assert [row.agency for row in board.rows] == [
        "汶上县人民政府",
        "汶上县科学技术局",
        "汶上县民政局",
    ]
    assert board.county is not None and board.county.agency == "汶上县人民政府"
    assert board.rollup.document.get(RECEIVED) == 11
    assert {row.agency: row.state for row in board.rows}["汶上县民政局"] is ReportState.DRAFT


@pytest.fixture
def office_client(client, django_user_model):
    group = Group.objects.create(name="政务公开办")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        board_permission(),
    )
    user = django_user_model.objects.create_user("office", password="pw")
    user.groups.add(group)
    client.force_login(user)
    return client


def test_the_exports_of_one_county(office_client, province) -> None:
    wenshang = province["wenshang"].pk
    url = reverse("wagtail_govdisclosure_status:export", args=[YEAR, "csv"])
    response = office_client.get(url, {"county": wenshang})
    assert response.status_code == 200
    assert f"govdisclosure-rollup-{YEAR}-{wenshang}.csv" in response["Content-Disposition"]
    rows = {row[3]: row for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert rows[RECEIVED][4:] == ["11", "24", "13"]

    json_url = reverse("wagtail_govdisclosure_status:export", args=[YEAR, "json"])
    document = json.loads(office_client.get(json_url, {"county": wenshang}).content)
    assert document["agency"] == "汶上县人民政府"
    assert document["tables"]["applications"]["received"]["natural_person"] == 11
    # A column that is not a county government's has no roll-up.
    missing = office_client.get(url, {"county": province["wenshang_mzj"].pk})
    assert missing.status_code == 404


def test_the_board_view_lists_the_counties_and_filters_by_one(office_client, province) -> None:
    board_url = reverse("wagtail_govdisclosure_status:board")
    html = office_client.get(board_url, {"year": YEAR}).content.decode()
    assert f'href="?year={YEAR}&amp;county={province["wenshang"].pk}"' in html
    one = office_client.get(board_url, {"year": YEAR, "county": province["jiaxiang"].pk})
    html = one.content.decode()
    assert "嘉祥县科学技术局" in html and "汶上县科学技术局" not in html


def test_the_summaries_follow_publication_and_the_command_rewrites_them(
    province, django_assert_num_queries
) -> None:
    from django.core.management import call_command

    from wagtail_govdisclosure.models import ReportSummary
    from wagtail_govdisclosure.summaries import board_generation
    from wagtail_govdisclosure.views.status import dashboard_summary

    draft = province["wenshang_mzj"]
    report = draft.report_index.get_children().get().specific
    summary = ReportSummary.objects.get(page=report)
    assert summary.live_tables is None
    assert summary.latest_document["tables"]["applications"]["received"]["natural_person"] == 13

    generation = board_generation()
    panel = dashboard_summary(8)
    with django_assert_num_queries(0):
        assert dashboard_summary(8) == panel  # from the cache
    report.get_latest_revision().publish()
    summary.refresh_from_db()
    assert summary.latest_document is None
    assert summary.live_tables["applications"]["received"]["natural_person"] == 13
    # Publishing makes the cached panel stale.
    assert board_generation() > generation
    board = build_board(YEAR, AFTER_DEADLINES)
    assert {r.agency: r.state for r in board.rows}["汶上县民政局"].published

    ReportSummary.objects.all().delete()
    call_command("govdisclosure_summarise_reports", stdout=io.StringIO())
    assert ReportSummary.objects.count() == 6


def test_the_board_lists_the_agencies_a_page_at_a_time(
    office_client, province, monkeypatch
) -> None:
    from wagtail_govdisclosure.views import status

    monkeypatch.setattr(status, "BOARD_PAGE_SIZE", 4)
    board_url = reverse("wagtail_govdisclosure_status:board")
    first = office_client.get(board_url, {"year": YEAR}).content.decode()
    second = office_client.get(board_url, {"year": YEAR, "p": 2}).content.decode()
    assert f"?year={YEAR}&amp;p=2" in first
    # Six agencies: four on the first page, the last two (汶上县's departments) on the second.
    assert "汶上县民政局<br>" in second and "汶上县民政局<br>" not in first
    assert "嘉祥县科学技术局<br>" in first and "嘉祥县科学技术局<br>" not in second
