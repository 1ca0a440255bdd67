"""Search as people type: 年报 for 年度报告, 科技局 for 科学技术局, partial matches."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client, override_settings

from tests.column.conftest import (
    CONTACT,
    GOV_USCC,
    JIAOTIJU_USCC,
    KEJIJU_USCC,
    make_column,
    publish,
)
from wagtail_govdisclosure.models import (
    AnnualReportIndexPage,
    DisclosureApplicationPage,
    DisclosureIndexPage,
    NoticeIndexPage,
    NoticePage,
)
from wagtail_govdisclosure.search import query_variants, search_column


def test_query_variants() -> None:
    groups = [("年报", "年度报告"), ("嘉祥县科学技术局", "科技局")]
    assert query_variants("2022年报", groups) == ["2022年报", "2022 年报", "2022 年度报告"]
    assert query_variants("科技局年报", groups) == [
        "科技局年报",
        "科技局 年报",
        "科技局 年度报告",
        "嘉祥县科学技术局 年报",
        "嘉祥县科学技术局 年度报告",
    ]
    assert query_variants("预算", groups) == ["预算"]
    # Bounded, however many words have equivalents.
    assert len(query_variants("年报" * 40, groups)) == 12


@pytest.fixture
def platform(site_root, guide, application_form):
    """The county's column with two departments' columns, each with reports; 科技局's guide."""
    from tests.reports.conftest import correct_document, make_report

    county = make_column(
        site_root, "嘉祥县人民政府", GOV_USCC, kind="government", agency_short_name="县政府"
    )
    kejiju = guide.get_parent().specific
    kejiju.agency_short_name = "科技局"
    publish(kejiju)
    kejiju.move(county, pos="last-child")
    jiaotiju = make_column(
        county, "嘉祥县教育和体育局", JIAOTIJU_USCC, agency_short_name="教体局、教育局"
    )
    reports = {}
    for column, key in ((kejiju, "kjj"), (jiaotiju, "jtj")):
        column = DisclosureIndexPage.objects.get(pk=column.pk)
        index = publish(
            column.add_child(instance=AnnualReportIndexPage(title="政府信息公开年报", slug="nb"))
        )
        for year in (2021, 2022):
            document = correct_document(year)
            document.agency = column.agency_name
            reports[key, year] = publish(make_report(index, document))
    publish(
        county.add_child(
            instance=DisclosureApplicationPage(
                title="依申请公开", slug="ysq", intro="<p>申请获取政府信息。</p>"
            )
        )
    )
    return {"county": DisclosureIndexPage.objects.get(pk=county.pk), "reports": reports}


def titles(column, query: str) -> list[str]:
    from wagtail.models import Page

    hits = search_column(column.search_queryset(), query, _short_names())
    pages = Page.objects.in_bulk([hit.pk for hit in hits])
    return [pages[hit.pk].title for hit in hits if hit.whole]


def _short_names():
    from wagtail_govdisclosure.models.agency import agency_short_names

    return agency_short_names()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("年报", {"kjj2021", "kjj2022", "jtj2021", "jtj2022"}),
        ("2022年报", {"kjj2022", "jtj2022"}),
        ("科技局2022年报", {"kjj2022"}),
        ("教育局年报", {"jtj2021", "jtj2022"}),
        ("教体局 2021 年报", {"jtj2021"}),
    ],
)
def test_reports_are_found_by_the_words_people_type(platform, query, expected) -> None:
    names = {f"{key}{year}": report.title for (key, year), report in platform["reports"].items()}
    wanted = {names[name] for name in expected}
    reports = [title for title in titles(platform["county"], query) if title in names.values()]
    # The reports asked for come first (others may follow: a 2021 report mentions 2022).
    assert set(reports[: len(wanted)]) == wanted, reports


def test_office_hours_and_phone_of_the_column_find_the_guide(platform, guide) -> None:
    county = platform["county"]
    assert titles(county, "办公时间")[0] == guide.title
    assert guide.title in titles(county, "联系电话")
    # The column's contact data changes: the guide is found by the new hours.
    column = DisclosureIndexPage.objects.get(uscc=KEJIJU_USCC)
    column.contact_hours = "工作日全天受理预约咨询"
    publish(column)
    assert titles(county, "预约咨询") == [guide.title]
    assert CONTACT["contact_hours"]


