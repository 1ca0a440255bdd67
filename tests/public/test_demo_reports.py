"""The demo's columns and annual reports (``load_demo_portal``)."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from wagtail_govdisclosure.interchange import loads
from wagtail_govdisclosure.models import AnnualReportPage, DisclosureIndexPage, validate_uscc
from wagtail_govdisclosure.publishing import REFUSED_LOG_ACTION

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
TEST_SEED = REPO / "tests" / "fixtures" / "jiaxiang-kejiju-2022.json"
DEMO_SEED = REPO / "example_site" / "portal" / "demo" / "data" / "jiaxiang-kejiju-2022.json"


def report(agency: str, year: int) -> AnnualReportPage:
    return AnnualReportPage.objects.get(year=year, title__startswith=agency)


def test_demo_seed_is_the_test_seed():
    assert json.loads(DEMO_SEED.read_text("utf-8")) == json.loads(TEST_SEED.read_text("utf-8"))


def test_columns_have_valid_codes(demo_portal):
    columns = {column.agency_name: column for column in DisclosureIndexPage.objects.all()}
    assert {"嘉祥县人民政府", "嘉祥县科学技术局", "嘉祥县教育和体育局"} <= set(columns)
    county = columns["嘉祥县人民政府"]
    for name in ("嘉祥县科学技术局", "嘉祥县教育和体育局"):
        assert columns[name].get_parent().pk == county.pk
    for column in columns.values():
        validate_uscc(column.uscc)


def test_loading_again_changes_nothing(demo_portal):
    counts = (
        AnnualReportPage.objects.count(),
        Revision.page_revisions.count(),
        PageLogEntry.objects.count(),
    )
    out = StringIO()
    call_command("load_demo_portal", stdout=out)
    assert counts == (
        AnnualReportPage.objects.count(),
        Revision.page_revisions.count(),
        PageLogEntry.objects.count(),
    )
    assert "年度报告" in out.getvalue() and "created  年度报告" not in out.getvalue()


def test_2022_history_tells_the_refusal(demo_portal):
    page = report("嘉祥县科学技术局", 2022)
    revisions = list(Revision.page_revisions.filter(object_id=str(page.pk)).order_by("created_at"))
    assert len(revisions) == 2
    transcribed, filled = revisions
    seed = loads(DEMO_SEED.read_bytes())
    assert transcribed.as_object().get_tables() == seed.tables
    assert seed.get("applications.received.total") is None

    entries = list(PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk"))
    actions = [entry.action for entry in entries]
    assert actions.count(REFUSED_LOG_ACTION) == 1
    refusal = entries[actions.index(REFUSED_LOG_ACTION)]
    assert refusal.revision_id == transcribed.pk
    assert refusal.data["codes"] == {"blank_cell": refusal.data["errors"]}
    assert refusal.user.username == "bianji"
    assert actions.index(REFUSED_LOG_ACTION) < actions.index("wagtail.publish")
    published = entries[actions.index("wagtail.publish")]
    assert published.revision_id == filled.pk

    assert page.live and page.live_revision_id == filled.pk
    assert not page.has_unpublished_changes
    assert timezone.localdate(page.first_published_at) == datetime.date(2023, 1, 18)
    document = page.document
    assert document.get("applications.received.total") == 0
    assert document.get("applications.handled_total.total") == 0
    # Only totals were filled in: every other cell is the transcription's.
    for table, rows in seed.tables.items():
        for row, cells in rows.items():
            for column, value in cells.items():
                if value is not None:
                    assert document.tables[table][row][column] == value


def test_every_demo_report_passes_the_checks(demo_portal):
    pages = list(AnnualReportPage.objects.live().order_by("year", "pk"))
    assert len(pages) == 3
    for page in pages:
        findings = page.get_findings()
        assert findings == [], (page.title, [f.to_json() for f in findings])
    kejiju_2023 = report("嘉祥县科学技术局", 2023)
    assert kejiju_2023.previous_report() == report("嘉祥县科学技术局", 2022)
    assert timezone.localdate(kejiju_2023.first_published_at) == datetime.date(2024, 1, 25)
    # The narrative states the table's figures (read by text_table_mismatch).
    assert "收到政府信息公开申请12件" in kejiju_2023.overview
    assert kejiju_2023.document.get("applications.received.total") == 12
    assert kejiju_2023.document.get("applications.carried_over_out.total") == 2


def test_kejiju_2023_matches_its_register(demo_portal):
    fill = pytest.importorskip("wagtail_govdisclosure.registers.fill")
    page = report("嘉祥县科学技术局", 2023)
    column = page.get_column()
    document = page.document
    for table, counts in (
        ("applications", fill.application_counts(column, 2023)),
        ("reviews", fill.review_counts(column, 2023)),
    ):
        for row, cells in counts.items():
            for key, value in cells.items():
                assert document.get(f"{table}.{row}.{key}") == value, (table, row, key)


def test_demo_reports_are_public(demo_portal):
    client = Client()
    for page in AnnualReportPage.objects.live():
        response = client.get(page.url)
        assert response.status_code == 200
        assert page.document.title in response.content.decode()
