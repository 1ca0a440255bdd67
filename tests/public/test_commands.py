"""``govdisclosure_load_report`` and ``govdisclosure_check``."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.public.conftest import DRAFT_NUMBER
from tests.reports.conftest import SEED, correct_document
from wagtail_govdisclosure.models import AnnualReportPage

pytestmark = pytest.mark.django_db


def load(path: Path, parent: int) -> str:
    out = StringIO()
    call_command("govdisclosure_load_report", str(path), parent=parent, stdout=out)
    return out.getvalue()


def check(page_id: int, *args: str) -> tuple[int, str]:
    """Run the check command: (exit status, output)."""
    out = StringIO()
    try:
        call_command("govdisclosure_check", str(page_id), *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def write(tmp_path: Path, document) -> Path:
    path = tmp_path / "report.json"
    path.write_text(document.dumps(), encoding="utf-8")
    return path


def test_seed_then_check_lists_only_blank_totals(report_index):
    output = load(SEED, report_index.pk)
    page = AnnualReportPage.objects.get()
    # Commands speak the portal's language (LANGUAGE_CODE zh-hans).
    assert f"页面 {page.pk}，修订版本 {page.latest_revision_id}" in output
    assert page.live is False and page.first_published_at is None
    assert page.title == "嘉祥县科学技术局2022年政府信息公开工作年度报告"

    # Checked as if published before the deadline (31 January 2023): no late_publication.
    status, text = check(page.pk, "--date", "2023-01-18")
    assert status == 1
    lines = [line.strip() for line in text.splitlines() if line.startswith("  [")]
    assert lines, text
    assert all(" blank_cell applications." in line for line in lines), lines
    assert all(line.split()[2].rstrip(":").endswith(".total") for line in lines), lines

    status, text = check(page.pk, "--json", "--date", "2023-01-18")
    assert status == 1
    data = json.loads(text)
    assert data["page"] == page.pk
    assert data["summary"]["codes"] == {"blank_cell": len(lines)}
    assert data["summary"]["warnings"] == 0
    for finding in data["findings"]:
        assert finding["code"] == "blank_cell"
        table, _row, column = finding["cells"][0].split(".")
        assert (table, column) == ("applications", "total")
    blank_rows = {finding["cells"][0].split(".")[1] for finding in data["findings"]}
    assert "received" in blank_rows and "handled_total" in blank_rows
    assert "carried_over_out" not in blank_rows


def test_load_again_saves_a_new_draft_revision_of_the_same_report(report_index, tmp_path):
    load(SEED, report_index.pk)
    page = AnnualReportPage.objects.get()
    first_revision = page.latest_revision_id
    output = load(write(tmp_path, correct_document()), report_index.pk)
    page.refresh_from_db()
    assert AnnualReportPage.objects.count() == 1
    assert page.latest_revision_id != first_revision
    assert str(page.latest_revision_id) in output
    assert page.live is False
    status, text = check(page.pk, "--date", "2023-01-18")
    assert status == 0, text
    assert "blank_cell" not in text


def test_load_never_touches_the_live_content(published_report, report_index, tmp_path):
    document = correct_document()
    document.set("applications.received.natural_person", DRAFT_NUMBER)
    load(write(tmp_path, document), report_index.pk)
    published_report.refresh_from_db()
    assert published_report.live and published_report.has_unpublished_changes
    assert published_report.get_document().get("applications.received.natural_person") == 3
    latest = published_report.get_latest_revision_as_object()
    assert latest.get_document().get("applications.received.natural_person") == DRAFT_NUMBER
    # The check reads the latest revision: the draft's totals are now wrong.
    status, text = check(published_report.pk, "--json")
    assert status == 1
    assert "applications_row_total" in json.loads(text)["summary"]["codes"]


def test_bad_json_names_each_problem_and_saves_nothing(report_index, tmp_path):
    data = json.loads(SEED.read_text(encoding="utf-8"))
    del data["tables"]["reviews"]
    data["tables"]["applications"]["received"]["bogus"] = 1
    data["colour"] = "red"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        load(path, report_index.pk)
    message = str(error.value)
    assert error.value.returncode == 1
    assert "tables.reviews" in message
    assert "tables.applications.received" in message
    assert "colour" in message
    assert AnnualReportPage.objects.count() == 0

    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError):
        load(path, report_index.pk)
    assert AnnualReportPage.objects.count() == 0


def test_other_agency_is_refused(other_index):
    with pytest.raises(CommandError) as error:
        load(SEED, other_index.pk)
    assert "嘉祥县科学技术局" in str(error.value)
    assert "嘉祥县教育和体育局" in str(error.value)
    assert AnnualReportPage.objects.count() == 0


def test_parent_must_be_a_report_index(column, report_index):
    with pytest.raises(CommandError) as error:
        load(SEED, column.pk)
    assert str(column.pk) in str(error.value)
    assert AnnualReportPage.objects.count() == 0


def test_check_unknown_page():
    with pytest.raises(CommandError):
        call_command("govdisclosure_check", "999999")


def test_check_counts_a_late_publication_as_a_warning(report_index, tmp_path):
    load(write(tmp_path, correct_document()), report_index.pk)
    page = AnnualReportPage.objects.get()
    status, text = check(page.pk, "--json", "--date", "2023-02-10")
    assert status == 0
    found = json.loads(text)["summary"]
    assert found["errors"] == 0
    assert found["codes"]["late_publication"] == 1
    status, text = check(page.pk, "--json", "--date", "2023-01-31")
    assert "late_publication" not in json.loads(text)["summary"]["codes"]


@pytest.mark.parametrize(
    ("build", "message"),
    [("nested_json", "JSON 嵌套层数过多"), ("big_int_json", "JSON 中有一个 5000 位的数字")],
)
def test_load_report_refuses_hostile_json_with_a_message(report_index, tmp_path, build, message):
    from tests.security import hostile

    path = tmp_path / "report.json"
    path.write_bytes(getattr(hostile, build)())

    with pytest.raises(CommandError) as raised:
        load(path, report_index.pk)

    assert message in str(raised.value)
    assert not AnnualReportPage.objects.exists()
