"""The commands: filling a report from the registers, importing a large register file."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from wagtail_govdisclosure.registers.models import Application

from .conftest import add_applications, make_report
from .files import csv_bytes, xlsx_bytes
from .test_fill import APPLICATIONS_2022, APPLICATIONS_2023
from .test_import import HEADER, ROWS


def test_fill_report_command(agency, report_index) -> None:
    add_applications(agency, APPLICATIONS_2022 + APPLICATIONS_2023)
    report = make_report(report_index, 2023)
    out = StringIO()
    call_command("govdisclosure_fill_report", str(report.pk), "--dry-run", stdout=out)
    assert "applications.received.total\t → 25" in out.getvalue()
    assert report.revisions.count() == 1
    out = StringIO()
    call_command("govdisclosure_fill_report", str(report.pk), stdout=out)
    assert report.revisions.count() == 2
    report.refresh_from_db()
    tables = report.get_latest_revision_as_object().get_tables()
    assert tables["applications"]["carried_over_out"]["total"] == 3
    assert tables["reviews"]["reconsideration"]["total"] == 0
    out = StringIO()
    call_command("govdisclosure_fill_report", str(report.pk), stdout=out)
    assert report.revisions.count() == 2
    with pytest.raises(CommandError):
        call_command("govdisclosure_fill_report", "999999", stdout=StringIO())


def test_import_command_with_progress_and_summary(agency, tmp_path) -> None:
    path = tmp_path / "登记表.xlsx"
    path.write_bytes(xlsx_bytes([HEADER, *ROWS]))
    out, err = StringIO(), StringIO()
    call_command(
        "govdisclosure_import_register",
        str(path),
        "--agency",
        str(agency.pk),
        "--dry-run",
        stdout=out,
        stderr=err,
    )
    assert Application.objects.count() == 0
    assert "] 100% 3 (" in err.getvalue()  # the whole file read: its 3 rows
    call_command(
        "govdisclosure_import_register",
        str(path),
        "--agency",
        str(agency.pk),
        stdout=out,
        stderr=err,
    )
    assert Application.objects.count() == 3
    assert "嘉祥县科学技术局" in out.getvalue()


def test_import_command_refuses_a_bad_file_whole(agency, tmp_path) -> None:
    rows = [list(r) for r in ROWS]
    rows[2][2] = "明天"
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([HEADER, *rows], "gb18030"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "govdisclosure_import_register",
            str(path),
            "--agency",
            str(agency.pk),
            stdout=StringIO(),
            stderr=err,
        )
    assert "明天" in err.getvalue() and "收到日期" in err.getvalue()
    assert Application.objects.count() == 0
