"""The disclosure guide's PDF: read back, served only live and public, made once per publication."""

from __future__ import annotations

import os
import re
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.utils.html import strip_tags
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Site

from tests.column.conftest import CONTACT, GUIDE_TEXT, KEJIJU_USCC, make_column, publish
from wagtail_govdisclosure.models import DisclosureGuidePage
from wagtail_govdisclosure.pdf import guide as guide_pdf
from wagtail_govdisclosure.pdf import storage
from wagtail_govdisclosure.pdf.views import guide_pdf_url

from .conftest import page_texts, squeeze

pytestmark = pytest.mark.django_db

TITLE = "嘉祥县科学技术局政府信息公开指南"

#: Every heading of the guide, in the order printed (the standard order of the public page).
HEADINGS = [
    "一、政府信息的分类与编排",
    "二、获取政府信息的方式",
    "（一）主动公开",
    "公开范围",
    "公开方式",
    "查阅场所",
    "公开时限",
    "（二）依申请公开",
    "受理机构",
    "申请方式",
    "申请内容",
    "申请的处理",
    "收费标准",
    "三、监督和救济",
    "行政复议",
    "行政诉讼",
]


@pytest.fixture
def column(db, media):
    root = Site.objects.get(is_default_site=True).root_page
    return make_column(root, "嘉祥县科学技术局", KEJIJU_USCC, **CONTACT)


def make_guide(column: Page, *, live: bool = True, **fields) -> DisclosureGuidePage:
    form = get_document_model()(title="政府信息公开申请表")
    form.file.save("shenqingbiao.docx", ContentFile(b"PK\x03\x04 form"), save=False)
    form.save()
    page = DisclosureGuidePage(
        title=TITLE,
        slug="zhinan",
        application_form=form,
        live=False,  # as the admin creates a page; publishing makes it live
        **{**GUIDE_TEXT, **fields},
    )
    column.add_child(instance=page)
    if live:
        return publish(page)
    page.save_revision()
    return page


@pytest.fixture
def guide(column) -> DisclosureGuidePage:
    return make_guide(column)


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """One entry per guide PDF printed (stored PDFs served again add none)."""
    made: list[int] = []
    real = guide_pdf.html_to_pdf

    def counting(html, **kwargs):
        made.append(1)
        return real(html, **kwargs)

    # Stored PDFs are printed by the storage layer; render_guide_pdf prints directly.
    monkeypatch.setattr(guide_pdf, "html_to_pdf", counting)
    monkeypatch.setattr(storage, "html_to_pdf", counting)
    return made


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def stored_files(page: Page) -> list[str]:
    try:
        return sorted(storage.pdf_storage().listdir(storage.page_directory(page.pk))[1])
    except FileNotFoundError:
        return []


