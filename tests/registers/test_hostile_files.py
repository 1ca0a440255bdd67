"""Hostile register files: a shared-strings bomb, an over-long CSV field, control characters.

Each test reproduces the attack, then shows it refused (with a Chinese message naming
where) or made harmless, with nothing saved or lost.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from wagtail_govdisclosure.registers.exports import export_register
from wagtail_govdisclosure.registers.models import Application, RegisterImportJob
from wagtail_govdisclosure.registers.resources import RegisterImport

from .files import csv_bytes, read_xlsx, shared_strings_bomb, xlsx_bytes
from .test_admin import staff_client, url
from .test_import import HEADER, ROWS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """F7's file: ~1 MB on disk, 30 million shared strings (≈ 510 MB unpacked)."""
    path = tmp_path_factory.mktemp("bomb") / "登记表.xlsx"
    shared_strings_bomb(path, 30_000_000)
    return path


def _import_command(path: Path, agency) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with translation.override("zh-hans"), pytest.raises(CommandError):
        call_command(
            "govdisclosure_import_register",
            str(path),
            "--agency",
            str(agency.pk),
            stdout=out,
            stderr=err,
        )
    return out.getvalue(), err.getvalue()


# --- F7: the shared-strings bomb ----------------------------------------------------


def test_f7_the_bomb_is_small_and_declares_30_million_strings(bomb) -> None:
    import zipfile

    assert bomb.stat().st_size < 2_000_000
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo("xl/sharedStrings.xml").file_size > 500_000_000


def test_f7_the_command_refuses_the_bomb_and_imports_nothing(bomb, agency) -> None:
    _out, err = _import_command(bomb, agency)
    assert "工作簿解压后超过" in err and "Traceback" not in err
    assert Application.objects.count() == 0


# A child process reads a hostile workbook under an address-space limit of what it
# already uses plus 300 MB, and reports its peak resident memory before and after.
_MEASURE = """
import json, os, resource, sys, time
import django
django.setup()
from wagtail_govdisclosure.registers.tabular import FileProblem, open_sheet

def mapped():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")

limit = mapped() + 300 * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.monotonic()
result = {}
try:
    with open(sys.argv[1], "rb") as source:
        sheet = open_sheet(source, "登记表.xlsx", lambda h: h in ("登记编号", "申请内容"))
        result["rows"] = len(list(sheet.rows()))
except FileProblem as problem:
    result["refused"] = str(problem)
except MemoryError:
    result["memory_error"] = True
result["growth_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
result["seconds"] = time.monotonic() - started
print(json.dumps(result))
"""


def _measure(path: Path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "example_site.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "example_site")]),
    }
    completed = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_f7_the_bomb_is_refused_within_300_mb(bomb) -> None:
    result = _measure(bomb)
    assert "memory_error" not in result and "rows" not in result
    assert "工作簿解压后超过" in result["refused"]
    assert result["growth_mb"] < 300
    print(f"bomb refused in {result['seconds']:.2f} s, peak memory +{result['growth_mb']:.0f} MB")


def test_f7_millions_of_distinct_strings_under_the_size_limit_refused_within_300_mb(
    tmp_path,
) -> None:
    # Under the unpacked-size limit (≈ 27 MB), so the strings are read, counted and
    # kept packed until the count passes the limit (1,000,000).
    path = tmp_path / "distinct.xlsx"
    shared_strings_bomb(path, 1_200_000, distinct=True)
    result = _measure(path)
    assert "memory_error" not in result and "rows" not in result
    assert "1,000,000 条不同的文本" in result["refused"]
    assert result["growth_mb"] < 300
    print(f"refused in {result['seconds']:.2f} s, peak memory +{result['growth_mb']:.0f} MB")


def test_f7_limits_on_cells_and_strings_are_settings(agency, settings, tmp_path) -> None:
    settings.WAGTAIL_GOVDISCLOSURE_IMPORT_MAX_CELLS = 40
    settings.WAGTAIL_GOVDISCLOSURE_IMPORT_MAX_SHARED_STRINGS = 40
    path = tmp_path / "strings.xlsx"
    shared_strings_bomb(path, 100)
    report = RegisterImport(Application, agency).run(path.read_bytes(), "x.xlsx", dry_run=True)
    assert ["40" in str(p) for p in report.problems] == [True]
    rows = [[f"2023-{n:03}", "2023-03-01", "自然人", "某文件"] for n in range(1, 12)]
    data = xlsx_bytes([["登记编号", "收到申请日期", "申请人类型", "申请内容"], *rows])
    report = RegisterImport(Application, agency).run(data, "x.xlsx", dry_run=False)
    (problem,) = report.problems
    assert "40" in problem.message and problem.line == 11  # the row where cells ran out
    assert Application.objects.count() == 0


