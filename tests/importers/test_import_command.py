"""``govdisclosure_import_reports``: published files become draft reports, all or nothing."""

# The report tests' fixtures are imported by name, so pytest finds them (and ruff sees
# their parameters as redefinitions).
# ruff: noqa: F811

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.documents import get_document_model
from wagtail.models import Collection

from tests.reports.conftest import (  # noqa: F401 - fixtures
    assert_not_published,
    column,
    correct_document,
    make_report,
    other_index,
    report_index,
    site_root,
)
from wagtail_govdisclosure.models import AnnualReportIndexPage, AnnualReportPage, ReportSourceFile

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED_TEXT = FIXTURES / "jiaxiang-kejiju-2022-annual-report.txt"
SEED_JSON = FIXTURES / "jiaxiang-kejiju-2022.json"

pytestmark = pytest.mark.django_db


def run(*files: Path, parent: int) -> str:
    from io import StringIO

    out = StringIO()
    call_command(
        "govdisclosure_import_reports", *[str(f) for f in files], parent=parent, stdout=out
    )
    return out.getvalue()


def seed_of_year(tmp_path: Path, year: int) -> Path:
    """The seed text with every mention of 2022 made ``year`` (title, statistics period)."""
    path = tmp_path / f"kejiju-{year}.txt"
    path.write_text(SEED_TEXT.read_text(encoding="utf-8").replace("2022", str(year)), "utf-8")
    return path


def reports_under(index: AnnualReportIndexPage) -> list[AnnualReportPage]:
    return list(AnnualReportPage.objects.child_of(index))


def test_seed_text_becomes_one_draft_with_exactly_its_numbers(report_index):
    output = run(SEED_TEXT, parent=report_index.pk)

    (page,) = reports_under(report_index)
    assert page.year == 2022
    assert page.title == "嘉祥县科学技术局2022年政府信息公开工作年度报告"
    seed = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    # Blank totals stay blank (None), every number is the seed's.
    assert page.get_document().tables == seed["tables"]
    assert page.get_document().get("applications.received.total") is None
    assert_not_published(page)
    assert page.latest_revision_id is not None

    # The source file is kept with the draft, not as a (public) document.
    assert bytes(page.source_file.data) == SEED_TEXT.read_bytes()
    assert page.source_file.name == SEED_TEXT.name
    assert not get_document_model().objects.exists()
    # The agency's collection is ready for the documents the reports become once published.
    assert Collection.objects.filter(name="嘉祥县科学技术局").exists()

    assert f"page {page.pk}" in output
    assert "the portal does not allow .txt files as documents" in output
    assert "(2022)" in output
    # The seed's findings are its blank totals only.
    assert "blank_cell ×24" in output


def test_several_years_in_one_run(report_index, tmp_path):
    run(SEED_TEXT, seed_of_year(tmp_path, 2021), parent=report_index.pk)

    assert sorted(p.year for p in reports_under(report_index)) == [2021, 2022]
    assert not any(p.live for p in reports_under(report_index))
    assert ReportSourceFile.objects.count() == 2
    # One collection for the agency, however many files.
    assert Collection.objects.filter(name="嘉祥县科学技术局").count() == 1


def test_interchange_json_is_imported_too(report_index, tmp_path):
    path = tmp_path / "report.json"
    path.write_text(correct_document(2023).dumps(), encoding="utf-8")

    run(path, parent=report_index.pk)

    (page,) = reports_under(report_index)
    assert page.year == 2023
    assert page.get_document().tables == correct_document(2023).tables


def test_a_year_the_index_has_is_refused(report_index):
    existing = make_report(report_index, correct_document(2022))

    with pytest.raises(CommandError) as raised:
        run(SEED_TEXT, parent=report_index.pk)

    message = str(raised.value)
    assert "Nothing was imported" in message
    assert "already has a report of 2022" in message
    assert reports_under(report_index) == [existing]
    assert ReportSourceFile.objects.count() == 0


