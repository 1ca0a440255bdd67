"""The notice listing (newest first, stable filter addresses, constant queries) and a notice."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail_govdisclosure.models import NoticePage
from wagtail_govdisclosure.models.notices import NOTICES_PER_PAGE


def titles(html: str) -> list[str]:
    return re.findall(r'<td><a href="[^"]+">([^<]+)</a>', html)


def test_listing_is_newest_first_with_the_index_number(make_notice, notice_index) -> None:
    old = make_notice("旧通知", release_date=datetime.date(2022, 1, 5))
    new = make_notice("新通知", release_date=datetime.date(2024, 1, 5))
    html = Client().get(notice_index.url).content.decode()
    assert titles(html) == ["新通知", "旧通知"]
    assert new.index_number in html and old.index_number in html


def test_filters_by_year_and_category_with_stable_addresses(make_notice, notice_index) -> None:
    make_notice("2023政务", release_date=datetime.date(2023, 3, 1), category="zwgk")
    make_notice("2023科技", release_date=datetime.date(2023, 4, 1), category="kjcx")
    make_notice("2024科技", release_date=datetime.date(2024, 4, 1), category="kjcx")
    client = Client()
    assert titles(client.get(notice_index.url + "?year=2023").content.decode()) == [
        "2023科技",
        "2023政务",
    ]
    assert titles(client.get(notice_index.url + "?category=kj").content.decode()) == [
        "2024科技",
        "2023科技",
    ]
    html = client.get(notice_index.url + "?year=2023&category=kj").content.decode()
    assert titles(html) == ["2023科技"]
    # Each filter link keeps the other filter, parameters always in the same order.
    assert 'href="?year=2024&amp;category=kj"' in html
    assert 'href="?year=2023&amp;category=zwgk"' in html
    assert 'href="?category=kj"' in html  # all years
    assert 'href="?year=2023"' in html  # all categories


@pytest.mark.parametrize(
    "query",
    ["?year=abcd", "?year=3000", "?year=2040", "?category=nope", "?page=99", "?page=x"],
)
def test_unknown_filter_states_are_not_found(make_notice, notice_index, query) -> None:
    make_notice()
    assert Client().get(notice_index.url + query).status_code == 404


def test_pagination_links_keep_the_filters(make_notice, notice_index) -> None:
    for day in range(NOTICES_PER_PAGE + 3):
        make_notice(release_date=datetime.date(2023, 1, 1) + datetime.timedelta(days=day))
    client = Client()
    html = client.get(notice_index.url + "?year=2023").content.decode()
    assert 'href="?year=2023&amp;page=2"' in html
    second = client.get(notice_index.url + "?year=2023&page=2").content.decode()
    assert len(titles(second)) == 3
    assert 'href="?year=2023"' in second  # page 1 has no page parameter


def count_queries(url: str) -> int:
    client = Client()
    client.get(url)  # warm caches that are per process (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_listing_queries_do_not_grow_with_the_number_of_notices(make_notice, notice_index) -> None:
    for n in range(5):
        make_notice(release_date=datetime.date(2023, 1, 1) + datetime.timedelta(days=n))
    few = count_queries(notice_index.url)
    few_filtered = count_queries(notice_index.url + "?year=2023&category=zwgk")
    for n in range(45):
        make_notice(
            release_date=datetime.date(2022, 1, 1) + datetime.timedelta(days=n),
            category="kjcx" if n % 2 else "zwgk",
        )
    assert NoticePage.objects.count() == 50
    assert count_queries(notice_index.url) == few
    assert count_queries(notice_index.url + "?year=2023&category=zwgk") == few_filtered
    assert count_queries(notice_index.url + "?page=2") == few


def test_notice_shows_its_metadata_box(make_notice, application_form) -> None:
    from wagtail_govdisclosure.models import NoticeAttachment

    notice = make_notice(
        "关于印发《嘉祥县科技创新券管理办法》的通知",
        category="kjcx",
        document_number="嘉科发〔2023〕3号",
        written_date=datetime.date(2023, 4, 14),
        release_date=datetime.date(2023, 4, 18),
        validity="repealed",
        summary="规定科技创新券的申领和兑付。",
        live=False,
    )
    notice.attachments.add(NoticeAttachment(document=application_form, title="管理办法全文"))
    notice.save_revision().publish()
    html = Client().get(notice.url).content.decode()
    box = html[html.index('class="gd-metabox"') :]
    box = box[: box.index("</table>")]
    for value in (
        notice.index_number,
        "科技、教育/科技",
        "嘉祥县科学技术局",  # 发布机构: the column's agency
        "2023年4月14日",
        "嘉科发〔2023〕3号",
        "2023年4月18日",
        "规定科技创新券的申领和兑付。",
    ):
        assert value in box, value
    assert "gd-metabox__validity--repealed" in box
    assert "管理办法全文" in html and application_form.url in html
    assert html.count("<h1") == 1


def test_api_exposes_every_metadata_field(make_notice) -> None:
    notice = make_notice(
        document_number="嘉科发〔2023〕3号", written_date=datetime.date(2023, 4, 14)
    )
    data = Client().get(f"/api/v2/pages/{notice.pk}/").json()
    assert data["index_number"] == notice.index_number
    assert data["issuing_organ"] == "嘉祥县科学技术局"
    assert data["document_number"] == "嘉科发〔2023〕3号"
    assert data["written_date"] == "2023-04-14"
    assert data["release_date"] == notice.release_date.isoformat()
    assert data["category_label"] == "综合政务/政务公开"
    assert data["validity"] == "valid"
    assert "body" in data and data["attachments"] == []
    listing = (
        Client()
        .get(
            "/api/v2/pages/?type=wagtail_govdisclosure.NoticePage&fields=index_number,release_date"
        )
        .json()
    )
    assert listing["items"][0]["index_number"] == notice.index_number


def test_previous_and_next_notice(make_notice) -> None:
    import datetime as dt

    from django.test import Client

    old = make_notice("较早的通知", release_date=dt.date(2023, 1, 5))
    middle = make_notice("中间的通知", release_date=dt.date(2023, 2, 5))
    new = make_notice("最新的通知", release_date=dt.date(2023, 3, 5))
    make_notice("未发布的通知", release_date=dt.date(2023, 2, 20), live=False)
    html = Client().get(middle.url).content.decode()
    # As the listing orders them, newest first: 上一篇 is the newer one, 下一篇 the older.
    assert f'上一篇： <a href="{new.url}" rel="prev">最新的通知</a>' in html
    assert f'下一篇： <a href="{old.url}" rel="next">较早的通知</a>' in html
    assert "未发布的通知" not in html
    newest = Client().get(new.url).content.decode()
    assert "上一篇： <span>没有了</span>" in newest
    assert "data-gd-print" in newest and 'data-gd-font-size="up"' in newest
