"""The admin import view: upload report files, preview their findings, confirm to create drafts."""

from __future__ import annotations

import os
import re
import time
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.documents import get_document_model

from tests.reports.conftest import correct_document, make_report
from wagtail_govdisclosure.models import AnnualReportPage, ReportSourceFile
from wagtail_govdisclosure.views import import_reports

from .conftest import add_column

pytestmark = pytest.mark.django_db

A = "嘉祥县科学技术局"
B = "嘉祥县教育和体育局"
SEED_TEXT = (
    Path(__file__).resolve().parents[1] / "fixtures" / "jiaxiang-kejiju-2022-annual-report.txt"
)
URL = "/admin/govdisclosure-import/"


@pytest.fixture(autouse=True)
def _private_upload_root(tmp_path, monkeypatch):
    """Uploads of these tests wait in their own folder, not the machine's shared one."""
    root = tmp_path / "uploads"
    root.mkdir()
    monkeypatch.setattr(import_reports, "upload_root", lambda: root)


@pytest.fixture
def columns(site_root):
    a = add_column(site_root, A, 2)
    b = add_column(site_root, B, 3)
    call_command("govdisclosure_create_agency_groups", "--all", stdout=StringIO())
    return a, b


@pytest.fixture
def editor_a(client, django_user_model, columns):
    user = django_user_model.objects.create_user("editor-a", password="pw")
    user.groups.add(Group.objects.get(name=f"{A} 编辑"))
    client.force_login(user)
    return client


