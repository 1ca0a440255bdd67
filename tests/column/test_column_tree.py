"""The left navigation tree on every sub-page of a column: its sections, the current marked."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from wagtail_govdisclosure.models import (
    AnnualReportIndexPage,
    DisclosureApplicationPage,
    DisclosurePolicyPage,
    NoticePage,
)

from .conftest import publish

STANDARD = [
    "嘉祥县科学技术局政府信息公开指南",
    "政府信息公开制度",
    "法定主动公开内容",
    "政府信息公开年报",
    "依申请公开",
]


def tree_links(html: str) -> list[tuple[str, str, str]]:
    """``(title, href, aria-current)`` of each link of the page's column tree."""
    start = html.index('<nav class="gd-tree" aria-label="本专栏栏目">')
    nav = html[start : html.index("</nav>", start)]
    return [
        (title, href, current)
        for href, current, title in re.findall(
            r'class="gd-tree__link" href="([^"]+)"(?: aria-current="([^"]+)")?>([^<]+)<', nav
        )
    ]


def sub_pages(column) -> dict[str, tuple[str, str | None]]:
    """Each sub-page type's address, with the section the tree must mark on it."""
    children = {page.specific_class: page for page in column.get_children().live().specific()}
    notice_index = next(p for cls, p in children.items() if cls.__name__ == "NoticeIndexPage")
    notice = NoticePage.objects.child_of(notice_index).live().first()
    return {
        "guide": (column.get_guide().url, STANDARD[0]),
        "policy": (children[DisclosurePolicyPage].url, STANDARD[1]),
        "notice list": (notice_index.url, STANDARD[2]),
        "notice": (notice.url, STANDARD[2]),
        "report archive": (children[AnnualReportIndexPage].url, STANDARD[3]),
        "application": (children[DisclosureApplicationPage].url, STANDARD[4]),
        "search": (column.url + column.search_subpath + "?q=科技", None),
    }


def test_every_sub_page_shows_the_tree_with_its_section_marked(full_column) -> None:
    client = Client()
    for name, (url, current_section) in sub_pages(full_column).items():
        response = client.get(url)
        assert response.status_code == 200, name
        links = tree_links(response.content.decode())
        assert [title for title, _, _ in links] == STANDARD, name
        marked = [title for title, _, current in links if current]
        assert marked == ([current_section] if current_section else []), name
        for title, href, current in links:
            # The section's own page is the "page"; a page below it has it as its place.
            if current:
                assert current == ("page" if href == url else "true"), (name, title)
            assert client.get(href).status_code == 200, (name, href)


def test_the_column_home_has_no_tree(full_column) -> None:
    assert 'class="gd-tree"' not in Client().get(full_column.url).content.decode()


def test_drafts_and_private_sections_are_never_listed(full_column) -> None:
    draft = DisclosurePolicyPage(
        title="未发布的制度", slug="draft-zhidu", body="<p>草稿</p>", live=False
    )
    full_column.add_child(instance=draft)
    draft.save_revision()
    private = publish(
        full_column.add_child(
            instance=DisclosurePolicyPage(title="内部制度", slug="neibu", body="<p>内部</p>")
        )
    )
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    html = Client().get(full_column.get_guide().url).content.decode()
    titles = [title for title, _, _ in tree_links(html)]
    assert titles == STANDARD
    assert "未发布的制度" not in html and "内部制度" not in html


def test_publishing_unpublishing_and_moving_refresh_the_tree(full_column, other_column) -> None:
    client = Client()
    guide_url = full_column.get_guide().url
    assert [t for t, _, _ in tree_links(client.get(guide_url).content.decode())] == STANDARD
    policy = DisclosurePolicyPage.objects.child_of(full_column).get()
    policy.title = "政府信息公开工作制度"
    publish(policy)
    titles = [t for t, _, _ in tree_links(client.get(guide_url).content.decode())]
    assert titles[1] == "政府信息公开工作制度"
    policy.unpublish()
    titles = [t for t, _, _ in tree_links(client.get(guide_url).content.decode())]
    assert "政府信息公开工作制度" not in titles
    application = DisclosureApplicationPage.objects.child_of(full_column).get()
    application.move(other_column, pos="last-child")
    titles = [t for t, _, _ in tree_links(client.get(guide_url).content.decode())]
    assert titles == STANDARD[:1] + STANDARD[2:4]


def navigation_queries(queries: CaptureQueriesContext) -> list[str]:
    """The queries reading a column's sections for the tree (titles with their page types)."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if '"django_content_type"."model"' in q["sql"] and '"url_path"' in q["sql"]
    ]


@pytest.mark.parametrize("page_name", ["guide", "notice", "search"])
def test_a_warm_page_reads_the_tree_from_the_cache(full_column, page_name) -> None:
    client = Client()
    url, _ = sub_pages(full_column)[page_name]
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    assert len(navigation_queries(cold)) == 1
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    assert navigation_queries(warm) == []
