"""The published report's PDF: served from storage, only live and public; the draft preview.

The view functions are called as the report page's ``report.pdf`` route and the admin
preview URL call them; ``test_urls.py`` goes through the URLs themselves.
"""

from __future__ import annotations

import io
import os
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.models import PageViewRestriction

from tests.reports.conftest import make_report
from wagtail_govdisclosure.pdf import hooks, storage, system
from wagtail_govdisclosure.pdf.signals import store_published_pdf
from wagtail_govdisclosure.pdf.views import preview_report_pdf, serve_report_pdf

from .conftest import page_texts, public_request, squeeze, with_overview

pytestmark = pytest.mark.django_db


def stored_files(page_or_id) -> list[str]:
    page_id = getattr(page_or_id, "pk", page_or_id)
    try:
        return sorted(storage.pdf_storage().listdir(storage.page_directory(page_id))[1])
    except FileNotFoundError:
        return []


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return squeeze("".join(page_texts(body)))


# --- the public PDF ------------------------------------------------------------------


def test_the_published_pdf_is_made_once_then_served_from_storage(report, renders, monkeypatch):
    first = serve_report_pdf(public_request(), report)
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    title = "嘉祥县科学技术局2022年政府信息公开工作年度报告"
    assert first["Content-Disposition"] == f"inline; filename*=UTF-8''{quote(title + '.pdf')}"
    body = b"".join(first.streaming_content)
    assert body.startswith(b"%PDF-")
    assert int(first["Content-Length"]) == len(body)
    assert "已发布的内容" in squeeze("".join(page_texts(body)))

    [name] = stored_files(report)
    assert name.startswith(f"{report.live_revision_id}-") and name.endswith(".pdf")
    path = os.path.join(storage.pdf_storage().location, storage.page_directory(report.pk), name)
    modified = os.stat(path).st_mtime_ns

    # Served again without printing, nor even building the HTML again.
    monkeypatch.setattr(storage, "report_html", lambda *a, **k: pytest.fail("built the HTML"))
    second = serve_report_pdf(public_request(), report)
    assert b"".join(second.streaming_content) == body
    assert renders == [1]
    assert stored_files(report) == [name]
    assert os.stat(path).st_mtime_ns == modified
    assert second["ETag"] == first["ETag"]
    assert "public" in second["Cache-Control"] and "no-cache" in second["Cache-Control"]


def test_a_conditional_request_gets_304(report, renders):
    etag = serve_report_pdf(public_request(), report)["ETag"]
    response = serve_report_pdf(public_request(HTTP_IF_NONE_MATCH=etag), report)
    assert response.status_code == 304
    assert renders == [1]


def test_a_draft_is_never_served(report_index, media, renders):
    draft = make_report(report_index, with_overview("草稿内容"))
    with pytest.raises(Http404):
        serve_report_pdf(public_request(), draft)
    assert renders == []
    assert stored_files(draft) == []


def test_unpublished_changes_do_not_reach_the_public_pdf(report, renders):
    serve_report_pdf(public_request(), report)
    draft = report.get_latest_revision_as_object()
    draft.set_document(with_overview("尚未发布的修改"))
    draft.save_revision()
    report.refresh_from_db()
    assert report.has_unpublished_changes

    text = text_of(serve_report_pdf(public_request(), report))
    assert "已发布的内容" in text
    assert "尚未发布的修改" not in text
    assert renders == [1]


def test_publishing_a_new_revision_makes_a_new_pdf(report, renders):
    serve_report_pdf(public_request(), report)
    [old] = stored_files(report)

    draft = report.get_latest_revision_as_object()
    draft.set_document(with_overview("更正后的内容"))
    draft.save_revision().publish()
    report.refresh_from_db()

    response = serve_report_pdf(public_request(), report)
    text = text_of(response)
    assert "更正后的内容" in text and "已发布的内容" not in text
    # The previous file stays until the next is made: a request may still be sending it.
    [new] = [name for name in stored_files(report) if name != old]
    assert new.startswith(f"{report.live_revision_id}-")
    assert sorted(stored_files(report)) == sorted([old, new])
    assert renders == [1, 1]

    draft = report.get_latest_revision_as_object()
    draft.set_document(with_overview("再次更正"))
    draft.save_revision().publish()
    report.refresh_from_db()
    assert "再次更正" in text_of(serve_report_pdf(public_request(), report))
    [newest] = [name for name in stored_files(report) if name not in (old, new)]
    assert sorted(stored_files(report)) == sorted([new, newest])


