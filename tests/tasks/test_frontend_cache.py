"""Publishing or unpublishing a column page purges it, its PDF and its column's lists."""

from __future__ import annotations

import pytest

from tests.pdf.conftest import with_overview
from tests.reports.conftest import make_report

pytestmark = pytest.mark.django_db

PURGED: list[list[str]] = []


class RecordingBackend:
    """A frontend cache backend that records what it is asked to purge."""

    def __init__(self, params):
        self.hostnames = ["*"]

    def invalidates_hostname(self, hostname: str) -> bool:
        return True

    def purge_batch(self, urls) -> None:
        PURGED.append(sorted(urls))


@pytest.fixture
def recording(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": "tests.tasks.test_frontend_cache.RecordingBackend"}
    }
    PURGED.clear()
    yield PURGED
    PURGED.clear()


def test_publish_and_unpublish_purge_the_report_its_pdf_and_the_column(
    report_index, media, recording
):
    page = make_report(report_index, with_overview("缓存"))
    page.get_latest_revision().publish()
    column = report_index.get_parent()
    expected = sorted(
        [
            page.get_full_url(),
            f"{page.get_full_url()}report.pdf",
            report_index.get_full_url(),
            column.get_full_url(),
        ]
    )
    assert recording == [expected]
    assert expected[0].startswith("http")

    recording.clear()
    page.refresh_from_db()
    page.unpublish()
    assert recording == [expected]


def test_nothing_is_purged_without_a_frontend_cache(report_index, media, settings):
    PURGED.clear()
    settings.WAGTAILFRONTENDCACHE = {}
    make_report(report_index, with_overview("无缓存")).get_latest_revision().publish()
    assert PURGED == []


def test_pages_outside_a_column_are_left_to_wagtail(report_index, recording):
    home = report_index.get_parent().get_parent()
    home.save_revision().publish()
    assert recording == []
