"""A new portal gets the standard 主题分类 vocabulary with one command, without typing it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from wagtail_govdisclosure.models import NoticeCategory
from wagtail_govdisclosure.topics import STANDARD_TOPICS, standard_topics

pytestmark = pytest.mark.django_db


def load() -> str:
    out = io.StringIO()
    call_command("govdisclosure_load_topics", stdout=out)
    return out.getvalue()


def test_the_vocabulary_is_loaded_once() -> None:
    assert f"新增 {len(standard_topics())} 个" in load()
    labels = [c.label for c in NoticeCategory.objects.all()]
    assert labels[0] == "综合政务/应急管理"
    assert "综合政务/政务公开" in labels
    assert "科技、教育/科技" in labels
    assert labels[-1] == "其他/其他"
    assert len(labels) == len(set(labels)) == sum(len(s) + 1 for _t, s in STANDARD_TOPICS)
    assert "新增 0 个" in load()
    assert NoticeCategory.objects.count() == len(labels)


def test_the_portals_own_categories_are_kept() -> None:
    mine = NoticeCategory.objects.create(
        theme="综合政务", name="政务公开", slug="zwgk", sort_order=1
    )
    squatter = NoticeCategory.objects.create(theme="本地", name="专题", slug="zt0101")
    load()
    mine.refresh_from_db()
    squatter.refresh_from_db()
    assert (mine.slug, mine.sort_order) == ("zwgk", 1)
    assert squatter.label == "本地/专题"
    assert NoticeCategory.objects.get(theme="综合政务", name="应急管理").slug == "zt0101-2"
    assert NoticeCategory.objects.filter(theme="综合政务", name="政务公开").count() == 1
