"""F1, F2: an imported draft's source file is not public; once live it is a document
served as an attachment; HTML/SVG and types the portal refuses never become documents."""

# ruff: noqa: F811  (fixtures imported by name)

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from wagtail.documents import get_document_model

from tests.reports.conftest import (  # noqa: F401 - fixtures
    column,
    correct_document,
    report_index,
    site_root,
)
from wagtail_govdisclosure.importers import read_report
from wagtail_govdisclosure.importing import ImportedFile, create_drafts
from wagtail_govdisclosure.models import ReportSourceFile

pytestmark = pytest.mark.django_db

SECRET = "草稿中尚未公开的数字 31415"


def import_draft(index, column, name: str, data: bytes | None = None):
    """Import the correct 2022 report as a draft whose source file is ``name``."""
    document = correct_document(2022)
    content = document.dumps().encode("utf-8")
    file = ImportedFile(Path(name), data if data is not None else content + SECRET.encode(),
                        read_report(content, filename="report.json"))  # fmt: skip
    (created,) = create_drafts(index, column, [file])
    return created.page


def stored_documents() -> list[str]:
    folder = Path(django_settings.MEDIA_ROOT) / "documents"
    return sorted(os.listdir(folder)) if folder.is_dir() else []


def test_a_drafts_source_is_not_served_anywhere(client, report_index, column, settings):
    settings.WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "txt"]
    before = stored_documents()

    page = import_draft(report_index, column, "kejiju-2022.txt")

    assert bytes(page.source_file.data).endswith(SECRET.encode())
    # No document: nothing at /documents/<id>/<name>, nothing in the documents API ...
    assert not get_document_model().objects.exists()
    for document_id in (1, 2, 3):
        assert client.get(f"/documents/{document_id}/kejiju-2022.txt").status_code == 404
    listing = client.get("/api/v2/documents/")
    assert listing.status_code == 200
    assert listing.json()["items"] == []
    assert page.title not in listing.content.decode()
    # ... and no file in the media folder a web server could hand out.
    assert stored_documents() == before
    assert not default_storage.exists("documents/kejiju-2022.txt")


def test_once_live_the_source_is_an_attachment_and_unpublishing_withdraws_it(
    client, report_index, column, settings
):
    settings.WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "txt"]
    page = import_draft(report_index, column, "kejiju-2022.txt")

    page.save_revision().publish()

    document = get_document_model().objects.get()
    assert document.title == page.title
    assert document.collection.name == "嘉祥县科学技术局"
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert SECRET.encode() in b"".join(response.streaming_content)
    detail = client.get(f"/api/v2/documents/{document.pk}/")
    assert detail.status_code == 200

    page.refresh_from_db()
    page.unpublish()

    assert not get_document_model().objects.filter(pk=document.pk).exists()
    assert client.get(document.url).status_code == 404
    assert client.get(f"/api/v2/documents/{document.pk}/").status_code == 404
    # Nothing lost: the file stays with the report for its next publication.
    assert bytes(ReportSourceFile.objects.get(page=page).data).endswith(SECRET.encode())


@pytest.mark.parametrize("name", ["evil.html", "evil.svg", "evil.xhtml"])
def test_active_content_never_becomes_a_document(client, report_index, column, settings, name):
    settings.WAGTAILDOCS_EXTENSIONS = None  # even a portal allowing every type
    script = b"<html><body><script>alert(document.cookie)</script></body></html>"
    page = import_draft(report_index, column, name, data=script)

    page.save_revision().publish()

    assert not get_document_model().objects.exists()
    assert not default_storage.exists(f"documents/{name}")
    # Kept privately with the report, never lost.
    assert bytes(page.source_file.data) == script


def test_a_type_the_portal_does_not_allow_stays_private_after_publication(
    report_index, column, settings
):
    settings.WAGTAILDOCS_EXTENSIONS = ["pdf", "docx"]
    page = import_draft(report_index, column, "kejiju-2022.txt")

    page.save_revision().publish()

    assert not get_document_model().objects.exists()
    assert ReportSourceFile.objects.get(page=page).document is None