def test_the_guide_pdf_prints_the_live_guide_in_the_standard_order(client, guide, renders):
    response = client.get(guide_pdf_url(guide))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f"inline; filename*=UTF-8''{quote(TITLE + '.pdf')}"
    pages = page_texts(body_of(response))
    text = squeeze("".join(pages))

    assert text.startswith(TITLE)
    assert "发布机构：嘉祥县科学技术局" in text
    # The receiving office as entered on the column.
    for value in CONTACT.values():
        assert squeeze(value) in text
    # Every heading, each once and in the order of the public page.
    positions = [text.find(heading) for heading in HEADINGS]
    assert -1 not in positions, [h for h, p in zip(HEADINGS, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    # Every part of the guide's own text, under its heading.
    for name, value in GUIDE_TEXT.items():
        assert squeeze(strip_tags(value)) in text, name
    assert text.index(squeeze(strip_tags(GUIDE_TEXT["fees"]))) > text.index("收费标准")
    assert guide.channel_labels() and all(label in text for label in guide.channel_labels())
    assert "下载申请表：政府信息公开申请表" in text
    assert "20个工作日内予以答复" in text  # the statutory time limits

    # 「第 X 页 共 Y 页」 at the foot of every page.
    assert len(pages) >= 2
    for number, page_text in enumerate(pages, start=1):
        assert re.search(rf"第{number}页共{len(pages)}页\s*$", squeeze(page_text))
    assert renders == [1]


def test_the_guide_pdf_is_made_once_then_served_from_storage(client, guide, renders, column):
    first = client.get(guide_pdf_url(guide))
    body = body_of(first)
    [name] = stored_files(guide)
    assert name.startswith(f"{guide.live_revision_id}-") and name.endswith(".pdf")
    path = os.path.join(storage.pdf_storage().location, storage.page_directory(guide.pk), name)
    modified = os.stat(path).st_mtime_ns

    # Served again without printing, nor even building the HTML again.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(guide_pdf, "guide_html", lambda *a, **k: pytest.fail("built the HTML"))
        second = client.get(guide_pdf_url(guide))
        assert body_of(second) == body
    assert renders == [1]
    assert stored_files(guide) == [name]
    assert os.stat(path).st_mtime_ns == modified
    assert second["ETag"] == first["ETag"]
    assert client.get(guide_pdf_url(guide), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    # The contact details are the column's, not the guide's revision: a change prints anew.
    column.contact_phone = "0537-6859999"
    publish(column)
    third = body_of(client.get(guide_pdf_url(guide)))
    assert "0537-6859999" in squeeze("".join(page_texts(third)))
    assert renders == [1, 1]
    # The new file beside the previous one (kept until the next is made).
    [new] = [stored for stored in stored_files(guide) if stored != name]
    assert stored_files(guide) == sorted([name, new])

    # A new publication prints anew; unpublishing removes the PDFs.
    guide.fees = "<p>一律免费。</p>"
    publish(guide)
    fourth = body_of(client.get(guide_pdf_url(guide)))
    assert "一律免费。" in squeeze("".join(page_texts(fourth)))
    assert renders == [1, 1, 1]
    assert name not in stored_files(guide) and new in stored_files(guide)
    guide.unpublish()
    assert stored_files(guide) == []


def test_a_draft_guide_pdf_is_404_and_only_the_live_content_is_printed(
    client, column, guide, renders
):
    # Unpublished changes of a live guide are not printed.
    guide.fees = "<p>草稿中的收费标准。</p>"
    guide.save_revision()
    text = squeeze("".join(page_texts(body_of(client.get(guide_pdf_url(guide))))))
    assert "草稿中的收费标准" not in text
    assert squeeze(strip_tags(GUIDE_TEXT["fees"])) in text

    # A guide never published: 404, nothing printed.
    guide.delete()
    draft = make_guide(column, live=False)
    assert not draft.live
    assert client.get(f"{column.url}{draft.slug}/guide.pdf").status_code == 404
    # Not a guide; not the page itself.
    assert client.get(f"{column.url}guide.pdf").status_code == 404
    assert renders == [1]


def test_a_private_guide_pdf_is_404(client, guide, renders):
    PageViewRestriction.objects.create(page=guide, restriction_type="password", password="mima")
    assert client.get(guide_pdf_url(guide)).status_code == 404
    assert renders == []


def test_the_guide_rich_text_is_sanitised(guide):
    guide.classification = (
        '<p onclick="steal()">分类说明<script>alert(1)</script></p>'
        '<iframe src="https://evil.example/"></iframe><p><a href="javascript:x()">链接</a></p>'
    )
    html = guide_pdf.guide_html(guide)
    assert "分类说明" in html and "链接" in html
    for unsafe in ("<script", "alert(1)", "onclick", "<iframe", "evil.example", "javascript:"):
        assert unsafe not in html


def test_the_public_guide_links_its_pdf_but_a_preview_does_not(client, guide):
    page = client.get(guide.url)
    assert page.status_code == 200
    assert f'href="{guide_pdf_url(guide)}"' in page.content.decode()

    editor = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")
    request = RequestFactory().get(guide.url)
    request.user = editor
    request.is_preview = True
    preview = guide.serve_preview(request, guide.default_preview_mode)
    preview.render()
    assert "guide.pdf" not in preview.content.decode()
