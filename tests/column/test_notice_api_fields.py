"""The notices in the API: 发布机构 and 主题分类 without a query per notice."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

URL = "/api/v2/pages/"
PARAMS = {
    "type": "wagtail_govdisclosure.NoticePage",
    "fields": "issuing_organ,category_label,index_number",
    "limit": 20,
}


def listing() -> tuple[list[dict], int]:
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(URL, PARAMS)
    assert response.status_code == 200
    return response.json()["items"], len(captured)


def test_issuing_organ_and_category_read_in_bulk(make_notice, column, categories) -> None:
    make_notice("第一份通知")
    make_notice("第二份通知", publisher="嘉祥县人民政府办公室")
    listing()  # the first request also caches the site's root paths
    few_items, few = listing()
    assert {item["title"]: item["issuing_organ"] for item in few_items} == {
        "第一份通知": column.agency_name,
        "第二份通知": "嘉祥县人民政府办公室",
    }
    assert {item["category_label"] for item in few_items} == {categories["zwgk"].label}

    for n in range(8):
        make_notice(f"第{n + 3}份通知", category="zwgk" if n % 2 else "kjcx")
    many_items, many = listing()
    assert len(many_items) == 10
    assert all(item["issuing_organ"] == column.agency_name for item in many_items[2:])
    assert {item["category_label"] for item in many_items} == {c.label for c in categories.values()}
    assert many == few
