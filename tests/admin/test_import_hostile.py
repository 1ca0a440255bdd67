"""F6, F8 and the import's minor items through the admin: refused with a message, no 500,
nothing left in the upload folder; a preview confirmed twice at once creates one draft."""

# ruff: noqa: F811  (fixtures imported by name)

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError

from tests.admin.test_import_reports import (  # noqa: F401 - fixtures
    URL,
    _private_upload_root,
    columns,
    editor_a,
    preview,
    seed_upload,
    token_of,
)
from tests.security import hostile
from wagtail_govdisclosure import importing
from wagtail_govdisclosure.models import AnnualReportPage
from wagtail_govdisclosure.views import import_reports

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        ("grid-span.docx", hostile.docx_grid_span, "一个单元格合并了 30000000 格（gridSpan）"),
        ("grid-before.docx", hostile.docx_grid_before, "合并了 30000000 格（gridBefore）"),
        ("wide.html", hostile.html_wide_cells, "一个单元格合并了 1000 格（colspan）"),
        ("nested.json", hostile.nested_json, "JSON 嵌套层数过多"),
        ("big-int.json", hostile.big_int_json, "JSON 中有一个 5000 位的数字"),
    ],
)
def test_a_hostile_upload_is_refused_with_its_reason_and_leaves_nothing(
    editor_a, columns, name, build, message
):
    upload = SimpleUploadedFile(name, build(), content_type="application/octet-stream")

    response = preview(editor_a, columns[0].report_index, upload)

    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert 'name="token"' not in content
    assert not AnnualReportPage.objects.exists()
    assert not list(import_reports.upload_root().iterdir())


def test_an_unexpected_failure_while_reading_leaves_no_upload_behind(
    editor_a, columns, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("reader crashed")

    monkeypatch.setattr(import_reports, "read_report", broken)

    with pytest.raises(RuntimeError):
        preview(editor_a, columns[0].report_index, seed_upload())

    assert not list(import_reports.upload_root().iterdir())


def test_a_preview_confirmed_twice_creates_one_draft_and_explains_the_second(editor_a, columns):
    index = columns[0].report_index
    token = token_of(preview(editor_a, index, seed_upload()))

    first = editor_a.post(URL, {"token": token})
    second = editor_a.post(URL, {"token": token}, follow=True)

    assert first.status_code == 302
    assert second.status_code == 200
    assert "这些文件正在导入或已经导入" in second.content.decode()
    assert AnnualReportPage.objects.child_of(index).count() == 1


def test_a_confirmation_while_the_database_is_locked_can_be_confirmed_again(
    editor_a, columns, monkeypatch
):
    """SQLite's "database is locked" (another import writing) is a message, not a 500."""
    index = columns[0].report_index
    token = token_of(preview(editor_a, index, seed_upload()))
    create_drafts = importing.create_drafts

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(import_reports, "create_drafts", locked)
    busy = editor_a.post(URL, {"token": token})

    assert busy.status_code == 200
    assert "数据库正忙于另一项修改" in busy.content.decode()
    assert not AnnualReportPage.objects.exists()

    monkeypatch.setattr(import_reports, "create_drafts", create_drafts)
    again = editor_a.post(URL, {"token": token_of(busy)})

    assert again.status_code == 302
    assert AnnualReportPage.objects.child_of(index).count() == 1
    assert not list(import_reports.upload_root().iterdir())
