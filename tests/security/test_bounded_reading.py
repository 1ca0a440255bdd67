"""F6, F8: a small hostile file is refused, with a Chinese message naming what is too large.

Each file here would make a naive reader fill millions of grid positions (a
37 KB .docx with ``w:gridSpan="30000000"`` took 4.9 GB), unpack hundreds of
megabytes, or crash the JSON decoder. The readers check their bounds before
they spend the memory; the memory test runs them in a child process whose
address space is capped at 300 MB.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.security import hostile
from wagtail_govdisclosure.importers import read_report
from wagtail_govdisclosure.interchange import InterchangeError, loads

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXT = ROOT / "tests" / "fixtures" / "jiaxiang-kejiju-2022-annual-report.txt"

MERGED = "第1个表格第1行：一个单元格合并了"
HOSTILE = {
    "grid_span.docx": (hostile.docx_grid_span, MERGED + " 30000000 格（gridSpan）"),
    "grid_before.docx": (hostile.docx_grid_before, MERGED + " 30000000 格（gridBefore）"),
    "zip_bomb.docx": (hostile.docx_zip_bomb, "其中部件 word/media/padding.bin 即达 200.0 MB"),
    "wide_cells.html": (hostile.html_wide_cells, MERGED + " 1000 格（colspan）"),
    "nested.json": (hostile.nested_json, "JSON 嵌套层数过多"),
    "big_int.json": (hostile.big_int_json, "JSON 中有一个 5000 位的数字"),
}


def _messages(result) -> str:
    return " | ".join(str(problem) for problem in result.problems)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_is_refused_with_a_message_naming_what_is_too_large(name):
    build, expected = HOSTILE[name]

    result = read_report(build(), filename=name)

    assert result.document is None
    assert not result.ok
    assert expected in _messages(result)


def test_a_cell_of_too_much_text_is_refused():
    page = "<table><tr><td>" + "数" * 30_000 + "</td></tr></table>"

    result = read_report(page.encode(), filename="long.html")

    assert "一个单元格有 30000 个字符" in _messages(result)


def test_a_span_within_the_bound_still_reads_as_before():
    # A merged header over 13 columns, as the national format's widest table has.
    page = '<table><tr><td colspan="13">header</td></tr><tr>' + "<td>1</td>" * 13 + "</tr></table>"
    assert "合并了" not in _messages(read_report(page.encode(), filename="ok.html"))
    assert read_report(SEED_TEXT).ok


def test_interchange_json_names_the_nesting_and_the_long_number():
    with pytest.raises(InterchangeError) as nested:
        loads(hostile.nested_json())
    with pytest.raises(InterchangeError) as long_number:
        loads(hostile.big_int_json())

    assert "嵌套层数过多" in str(nested.value.problems[0].message)
    assert "5000 位" in str(long_number.value.problems[0].message)


# --- the memory test ----------------------------------------------------------------------

#: The child's whole address space. A Python process with Django, lxml, python-docx and the
#: importers loaded maps about 195 MB (VmSize, measured on this machine), so a 300 MB
#: RLIMIT_AS leaves ~100 MB for reading: any reader that fills millions of grid positions
#: (gigabytes, unbounded) dies with MemoryError, which the child reports as a failure.
#: RLIMIT_AS rather than RLIMIT_DATA: it also counts memory that lxml and zlib map directly.
ADDRESS_SPACE = 300 * 1024 * 1024

CHILD = """
import json, os, sys
import django
django.setup()
from wagtail_govdisclosure.importers import read_report
path = sys.argv[1]
try:
    result = read_report(path)
except MemoryError:
    os._exit(3)  # at once: printing anything may need the memory that ran out
print(json.dumps({"ok": result.ok, "problems": [str(p) for p in result.problems]}))
"""


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _read_in_capped_child(path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "example_site")]),
        "DJANGO_SETTINGS_MODULE": "example_site.settings",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        env=environment,
        preexec_fn=_limit_address_space,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_file_is_refused_within_300_mb(name, tmp_path):
    build, expected = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(build())

    child = _read_in_capped_child(path)

    assert child.returncode == 0, child.stdout + child.stderr
    outcome = json.loads(child.stdout.strip().splitlines()[-1])
    assert outcome["ok"] is False
    assert any(expected in problem for problem in outcome["problems"])
    assert "Traceback" not in child.stderr


def test_the_cap_would_stop_an_unbounded_reader(tmp_path, settings):
    """The same child with the span bound lifted runs out of memory: the cap is real."""
    path = tmp_path / "grid_span.docx"
    path.write_bytes(hostile.docx_grid_span())
    unbounded = tmp_path / "unbounded_settings.py"
    unbounded.write_text(
        "from example_site.settings import *\n"
        "WAGTAIL_GOVDISCLOSURE_IMPORT_LIMITS = {'span': 10**9, 'table_cells': 10**12,"
        " 'cells': 10**12}\n"
    )

    child = _read_in_capped_child(
        path,
        DJANGO_SETTINGS_MODULE="unbounded_settings",
        PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT), str(ROOT / "example_site")]),
    )

    assert child.returncode == 3, child.stdout + child.stderr  # MemoryError


def test_the_audit_command_refuses_each_hostile_file_without_a_traceback(tmp_path):
    from tests.importers.test_audit import run_audit

    paths = []
    for name, (build, _expected) in HOSTILE.items():
        path = tmp_path / name
        path.write_bytes(build())
        paths.append(path)

    completed = run_audit("--json", *paths)

    assert "Traceback" not in completed.stderr, completed.stderr
    entries = json.loads(completed.stdout)
    assert completed.returncode == entries["exit_status"] == 2  # files that cannot be read
    for name, (_build, expected) in HOSTILE.items():
        (entry,) = [e for e in entries["files"] if e["file"].endswith(name)]
        assert entry["read"] is False
        assert any(expected in problem["message"] for problem in entry["problems"]), entry