def test_a_renamed_agency_makes_a_new_pdf(report, renders):
    serve_report_pdf(public_request(), report)
    [old] = stored_files(report)
    column = report.get_parent().get_parent().specific
    column.agency_name = "嘉祥县科学技术和信息化局"
    column.save()

    page = type(report).objects.get(pk=report.pk)  # as the next request loads it
    text = text_of(serve_report_pdf(public_request(), page))
    assert "嘉祥县科学技术和信息化局2022年政府信息公开工作年度报告" in text
    [new] = [name for name in stored_files(report) if name != old]
    assert new.startswith(f"{report.live_revision_id}-")
    assert renders == [1, 1]


def test_an_unpublished_report_is_404_and_its_pdf_removed(report, renders):
    serve_report_pdf(public_request(), report)
    assert stored_files(report)
    report.unpublish()
    report.refresh_from_db()
    assert stored_files(report) == []
    with pytest.raises(Http404):
        serve_report_pdf(public_request(), report)


def test_a_deleted_report_leaves_no_pdf(report, renders):
    serve_report_pdf(public_request(), report)
    page_id = report.pk
    assert stored_files(page_id)
    report.delete()
    assert stored_files(page_id) == []


@pytest.mark.parametrize("restriction_type", ["password", "login", "groups"])
def test_a_private_report_is_404_to_the_public(report, renders, restriction_type):
    restriction = PageViewRestriction.objects.create(
        page=report, restriction_type=restriction_type, password="mima"
    )
    if restriction_type == "groups":
        restriction.groups.add(Group.objects.create(name="内部"))
    with pytest.raises(Http404):
        serve_report_pdf(public_request(), report)
    assert renders == []


def test_a_private_report_is_served_privately_to_who_may_see_it(report, django_user_model):
    PageViewRestriction.objects.create(page=report, restriction_type="login")
    user = django_user_model.objects.create_user("kezhang", password="x")
    response = serve_report_pdf(public_request(user=user), report)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_pdf_size(report, renders, monkeypatch):
    # Nothing stored yet (the publication's on-commit callback did not run): no size,
    # and nothing rendered for it during a page view.
    assert storage.pdf_size(report) is None
    assert renders == []
    served = len(b"".join(serve_report_pdf(public_request(), report).streaming_content))
    size = storage.pdf_size(report)
    assert size == served
    assert 10_000 < size < 500_000
    assert renders == [1]

    # Once stored, the size is read from storage without building the PDF's HTML.
    def no_html(*args, **kwargs):
        raise AssertionError("built the HTML")

    monkeypatch.setattr(storage, "report_html", no_html)
    assert storage.pdf_size(report) == size


def test_pdf_size_of_a_draft_is_none(report_index, media, renders):
    assert storage.pdf_size(make_report(report_index, with_overview("草稿"))) is None
    assert renders == []


def test_publication_stores_the_pdf_after_commit(
    report_index, media, renders, django_capture_on_commit_callbacks
):
    page = make_report(report_index, with_overview("发布即生成"))
    with django_capture_on_commit_callbacks() as callbacks:
        page.get_latest_revision().publish()
    # Made once the publication is committed, not inside its transaction.
    assert stored_files(page) == []
    for callback in callbacks:
        callback()
    page.refresh_from_db()
    [name] = stored_files(page)
    assert name.startswith(f"{page.live_revision_id}-")
    # The visitor gets the stored PDF: nothing more is made.
    serve_report_pdf(public_request(), page)
    assert renders == [1]