def test_an_ordinary_workbook_reads_as_before(agency) -> None:
    report = RegisterImport(Application, agency).run(
        xlsx_bytes([HEADER, *ROWS], title="2023年依申请公开登记表"), "x.xlsx", dry_run=False
    )
    assert report.ok and report.new == 3, [str(p) for p in report.problems]
    first = Application.objects.get(reference="2023-001")
    assert str(first.received_on) == "2023-03-01" and str(first.closed_on) == "2023-03-15"


# --- F9: a CSV field over 131,072 characters ----------------------------------------


def _long_csv() -> bytes:
    rows = [list(r) for r in ROWS]
    rows[1][7] = "长" * 131_073
    return csv_bytes([HEADER, *rows], "utf-8")


def test_f9_the_csv_module_refuses_such_a_field_without_saying_where() -> None:
    import csv

    with pytest.raises(csv.Error, match="field larger than field limit"):
        list(csv.reader(io.StringIO(_long_csv().decode())))


def test_f9_the_command_names_row_and_column(agency, tmp_path) -> None:
    path = tmp_path / "长.csv"
    path.write_bytes(_long_csv())
    _out, err = _import_command(path, agency)
    assert "第 3 行“申请公开的内容”列：单元格内容超过 131,072 个字符" in err
    assert "Traceback" not in err
    assert Application.objects.count() == 0


def test_f9_the_admin_names_row_and_column(django_user_model, agency) -> None:
    clerk = staff_client(django_user_model, agency, personal=False, name="clerk")
    upload = io.BytesIO(_long_csv())
    upload.name = "长.csv"
    response = clerk.post(
        url("import", register="applications"),
        {"agency": agency.pk, "file": upload},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    job = RegisterImportJob.objects.get()
    assert job.status == RegisterImportJob.Status.FAILED
    assert [(p["line"], p["column"]) for p in job.problems] == [(3, "申请公开的内容")]
    assert "131,072" in response.content.decode()
    assert Application.objects.count() == 0


# --- F10: control characters --------------------------------------------------------


def test_f10_a_control_character_breaks_an_xlsx_cell() -> None:
    # What made every later export of the agency a 500.
    with pytest.raises(IllegalCharacterError):
        Workbook().active["A1"] = "某文件\x00"


def test_f10_control_characters_are_removed_at_import_and_said(agency) -> None:
    rows = [list(r) for r in ROWS]
    rows[0][7] = "2022年\x00科技项目\x07资金分配表\x1b"
    rows[1][5] = "\x0b某某科技有限公司"
    for data, name in ((csv_bytes([HEADER, *rows], "utf-8"), "x.csv"),):
        with translation.override("zh-hans"):
            report = RegisterImport(Application, agency).run(data, name, dry_run=False)
        assert report.ok, [str(p) for p in report.problems]
        assert any("2 个单元格中删除控制字符" in n for n in report.notices), report.notices
    first = Application.objects.get(reference="2023-001")
    assert first.content == "2022年科技项目资金分配表"  # every visible character kept
    assert Application.objects.get(reference="2023-002").applicant_name == "某某科技有限公司"
    # Tabs and line breaks are text, not control characters to remove.
    rows[0][7] = "第一行\n第二行\t附件"
    report = RegisterImport(Application, agency).run(
        csv_bytes([HEADER, *rows], "utf-8"), "x.csv", dry_run=False
    )
    assert report.ok and Application.objects.get(reference="2023-001").content == (
        "第一行\n第二行\t附件"
    )


def test_f10_exports_never_fail_on_data_already_stored(django_user_model, agency) -> None:
    from .conftest import add_applications

    (entry,) = add_applications(agency, [("2023-009", "natural_person", "2023-05-05", None, "")])
    # Stored before imports cleaned (or typed in elsewhere): SOH, VT and US in the text.
    Application.objects.filter(pk=entry.pk).update(
        content="预算\x01表\x0b附件\x1f", notes="备注\x08"
    )
    data = export_register(Application.objects.all(), Application, "xlsx", include_personal=True)
    (sheet,) = read_xlsx(data)
    assert "预算表附件" in sheet[1] and "备注" in sheet[1]
    officer = staff_client(django_user_model, agency, personal=True, name="officer")
    response = officer.get(url("export", register="applications"), {"format": "xlsx"})
    assert response.status_code == 200
    (sheet,) = read_xlsx(response.content)
    assert "预算表附件" in sheet[1]
