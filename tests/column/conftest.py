"""Fixtures of the disclosure column tests: a column, its sections, categories, notices, a guide."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from wagtail_govdisclosure.models import (
    AnnualReportIndexPage,
    DisclosureApplicationPage,
    DisclosureGuidePage,
    DisclosureIndexPage,
    DisclosurePolicyPage,
    NoticeCategory,
    NoticeIndexPage,
    NoticePage,
)
from wagtail_govdisclosure.models.agency import uscc_check_character


def make_uscc(body: str) -> str:
    return body + uscc_check_character(body)


KEJIJU_USCC = make_uscc("11370829MB0000001")
JIAOTIJU_USCC = make_uscc("11370829MB0000002")
GOV_USCC = make_uscc("11370829MB0000003")

CONTACT = {
    "contact_office": "嘉祥县科学技术局办公室",
    "contact_address": "山东省济宁市嘉祥县呈祥大道1号",
    "contact_postcode": "272400",
    "contact_hours": "工作日上午9:00—12:00，下午13:30—17:00",
    "contact_phone": "0537-6851234",
    "contact_fax": "0537-6851235",
}


def make_column(
    parent: Page, name: str, uscc: str, *, kind: str = "department", **extra
) -> DisclosureIndexPage:
    column = parent.add_child(
        instance=DisclosureIndexPage(
            title=f"{name}政府信息公开",
            slug=f"column-{uscc[-4:].lower()}",
            agency_name=name,
            uscc=uscc,
            level="county",
            kind=kind,
            **extra,
        )
    )
    column.save_revision().publish()
    return column


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def site_root(db) -> Page:
    return Site.objects.get(is_default_site=True).root_page


@pytest.fixture
def column(site_root: Page) -> DisclosureIndexPage:
    return make_column(site_root, "嘉祥县科学技术局", KEJIJU_USCC, **CONTACT)


@pytest.fixture
def other_column(site_root: Page) -> DisclosureIndexPage:
    return make_column(site_root, "嘉祥县教育和体育局", JIAOTIJU_USCC)


@pytest.fixture
def categories(db) -> dict[str, NoticeCategory]:
    return {
        "zwgk": NoticeCategory.objects.create(
            theme="综合政务", name="政务公开", slug="zwgk", sort_order=1
        ),
        "kjcx": NoticeCategory.objects.create(
            theme="科技、教育", name="科技", slug="kj", sort_order=2
        ),
    }


@pytest.fixture
def notice_index(column: DisclosureIndexPage) -> NoticeIndexPage:
    return publish(
        column.add_child(instance=NoticeIndexPage(title="法定主动公开内容", slug="fdzdgknr"))
    )


@pytest.fixture
def make_notice(notice_index, categories) -> Callable[..., NoticePage]:
    counter = {"n": 0}

    def make(
        title: str | None = None,
        *,
        index: NoticeIndexPage | None = None,
        live: bool = True,
        category: str = "zwgk",
        release_date: datetime.date | None = None,
        **fields,
    ) -> NoticePage:
        counter["n"] += 1
        n = counter["n"]
        page = NoticePage(
            title=title or f"关于开展第{n}批科技项目申报工作的通知",
            slug=f"notice-{n}",
            category=categories[category],
            release_date=release_date or datetime.date(2023, 1, 1) + datetime.timedelta(days=n),
            body=fields.pop("body", f"<p>第{n}号通知正文。</p>"),
            live=False,
            **fields,
        )
        (index or notice_index).add_child(instance=page)
        if live:
            publish(page)
        else:
            page.save_revision()
        return page

    return make


@pytest.fixture
def application_form(db):
    Document = get_document_model()
    document = Document(title="政府信息公开申请表")
    document.file.save("shenqingbiao.docx", ContentFile(b"PK\x03\x04 form"), save=False)
    document.save()
    return document


GUIDE_TEXT = {
    "classification": "<p>本机关政府信息分为机构职能、政策文件、规划计划等类别。</p>",
    "proactive_scope": "<p>条例第二十条规定的信息。</p>",
    "proactive_channels": "<p>嘉祥县人民政府门户网站政府信息公开专栏。</p>",
    "proactive_places": "<p>嘉祥县档案馆、嘉祥县图书馆。</p>",
    "proactive_time_limit": "<p>自政府信息形成或者变更之日起20个工作日内予以公开。</p>",
    "application_content": (
        "<p>申请人姓名、身份证明、联系方式，所需政府信息的名称、文号或者便于查询的其他特征性描述。</p>"
    ),
    "handling_flow": "<p>登记、补正、答复。</p>",
    "fees": "<p>不收取费用，但申请数量、频次明显超过合理范围的除外。</p>",
    "review_body": "嘉祥县人民政府",
    "litigation_court": "嘉祥县人民法院",
}


@pytest.fixture
def guide(column, application_form) -> DisclosureGuidePage:
    page = DisclosureGuidePage(
        title="嘉祥县科学技术局政府信息公开指南",
        slug="zhinan",
        application_form=application_form,
        **GUIDE_TEXT,
    )
    column.add_child(instance=page)
    return publish(page)


@pytest.fixture
def full_column(column, guide, notice_index, make_notice) -> DisclosureIndexPage:
    """A column with every standard section live."""
    publish(
        column.add_child(
            instance=DisclosurePolicyPage(
                title="政府信息公开制度",
                slug="zhidu",
                body="<p>嘉祥县科学技术局政府信息公开保密审查制度。</p>",
            )
        )
    )
    publish(
        column.add_child(instance=AnnualReportIndexPage(title="政府信息公开年报", slug="nianbao"))
    )
    publish(
        column.add_child(
            instance=DisclosureApplicationPage(
                title="依申请公开",
                slug="yishenqing",
                intro="<p>公民、法人或者其他组织可以申请获取政府信息。</p>",
            )
        )
    )
    make_notice("关于推进科技创新平台建设的通知", category="kjcx")
    return column
