"""The PDF render lock through a Redis cache (django-redis) holds across processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches

from wagtail_govdisclosure.pdf import storage
from wagtail_govdisclosure.pdf.records import StoredPdfRecord

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Database 13 of the Redis on this machine (see docs/deploying.md for a portal's own).
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
        }
    }
    cache = caches["default"]
    cache.clear()
    yield cache
    cache.clear()


def in_another_process(code: str) -> str:
    """Run ``code`` in a new Django process of the example portal using the same Redis."""
    environment = {
        **os.environ,
        "REDIS_URL": REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "example_site.settings",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'example_site'}",
    }
    script = f"import django\ndjango.setup()\n{code}"
    completed = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return completed.stdout.strip()


def test_a_render_lock_taken_by_another_process_holds_here(
    report, renders, client, redis_cache, settings
):
    settings.WAGTAIL_GOVDISCLOSURE_PDF_WAIT = 0
    key = storage.source_key(
        (
            report.pk,
            report.live_revision_id,
            report.get_full_url() or None,
            storage._digest(report.get_document().dumps(sort_keys=True)),
        )
    )
    lock = f"govdisclosure:pdf-render:{report.pk}:{key}"
    taken = in_another_process(
        f"from django.core.cache import cache\nprint(cache.add({lock!r}, 'other', 60))"
    )
    assert taken == "True"

    # This process waits for the other one's render: no second render, a 503 meanwhile.
    response = client.get(report.pdf_url())
    assert response.status_code == 503
    assert renders == []

    # The other process is gone without finishing: once its lock is released or expired,
    # the next request makes the PDF, and releases the lock in Redis.
    redis_cache.delete(lock)
    assert client.get(report.pdf_url()).status_code == 200
    assert renders == [1]
    assert redis_cache.get(lock) is None
    assert StoredPdfRecord.objects.filter(page=report).count() == 1
