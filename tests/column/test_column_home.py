"""The column's home: the standard navigation, the newest items, the county's list of columns."""

from __future__ import annotations

import datetime
import re

from django.test import Client

from wagtail_govdisclosure.models import DisclosureGuidePage, NoticeIndexPage

from .conftest import GOV_USCC, make_column, publish


def test_navigation_in_the_standard_order(full_column) -> None:
    html = Client().get(full_column.url).content.decode()
    nav = html[html.index('class="gd-column__nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert re.findall(r'gd-column__nav-link" href="[^"]+">([^<]+)<', nav) == [
        "嘉祥县科学技术局政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "依申请公开",
    ]


def test_newest_notices_are_listed_newest_first(full_column, make_notice) -> None:
    for day in range(8):
        make_notice(
            f"通知{day}", release_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=day)
        )
    make_notice("草稿通知", live=False)
    html = Client().get(full_column.url).content.decode()
    shown = re.findall(r'gd-newest__item">\s*<a href="[^"]+">([^<]+)<', html)
    assert shown[:6] == [f"通知{day}" for day in range(7, 1, -1)]
    assert "草稿通知" not in html


def test_draft_sections_are_not_shown(column) -> None:
    draft = DisclosureGuidePage(title="未发布的指南", slug="zhinan", live=False)
    column.add_child(instance=draft)
    publish(column.add_child(instance=NoticeIndexPage(title="通知公告", slug="tzgg")))
    html = Client().get(column.url).content.decode()
    assert "未发布的指南" not in html
    assert "通知公告" in html


def test_the_county_governments_column_lists_every_agency(site_root) -> None:
    county = make_column(site_root, "嘉祥县人民政府", GOV_USCC, kind="government")
    from .conftest import JIAOTIJU_USCC, KEJIJU_USCC

    kejiju = make_column(county, "嘉祥县科学技术局", KEJIJU_USCC)
    jiaotiju = make_column(county, "嘉祥县教育和体育局", JIAOTIJU_USCC)
    html = Client().get(county.url).content.decode()
    assert kejiju.url in html and jiaotiju.url in html
    # A department's column does not list the others.
    assert jiaotiju.url not in Client().get(kejiju.url).content.decode()


def test_one_breadcrumb_convention(full_column, guide) -> None:
    """The site's home page is 「首页」 in the column's breadcrumbs, as on the report pages."""
    import re

    from django.test import Client

    html = Client().get(guide.url).content.decode()
    trail = re.search(r'<nav class="gd-breadcrumbs".*?</nav>', html, re.S).group()
    first = re.search(r"<a [^>]*>([^<]*)</a>", trail).group(1)
    assert first == "首页"
    assert full_column.title in trail


def test_more_links_on_the_cards(full_column) -> None:
    from django.test import Client

    html = Client().get(full_column.url).content.decode()
    notices = full_column.get_section("noticeindexpage")
    assert (
        f'<a class="gd-panel__more" href="{notices.url}">更多'
        f'<span class="gd-visually-hidden">：{notices.title}</span></a>'
    ) in html
