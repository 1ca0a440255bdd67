"""PDF rendering once per document: 20 concurrent requests after a miss make one PDF."""

from __future__ import annotations

import os
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import django
import pytest
from django.core.cache import cache

from tests.reports.conftest import KEJIJU_USCC, make_column, make_report
from wagtail_govdisclosure.models import AnnualReportIndexPage
from wagtail_govdisclosure.pdf import storage
from wagtail_govdisclosure.pdf.records import StoredPdfRecord

from .conftest import default_root, with_overview

# The live server runs in threads of this process: a transactional database.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def live_report(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    column = make_column(default_root(), "嘉祥县科学技术局", KEJIJU_USCC)
    index = column.add_child(
        instance=AnnualReportIndexPage(title="政府信息公开年报", slug="nianbao")
    )
    page = make_report(index, with_overview("并发请求"))
    page.get_latest_revision().publish()
    page.refresh_from_db()
    return page


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read(), ""
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Retry-After", "")


@pytest.mark.skipif(
    django.VERSION >= (6,) and not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="Django 6's live server on in-memory SQLite fails under 20 threads "
    "(sqlite3 InterfaceError); run on Django 5.2 and on PostgreSQL",
)
def test_twenty_concurrent_requests_after_a_miss_render_once(live_server, live_report, monkeypatch):
    # Publication made the PDF (the task ran on commit); lose it, as after a purge.
    assert StoredPdfRecord.objects.filter(page=live_report).count() == 1
    storage.delete_pdfs(live_report.pk)
    cache.clear()

    renders: list[str] = []
    real = storage.html_to_pdf
    lock = threading.Lock()

    def counting(html, **kwargs):
        with lock:
            renders.append(threading.current_thread().name)
        return real(html, **kwargs)

    monkeypatch.setattr(storage, "html_to_pdf", counting)
    url = f"{live_server.url}{live_report.url_path[len(default_root().url_path) - 1 :]}report.pdf"

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(fetch, [url] * 20))

    statuses = sorted(status for status, _, _ in results)
    assert 500 not in statuses
    assert len(renders) == 1
    bodies = {body for status, body, _ in results if status == 200}
    # Every answer is the one PDF, or a 503 telling when to come back.
    assert len(bodies) == 1 and next(iter(bodies)).startswith(b"%PDF-")
    assert all(retry.isdigit() for status, _, retry in results if status == 503)
    assert StoredPdfRecord.objects.filter(page=live_report).count() == 1
    assert len(storage.pdf_storage().listdir(storage.page_directory(live_report.pk))[1]) == 1


def test_waiters_get_503_with_retry_after_past_the_wait(live_report, client, settings):
    settings.WAGTAIL_GOVDISCLOSURE_PDF_WAIT = 0
    storage.delete_pdfs(live_report.pk)
    # Another process holds the render lock of this document.
    key = storage.source_key(
        (
            live_report.pk,
            live_report.live_revision_id,
            live_report.get_full_url() or None,
            storage._digest(live_report.get_document().dumps(sort_keys=True)),
        )
    )
    cache.add(f"govdisclosure:pdf-render:{live_report.pk}:{key}", "other", timeout=60)
    try:
        response = client.get(live_report.pdf_url())
    finally:
        cache.clear()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.content.decode() == "PDF 正在生成，请稍后再试。"
    assert not StoredPdfRecord.objects.filter(page=live_report).exists()