def test_publication_never_fails_because_of_the_pdf(
    report_index, media, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(system, "REQUIRED_FONTS", (("Noto Serif CJK XX", "Regular"),))
    page = make_report(report_index, with_overview("没有字体"))
    with django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.live
    assert stored_files(page) == []


def test_previewing_a_live_report_stores_no_pdf(report, renders):
    draft = report.get_latest_revision_as_object()
    draft.set_document(with_overview("尚未发布的修改"))
    draft.save_revision()
    draft = report.get_latest_revision_as_object()
    assert draft.live  # a preview's page object of a live report says it is live

    response = draft.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert "尚未发布的修改" in html
    assert report.pdf_url() not in html
    assert stored_files(report) == []
    assert renders == []

    # The public page of the same report links its PDF (and renders none for the link).
    report.refresh_from_db()
    public = report.serve(public_request(report.url)).render().content.decode()
    assert report.pdf_url() in public
    assert stored_files(report) == []
    assert renders == []


def test_without_fonts_the_public_gets_503_and_no_size(report, monkeypatch):
    monkeypatch.setattr(system, "REQUIRED_FONTS", (("Noto Serif CJK XX", "Regular"),))
    response = serve_report_pdf(public_request(), report)
    assert response.status_code == 503
    # The public is told, the missing package is for the logs and the editors' preview.
    assert response.content.decode() == "本报告的 PDF 暂时无法生成。"
    assert storage.pdf_size(report) is None


def test_the_signal_ignores_other_pages(report_index, media, renders):
    store_published_pdf(sender=None, instance=report_index)
    assert renders == []


# --- the draft preview ----------------------------------------------------------------


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("bianji", password="x")


def test_the_preview_prints_the_draft_and_stores_nothing(report, editor, renders):
    draft = report.get_latest_revision_as_object()
    draft.set_document(with_overview("尚未发布的修改"))
    draft.save_revision()

    response = preview_report_pdf(public_request(user=editor), report.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    texts = page_texts(response.content)
    assert "尚未发布的修改" in squeeze("".join(texts))
    # Every page says it is a preview, not the published document.
    assert all("草稿预览，尚未发布" in squeeze(text) for text in texts)
    assert renders == []
    assert stored_files(report) == []


def test_the_preview_of_a_never_published_draft(report_index, media, editor):
    draft = make_report(report_index, with_overview("从未发布"))
    response = preview_report_pdf(public_request(user=editor), draft.pk)
    assert "从未发布" in squeeze("".join(page_texts(response.content)))


def test_the_preview_needs_the_edit_permission(report, django_user_model):
    user = django_user_model.objects.create_user("fangke", password="x")
    with pytest.raises(PermissionDenied):
        preview_report_pdf(public_request(user=user), report.pk)
    with pytest.raises(PermissionDenied):
        preview_report_pdf(public_request(), report.pk)


def test_the_preview_is_only_for_reports(report_index, editor):
    with pytest.raises(Http404):
        preview_report_pdf(public_request(user=editor), report_index.pk)


def test_the_preview_button_is_shown_to_editors_of_reports(report, editor, django_user_model):
    [button] = hooks.pdf_preview_button(report, editor, "edit")
    assert button.url == f"/admin/govdisclosure/reports/{report.pk}/preview.pdf"
    visitor = django_user_model.objects.create_user("fangke", password="x")
    assert list(hooks.pdf_preview_button(report, visitor, "edit")) == []
    assert list(hooks.pdf_preview_button(report.get_parent(), editor, "edit")) == []


def test_the_pdf_reads_back_from_storage(report):
    serve_report_pdf(public_request(), report)
    [name] = stored_files(report)
    with storage.pdf_storage().open(f"{storage.page_directory(report.pk)}/{name}") as file:
        assert io.BytesIO(file.read()).read(5) == b"%PDF-"


def test_the_preview_says_what_to_install(report, editor, monkeypatch):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    monkeypatch.setattr(system, "REQUIRED_FONTS", (("Noto Serif CJK XX", "Regular"),))
    request = public_request(user=editor)
    request._messages = FallbackStorage(request)
    response = preview_report_pdf(request, report.pk)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{report.pk}/edit/"
    [message] = [str(m) for m in get_messages(request)]
    assert "apt-get install fonts-noto-cjk" in message