def test_two_files_of_one_year_are_refused(report_index, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED_TEXT.read_bytes())

    with pytest.raises(CommandError) as raised:
        run(SEED_TEXT, copy, parent=report_index.pk)

    assert "is also the report of 2022" in str(raised.value)
    assert str(SEED_TEXT) in str(raised.value)
    assert reports_under(report_index) == []
    assert ReportSourceFile.objects.count() == 0


def test_one_bad_file_makes_the_run_create_nothing(report_index, tmp_path):
    bad = tmp_path / "notice.txt"
    bad.write_text("关于开展科技活动周的通知\n各有关单位：现将有关事项通知如下。\n", "utf-8")
    truncated = tmp_path / "broken.docx"
    truncated.write_bytes(b"PK\x03\x04" + b"\x00" * 40)

    with pytest.raises(CommandError) as raised:
        run(SEED_TEXT, bad, truncated, parent=report_index.pk)

    message = str(raised.value)
    assert "Nothing was imported" in message
    assert f"{bad}:" in message
    assert f"{truncated}:" in message
    assert message.count("cannot be read as an annual report") == 2
    # The good file is not named: it was not the problem.
    assert f"{SEED_TEXT}:" not in message
    assert reports_under(report_index) == []
    assert ReportSourceFile.objects.count() == 0
    assert not Collection.objects.filter(name="嘉祥县科学技术局").exists()


def test_a_missing_file_is_named(report_index, tmp_path):
    with pytest.raises(CommandError) as raised:
        run(tmp_path / "nowhere.docx", parent=report_index.pk)

    assert "The file does not exist." in str(raised.value)
    assert reports_under(report_index) == []


def test_another_agencys_report_is_refused(other_index):
    with pytest.raises(CommandError) as raised:
        run(SEED_TEXT, parent=other_index.pk)

    message = str(raised.value)
    assert "“嘉祥县科学技术局”" in message
    assert "“嘉祥县教育和体育局”" in message
    assert reports_under(other_index) == []
    assert ReportSourceFile.objects.count() == 0


def test_parent_must_be_a_report_index(report_index):
    with pytest.raises(CommandError) as raised:
        run(SEED_TEXT, parent=report_index.get_parent().pk)

    assert "is not an annual report index" in str(raised.value)
    assert AnnualReportPage.objects.count() == 0


def test_exit_status_is_1_from_the_command_line(report_index, tmp_path):
    """A refused run ends the command line with status 1 (Django's ``CommandError``).

    Run through ``BaseCommand.run_from_argv`` would close the test's database
    connection when it finishes, so the command is run as the command line runs it
    minus that: ``call_command``, and the error's exit status.
    """
    bad = tmp_path / "empty.html"
    bad.write_text("", "utf-8")

    with pytest.raises(CommandError) as raised:
        call_command("govdisclosure_import_reports", str(bad), "--parent", str(report_index.pk))

    assert raised.value.returncode == 1
    assert reports_under(report_index) == []


@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        ("span.docx", "docx_grid_span", "a cell spans 30000000 positions (gridSpan)"),
        ("before.docx", "docx_grid_before", "a cell spans 30000000 positions (gridBefore)"),
        ("wide.html", "html_wide_cells", "a cell spans 1000 positions (colspan)"),
        ("nested.json", "nested_json", "The JSON is nested too deeply"),
        ("big.json", "big_int_json", "A number in the JSON has 5000 digits"),
    ],
)
def test_a_hostile_file_is_a_command_error_not_a_traceback(
    report_index, tmp_path, name, build, message
):
    from tests.security import hostile

    path = tmp_path / name
    path.write_bytes(getattr(hostile, build)())

    with pytest.raises(CommandError) as raised:
        run(SEED_TEXT, path, parent=report_index.pk)

    assert message in str(raised.value)
    assert reports_under(report_index) == []
    assert ReportSourceFile.objects.count() == 0