def seed_upload(name: str = "kejiju-2022.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, SEED_TEXT.read_bytes(), content_type="text/plain")


def preview(client, index, *uploads):
    return client.post(URL, {"parent": index.pk, "files": list(uploads)})


def token_of(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "the preview offers no confirm form"
    return match.group(1)


def test_the_menu_item_and_form_offer_only_the_editors_index(editor_a, columns):
    assert reverse(f"{import_reports.URL_NAMESPACE}:import") == URL
    assert URL in editor_a.get("/admin/").content.decode()

    response = editor_a.get(URL)

    assert response.status_code == 200
    choices = [value for value, _label in response.context["form"].fields["parent"].choices]
    assert choices == [columns[0].report_index.pk]


def test_the_menu_item_is_hidden_from_those_who_cannot_import(client, django_user_model, columns):
    user = django_user_model.objects.create_user("nobody", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    assert URL not in client.get("/admin/").content.decode()


def test_preview_then_confirm_creates_a_draft(editor_a, columns):
    index = columns[0].report_index

    response = preview(editor_a, index, seed_upload())

    assert response.status_code == 200
    content = response.content.decode()
    assert "嘉祥县科学技术局2022年政府信息公开工作年度报告" in content
    # In words, without the checks' codes; ten findings shown, the others folded away.
    assert "blank_cell" not in content
    assert response.context["previews"][0]["summary"] in content
    assert content.count("<details>") == 1
    # The preview saves nothing.
    assert not AnnualReportPage.objects.exists()
    assert not get_document_model().objects.exists()

    response = editor_a.post(URL, {"token": token_of(response)})

    assert response.status_code == 302
    (page,) = AnnualReportPage.objects.child_of(index)
    assert page.live is False
    assert page.year == 2022
    assert page.get_document().get("applications.received.total") is None
    assert page.owner.username == "editor-a"
    # The file waits with the draft, private; it is not a document until published.
    assert page.source_file.name == "kejiju-2022.txt"
    assert not get_document_model().objects.exists()
    # The waiting upload is gone once confirmed.
    assert not list(import_reports.upload_root().iterdir())


def test_a_refused_file_offers_no_confirmation(editor_a, columns):
    index = columns[0].report_index
    make_report(index, correct_document(2022))

    response = preview(editor_a, index, seed_upload())

    assert response.status_code == 200
    assert 'name="token"' not in response.content.decode()
    assert AnnualReportPage.objects.child_of(index).count() == 1
    # Nothing to confirm: the upload is not kept.
    assert not list(import_reports.upload_root().iterdir())


def test_the_blocking_reason_comes_first_in_words_without_codes_or_page_ids(client, columns):
    """A file of another agency: why it cannot be imported stands above its findings."""
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("admin", password="pw")
    client.force_login(admin)
    index = columns[1].report_index

    response = preview(client, index, seed_upload())

    content = response.content.decode()
    reasons = response.context["previews"][0]["reasons"]
    (reason,) = reasons
    assert B in reason and A in reason
    assert str(index.pk) not in reason
    assert index.title in reason
    assert content.index('role="alert"') < content.index("gd-import__findings")
    assert "blank_cell" not in content
    assert "（blank_cell" not in content


def test_a_year_taken_between_preview_and_confirm_creates_nothing(editor_a, columns):
    index = columns[0].report_index
    token = token_of(preview(editor_a, index, seed_upload()))
    make_report(index, correct_document(2022))

    response = editor_a.post(URL, {"token": token})

    assert response.status_code == 200
    assert AnnualReportPage.objects.child_of(index).count() == 1
    assert not ReportSourceFile.objects.exists()


def test_an_editor_cannot_import_into_another_column(editor_a, columns):
    other = columns[1].report_index

    response = preview(editor_a, other, seed_upload())

    assert response.status_code == 200  # the form refuses the choice
    assert 'name="token"' not in response.content.decode()
    assert not AnnualReportPage.objects.exists()


def test_a_token_is_bound_to_its_user(editor_a, columns, client, django_user_model):
    token = token_of(preview(editor_a, columns[0].report_index, seed_upload()))
    other = django_user_model.objects.create_user("editor-a2", password="pw")
    other.groups.add(Group.objects.get(name=f"{A} 编辑"))
    client.force_login(other)

    # Wagtail's admin turns the PermissionDenied into a redirect to the dashboard.
    response = client.post(URL, {"token": token})
    assert (response.status_code, response.url) == (302, "/admin/")
    assert not AnnualReportPage.objects.exists()


def test_a_forged_token_is_refused(editor_a, columns):
    response = editor_a.post(URL, {"token": "forged"})

    assert response.status_code == 302
    assert not AnnualReportPage.objects.exists()


def test_users_without_a_report_index_are_refused(client, django_user_model, columns):
    user = django_user_model.objects.create_user("nobody", password="pw")
    # Into the admin, but with no page to add reports under.
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    response = client.get(URL)
    assert (response.status_code, response.url) == (302, "/admin/")
    assert not import_reports.can_import(user)


def test_files_over_the_size_limit_are_refused(editor_a, columns, monkeypatch):
    monkeypatch.setattr(import_reports, "MAX_FILE_SIZE", 100)

    response = preview(editor_a, columns[0].report_index, seed_upload())

    assert 'name="token"' not in response.content.decode()
    assert response.context["form"].errors["files"]
    assert not AnnualReportPage.objects.exists()


def test_unconfirmed_uploads_are_removed_once_stale(editor_a, columns):
    token_of(preview(editor_a, columns[0].report_index, seed_upload()))
    waiting = list(import_reports.upload_root().iterdir())
    assert waiting

    # Aged by their modification time (the file system's clock, which a faked process clock
    # would not move), then removed by a sweep at the process's own "now".
    stale = time.time() - import_reports.TOKEN_MAX_AGE - 1
    for directory in waiting:
        os.utime(directory, (stale, stale))
    import_reports.remove_stale_uploads()

    assert not any(directory.exists() for directory in waiting)


def test_a_report_under_the_columns_former_name_is_accepted(client, columns):
    """The column of a renamed organ lists its former name: last year's file imports."""
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("admin", password="pw"))
    column = columns[1]
    index = column.report_index

    assert preview(client, index, seed_upload()).context["previews"][0]["reasons"]

    column.former_names = f"某县旧名局\n{A}\n"
    column.save_revision().publish()

    assert preview(client, index, seed_upload()).context["previews"][0]["reasons"] == []


def test_a_generic_title_imports_with_the_year_given_in_the_form(editor_a, columns):
    from tests.importers.builders import consistent_document, render_docx

    index = columns[0].report_index
    data = render_docx(
        consistent_document(seed=4, agency=A, year=2021),
        title=["政府信息公开工作年报", "来源：嘉祥县科学技术局"],
    )
    upload = SimpleUploadedFile("nianbao.docx", data)

    refused = preview(editor_a, index, upload)
    assert refused.context["previews"][0]["reasons"]

    upload.seek(0)
    response = editor_a.post(URL, {"parent": index.pk, "files": [upload], "year": "2021"})

    assert response.context["previews"][0]["reasons"] == []
    editor_a.post(URL, {"token": token_of(response)})
    (page,) = AnnualReportPage.objects.child_of(index)
    assert page.year == 2021