def test_partial_matches_follow_whole_ones(platform) -> None:
    county = platform["county"]
    hits = search_column(county.search_queryset(), "科技局2022年报审计整改", _short_names())
    assert hits, "partial matches instead of nothing"
    assert not any(hit.whole for hit in hits)
    kejiju_2022 = platform["reports"]["kjj", 2022].pk
    assert kejiju_2022 in [hit.pk for hit in hits]


def test_a_portal_adds_its_own_synonyms(platform) -> None:
    assert titles(platform["county"], "阳光报表") == []
    with override_settings(WAGTAIL_GOVDISCLOSURE_SEARCH_SYNONYMS=[["阳光报表", "年度报告"]]):
        found = titles(platform["county"], "阳光报表")
    assert {report.title for report in platform["reports"].values()} <= set(found)


def test_search_page(platform) -> None:
    county = platform["county"]
    client = Client()
    html = client.get(county.url + "search/?q=科技局2022年报").content.decode()
    report = platform["reports"]["kjj", 2022]
    assert report.title in html
    assert "发布日期" in html
    # Partial matches are listed after the whole ones, under their own heading.
    html = client.get(county.url + "search/?q=科技局2022年报审计").content.decode()
    assert "没有同时包含全部词语的结果" in html
    assert report.title in html


def test_no_results_page_points_to_the_archive_guide_and_application(platform) -> None:
    county = platform["county"]
    html = Client().get(county.url + "search/?q=火星探测").content.decode()
    assert "gd-search__elsewhere" in html
    assert "依申请公开" in html and county.url + "ysq/" in html


def test_release_date_of_a_notice_is_shown(column, notice_index, make_notice) -> None:
    make_notice("关于科技特派员选派的通知", release_date=datetime.date(2021, 3, 9))
    html = Client().get(column.url + "search/?q=科技特派员").content.decode()
    assert "2021-03-09" in html


def test_unknown_year_of_the_notice_list_is_not_found(column, notice_index, make_notice) -> None:
    make_notice(release_date=datetime.date(2023, 5, 1))
    client = Client()
    assert client.get(notice_index.url + "?year=2023").status_code == 200
    assert client.get(notice_index.url + "?year=2019").status_code == 404
    assert client.get(notice_index.url + "?year=abc").status_code == 404
    assert NoticeIndexPage and NoticePage


def test_api_search_uses_the_column_search(platform) -> None:
    client = Client()
    report = platform["reports"]["kjj", 2022]
    data = client.get("/api/v2/pages/", {"search": "科技局2022年报"}).json()
    assert data["items"][0]["id"] == report.pk
    data = client.get("/api/v2/pages/", {"search": "教育局年报", "search_operator": "and"}).json()
    ids = {item["id"] for item in data["items"]}
    assert {platform["reports"]["jtj", 2021].pk, platform["reports"]["jtj", 2022].pk} <= ids
    assert client.get("/api/v2/pages/", {"search": "火星探测"}).json()["items"] == []


def test_api_year_filter_on_notices(column, notice_index, make_notice) -> None:
    old = make_notice("二〇二二年的通知", release_date=datetime.date(2022, 12, 31))
    new = make_notice("二〇二三年的通知", release_date=datetime.date(2023, 1, 1))
    client = Client()
    notices = {"type": "wagtail_govdisclosure.NoticePage"}
    data = client.get("/api/v2/pages/", {**notices, "year": "2023"}).json()
    assert [item["id"] for item in data["items"]] == [new.pk]
    data = client.get("/api/v2/pages/", {**notices, "year": "2022", "search": "通知"}).json()
    assert [item["id"] for item in data["items"]] == [old.pk]
    assert client.get("/api/v2/pages/", {**notices, "year": "20x3"}).status_code == 400
    assert client.get("/api/v2/pages/", {"year": "2023"}).status_code == 400
