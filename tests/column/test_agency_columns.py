"""A people's government's column home lists its own agencies, not the whole province's."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import Page

from tests.admin.conftest import add_column

pytestmark = pytest.mark.django_db


def names(column) -> list[str]:
    return [c.agency_name for c in column.get_agency_columns()]


def test_each_government_lists_its_own_agencies(site_root: Page) -> None:
    # Two counties' columns side by side under the province's page, departments inside.
    jiaxiang = add_column(site_root, "嘉祥县人民政府", 1, kind="government")
    add_column(jiaxiang, "嘉祥县科学技术局", 2)
    wenshang = add_column(site_root, "汶上县人民政府", 3, kind="government")
    add_column(wenshang, "汶上县民政局", 4)
    # A county's platform page: the government's column and its departments' beside it.
    platform = site_root.add_child(instance=Page(title="梁山县政府信息公开", slug="liangshan"))
    liangshan = add_column(platform, "梁山县人民政府", 5, kind="government")
    add_column(platform, "梁山县财政局", 6)
    township = add_column(liangshan, "梁山县拳铺镇人民政府", 7, level="township", kind="government")
    department = add_column(platform, "梁山县教育和体育局", 8)
    add_column(liangshan, "梁山县司法局", 9)  # inside the government's column

    assert names(jiaxiang) == ["嘉祥县科学技术局"]
    assert names(wenshang) == ["汶上县民政局"]
    assert names(liangshan) == [
        "梁山县拳铺镇人民政府",
        "梁山县司法局",
        "梁山县财政局",
        "梁山县教育和体育局",
    ]
    # A township's column inside its county's lists none of the county's departments.
    assert names(township) == []
    assert names(department) == []

    html = Client().get(liangshan.url).content.decode()
    assert "梁山县财政局" in html
    assert "嘉祥县科学技术局" not in html and "汶上县民政局" not in html
