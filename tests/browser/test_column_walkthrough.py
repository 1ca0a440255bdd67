"""A visitor's walk through the disclosure column in Chromium, with a screenshot of each step.

From the county's platform to 嘉祥县科学技术局's column: the guide, the notices filtered by
year and category, one notice and its metadata box, the report archive and a report, and a
search in Chinese. The demo content is the portal's own (``columns`` and ``column_content``
loaders) plus two published reports.
"""

from __future__ import annotations

import sys
from io import StringIO

import pytest
from django.core.management.color import no_style


@pytest.fixture
def portal(transactional_db):
    from example_site.portal.demo import DemoContext, column_content, columns, home, users
    from tests.reports.conftest import correct_document, force_live, make_report
    from wagtail_govdisclosure.checks import fill_totals
    from wagtail_govdisclosure.models import AnnualReportIndexPage, DisclosureIndexPage

    context = DemoContext(stdout=StringIO(), style=no_style())
    for load in (home.load, users.load, columns.load, column_content.load):
        load(context)
    kejiju = DisclosureIndexPage.objects.get(agency_name="嘉祥县科学技术局")
    index = AnnualReportIndexPage.objects.child_of(kejiju).get()
    # Received, handled, carried over to the next year (natural persons), for three years.
    for year, received, handled in ((2021, 3, 3), (2022, 5, 5), (2023, 12, 10)):
        document = correct_document(year)
        document.agency = kejiju.agency_name
        document.set("applications.received.natural_person", received)
        document.set("applications.disclosed.natural_person", handled - 1)
        document.set("applications.handled_total.natural_person", handled)
        document.set("applications.carried_over_out.natural_person", received - handled)
        fill_totals(document)
        force_live(make_report(index, document, slug=str(year)))
    return kejiju


def test_walk_through_the_column(page, screenshot, portal) -> None:
    # 1. The county's platform lists every agency's column.
    page.goto("/")
    page.get_by_role("link", name="政府信息公开", exact=True).first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "政府信息公开"
    agencies = page.locator(".gd-agency-list a")
    assert agencies.all_inner_texts() == ["嘉祥县科学技术局", "嘉祥县教育和体育局"]
    screenshot("column-01-county-platform")

    # 2. A department's column: the standard navigation and the newest notices.
    agencies.filter(has_text="嘉祥县科学技术局").click()
    page.wait_for_load_state()
    nav = page.get_by_role("navigation", name="本专栏栏目").or_(page.locator(".gd-column__nav"))
    assert nav.locator("a").all_inner_texts() == [
        "嘉祥县科学技术局政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "依申请公开",
    ]
    assert page.locator(".gd-newest__item").count() >= 6
    screenshot("column-02-department-column")

    # 3. The guide, with the receiving office entered on the column.
    nav.get_by_role("link", name="嘉祥县科学技术局政府信息公开指南").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "嘉祥县科学技术局政府信息公开指南"
    contact = page.locator(".gd-contact").first
    assert "嘉祥县科学技术局办公室" in contact.inner_text()
    assert "0537-6851234" in contact.inner_text()
    assert (
        page.get_by_role("link", name="下载申请表: 政府信息公开申请表")
        .or_(page.locator(".gd-download a[href*='/documents/']"))
        .count()
        == 1
    )
    screenshot("column-03-guide")

    # 4. The notices, filtered by year then category: each state has its own address.
    page.locator(".gd-breadcrumbs a", has_text="嘉祥县科学技术局").click()
    page.locator(".gd-column__nav a", has_text="法定主动公开内容").click()
    page.wait_for_load_state()
    assert page.locator(".gd-notice-table tbody tr").count() == 13
    page.locator(".gd-filters a", has_text="2023").click()
    page.wait_for_load_state()
    assert page.url.endswith("?year=2023")
    assert page.locator(".gd-notice-table tbody tr").count() == 6
    page.locator(".gd-filters a", has_text="科技、教育/科技").click()
    page.wait_for_load_state()
    assert page.url.endswith("?year=2023&category=kj")
    rows = page.locator(".gd-notice-table tbody tr")
    assert rows.count() == 3
    assert page.locator('.gd-filters a[aria-current="true"]').all_inner_texts() == [
        "2023",
        "科技、教育/科技",
    ]
    screenshot("column-04-notices-filtered")

    # 5. A notice and its metadata box.
    rows.first.locator("a").click()
    page.wait_for_load_state()
    box = page.locator("table.gd-metabox")
    assert box.is_visible()
    text = box.inner_text()
    assert "11370829MB1734215L/2023-00006" in text
    assert "科技、教育/科技" in text and "嘉祥县科学技术局" in text
    screenshot("column-05-notice")

    # 6. The report archive (trend chart and table) and one report.
    page.locator(".gd-breadcrumbs a", has_text="嘉祥县科学技术局").click()
    page.locator(".gd-column__nav a", has_text="政府信息公开年报").click()
    page.wait_for_load_state()
    assert page.locator("svg.gd-trend__chart[role=img]").is_visible()
    # Nine figures; the zero carried over in 2021 and 2022 draw empty bars.
    assert page.locator("svg.gd-trend__chart rect.gd-trend__bar").count() == 9
    last_row = page.locator(".gd-data-table tbody tr").last.inner_text().split()
    assert last_row == ["2023", "12", "10", "2"]
    assert page.locator(".gd-data-table tbody tr").count() == 3
    screenshot("column-06-report-archive")
    page.locator(".gd-report-list__title").first.click()
    page.wait_for_load_state()
    assert "2023年政府信息公开工作年度报告" in page.locator("h1").inner_text()
    screenshot("column-07-report")

    # 7. Search the column in Chinese, from the column's own search box, by keyboard.
    page.goto(portal.url)
    box = page.locator(".gd-search-form__input").first
    box.fill("科技创新")
    box.press("Enter")
    page.wait_for_load_state()
    assert "search/?q=" in page.url
    results = page.locator(".gd-results__title a").all_inner_texts()
    assert "关于推荐2023年度县级科技创新平台的通知" in results
    assert "嘉祥县“十四五”科技创新发展规划" in results
    screenshot("column-08-search")


def test_notice_on_a_phone(page, screenshot, portal) -> None:
    """360 px wide: nothing overflows the screen; the metadata box stacks."""
    page.set_viewport_size({"width": 360, "height": 740})
    from wagtail_govdisclosure.models import NoticePage

    notice = NoticePage.objects.get(slug="2024-kjjh-shenbao")
    page.goto(notice.url)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360
    screenshot("column-09-notice-360px")
    page.goto(portal.url + "fdzdgknr/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    screenshot("column-10-notices-360px")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
