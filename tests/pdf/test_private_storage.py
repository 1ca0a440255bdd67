"""The stored PDFs live in a private storage: no URL but the view that checks the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.views.static import serve as serve_media
from wagtail.models import PageViewRestriction

from wagtail_govdisclosure.pdf import storage
from wagtail_govdisclosure.pdf.records import StoredPdfRecord

from .conftest import public_request

pytestmark = pytest.mark.django_db


def test_a_restricted_reports_pdf_is_unreachable_by_every_url(report, client, django_user_model):
    PageViewRestriction.objects.create(page=report, restriction_type="login")
    reader = django_user_model.objects.create_user("neibu", password="x")

    # Someone allowed to read it has it made and stored.
    client.force_login(reader)
    assert client.get(report.pdf_url()).status_code == 200
    [record] = StoredPdfRecord.objects.filter(page=report)
    client.logout()

    # The view refuses the public.
    assert client.get(report.pdf_url()).status_code == 404
    # The file is nowhere under MEDIA_ROOT, so no media URL serves it (the example portal
    # serves MEDIA_ROOT in development; a web server serves it in production).
    media_root = Path(settings.MEDIA_ROOT).resolve()
    assert not [path for path in media_root.rglob("*.pdf")]
    private_root = Path(storage.pdf_storage().location).resolve()
    assert (private_root / record.name).is_file()
    assert media_root not in private_root.parents and private_root != media_root
    for name in (record.name, f"..%2F{private_root.name}/{record.name}"):
        with pytest.raises(Http404):
            serve_media(public_request(f"/media/{name}"), name, document_root=media_root)
    escape = f"../{private_root.name}/{record.name}"  # refused as a traversal (400)
    with pytest.raises(SuspiciousFileOperation):
        serve_media(public_request(f"/media/{escape}"), escape, document_root=media_root)
    assert client.get(f"{settings.MEDIA_URL}{record.name}").status_code == 404
    # The storage itself hands out no URL.
    with pytest.raises(ValueError):
        storage.pdf_storage().url(record.name)


def test_the_storage_alias_names_any_backend(report, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "govdisclosure_pdfs": {
            "BACKEND": "wagtail_govdisclosure.pdf.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "elsewhere")},
        },
    }
    stored = storage.published_pdf(report)
    assert (tmp_path / "elsewhere" / stored.name).is_file()
    settings.WAGTAIL_GOVDISCLOSURE_PDF_STORAGE = "unknown_alias"
    assert Path(storage.pdf_storage().location) == storage.private_folder()


def test_serving_reads_the_record_not_the_storage_listing(report, renders, monkeypatch):
    storage.published_pdf(report)
    monkeypatch.setattr(
        type(storage.pdf_storage()), "listdir", lambda *a: pytest.fail("listed the storage")
    )
    monkeypatch.setattr(
        type(storage.pdf_storage()), "exists", lambda *a: pytest.fail("asked the storage")
    )
    response = storage.published_pdf(report)
    assert response.size == StoredPdfRecord.objects.get(page=report).size
    assert storage.pdf_size(report) == response.size
    assert renders == [1]


def test_a_file_gone_behind_its_record_is_made_again(report, renders, client):
    stored = storage.published_pdf(report)
    storage.pdf_storage().delete(stored.name)
    response = client.get(report.pdf_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert renders == [1, 1]
