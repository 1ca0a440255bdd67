"""Chinese search on the database backend (SQLite FTS5 and PostgreSQL): Han pairs."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from wagtail_govdisclosure.models import NoticePage
from wagtail_govdisclosure.search import bigram_text, han_bigrams, query_terms, search_pages

from .conftest import publish


def test_han_runs_become_overlapping_pairs() -> None:
    assert list(han_bigrams("科技创新")) == ["科技", "技创", "创新"]
    assert list(han_bigrams("局")) == ["局"]
    # Runs are cut at anything that is not Han; each run's last character also stands alone.
    assert bigram_text(["<p>科技创新，年度报告</p>", None, "2023年 OFD"]) == (
        "科技 技创 创新 新 年度 度报 报告 告 年 2023 ofd"
    )


def test_query_terms() -> None:
    assert query_terms("科技创新") == ["科技", "技创", "创新"]
    assert query_terms("2023年 年度报告") == ["2023", "年度", "度报", "报告"]
    assert query_terms("局") == ["局"]
    assert query_terms('"科技" OR *') == ["科技", "or"]
    assert query_terms("  ") == []


def found(column, query: str) -> list[str]:
    return sorted(page.title for page in search_pages(column.search_queryset(), query))


@pytest.fixture
def notices(make_notice):
    return {
        "innovation": make_notice(
            "关于推进科技创新平台建设的通知", body="<p>支持企业建设工程技术研究中心。</p>"
        ),
        "report": make_notice("工作总结", body="<p>现将年度报告编制工作安排如下。</p>"),
        "budget": make_notice("部门预算公开", body="<p>2024年收支预算总计486万元。</p>"),
    }


def test_a_chinese_phrase_finds_the_pages_containing_it(column, notices) -> None:
    assert found(column, "科技创新") == ["关于推进科技创新平台建设的通知"]
    assert found(column, "年度报告") == ["工作总结"]  # found in the body
    assert found(column, "工程技术") == ["关于推进科技创新平台建设的通知"]
    assert found(column, "创新年度") == []  # all pairs must match
    assert found(column, "预") == ["部门预算公开"]  # one character: a prefix
    assert found(column, "元") == ["部门预算公开"]  # …even at the end of a run
    assert found(column, "2024年 预算") == ["部门预算公开"]


def test_drafts_private_pages_and_unpublished_changes_never_appear(
    column, notices, make_notice
) -> None:
    make_notice("科技创新草稿", live=False)
    private = notices["budget"]
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    # A live page with a newer draft: the draft's words are not searchable.
    live = notices["report"]
    draft = live.get_latest_revision_as_object()
    draft.body = "<p>尚未发布的秘密修改科技创新内容。</p>"
    draft.save_revision()
    assert found(column, "科技创新") == ["关于推进科技创新平台建设的通知"]
    assert found(column, "预算") == []
    assert found(column, "秘密修改") == []
    assert found(column, "年度报告") == ["工作总结"]


def test_search_stays_in_the_column(column, other_column, notices, categories) -> None:
    from wagtail_govdisclosure.models import NoticeIndexPage

    index = publish(other_column.add_child(instance=NoticeIndexPage(title="通知", slug="tz")))
    page = NoticePage(
        title="教体局科技创新活动",
        slug="x",
        category=categories["zwgk"],
        release_date=datetime.date(2023, 1, 1),
    )
    index.add_child(instance=page)
    publish(page)
    assert found(column, "科技创新") == ["关于推进科技创新平台建设的通知"]
    assert found(other_column, "科技创新") == ["教体局科技创新活动"]


def test_search_page(column, notices) -> None:
    client = Client()
    html = client.get(column.url + "search/?q=科技创新").content.decode()
    assert "关于推进科技创新平台建设的通知" in html
    assert "部门预算公开" not in html
    assert 'name="robots" content="noindex"' in html
    assert client.get(column.url + "search/?q=科技&page=9").status_code == 404
    empty = client.get(column.url + "search/").content.decode()
    assert "gd-results" not in empty


def test_search_page_queries_do_not_grow_with_the_number_of_notices(column, make_notice) -> None:
    url = column.url + "search/?q=科技项目"

    def queries() -> int:
        client = Client()
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for _ in range(5):
        make_notice()  # 关于开展第n批科技项目申报工作的通知
    few = queries()
    for _ in range(45):
        make_notice()
    assert queries() == few


def test_annual_reports_are_found_in_chinese(column) -> None:
    """A report's title and sections are searched by Han pairs like every column page."""
    from tests.reports.conftest import correct_document, make_report
    from wagtail_govdisclosure.models import AnnualReportIndexPage

    index = column.add_child(instance=AnnualReportIndexPage(title="政府信息公开年报", slug="nb"))
    document = correct_document(2022)
    document.sections["problems"] = "<p>信息发布及时性有待提高。</p>"
    report = make_report(index, document)
    publish(report)
    assert report.title in found(column, "年度报告")
    assert found(column, "及时性") == [report.title]
    draft = report.get_latest_revision_as_object()
    draft.problems = "<p>尚未发布的整改措施。</p>"
    draft.save_revision()
    assert found(column, "整改措施") == []


def test_a_result_shows_the_notices_own_release_date(column, make_notice) -> None:
    notice = make_notice("关于科技创新券发放的通知", release_date=datetime.date(2023, 3, 8))
    # Put on the site late in the evening of another day (UTC 23:30 is 07:30 in Shanghai).
    NoticePage.objects.filter(pk=notice.pk).update(
        last_published_at=datetime.datetime(2026, 12, 4, 23, 30, tzinfo=datetime.UTC)
    )
    html = Client().get(column.url + "search/?q=创新券").content.decode()
    assert '<time datetime="2023-03-08">2023-03-08</time>' in html
    assert "2026-12-0" not in html
