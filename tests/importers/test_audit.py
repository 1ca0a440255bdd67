"""``python -m wagtail_govdisclosure.audit``: run as a separate process, as users run it.

No database and no Django project: the command configures what it needs. The
reports are built from known numbers, some with totals broken on purpose; the
audit must report exactly the rules that were broken.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wagtail_govdisclosure.formats import FORMAT_2019

from . import builders

REPO = Path(__file__).resolve().parents[2]
SEED_TEXT = builders.SEED_TEXT
SEED_JSON = REPO / "tests" / "fixtures" / "jiaxiang-kejiju-2022.json"


def run_audit(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "wagtail_govdisclosure.audit", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd or REPO,
        timeout=120,
        check=False,
    )


def audit_json(*args: object) -> tuple[int, dict]:
    completed = run_audit("--json", *args)
    assert "Traceback" not in completed.stderr, completed.stderr
    return completed.returncode, json.loads(completed.stdout)


def rules(entry: dict) -> set[tuple[str, str]]:
    """The findings of one file as ``(code, first cell)``."""
    return {(f["code"], f["cells"][0] if f["cells"] else "") for f in entry["findings"]}


RENDERERS = {
    "docx": (lambda d: builders.render_docx(d, write=builders.messy), "docx"),
    "html-spans": (lambda d: builders.render_html(d), "html"),
    "html-flat": (lambda d: builders.render_html(d, layout="flat", write=builders.messy), "html"),
    "text": (lambda d: builders.render_text(d).encode("utf-8"), "txt"),
}


def _write(tmp_path: Path, name: str, document, renderer: str) -> Path:
    render, suffix = RENDERERS[renderer]
    path = tmp_path / f"{name}.{suffix}"
    path.write_bytes(render(document))
    return path


def _bump(document, ref: str, by: int) -> None:
    document.set(ref, int(document.get(ref)) + by)


def _break_outcome(document) -> None:
    _bump(document, "applications.disclosed.natural_person", 1)


def _break_reviews(document) -> None:
    _bump(document, "reviews.litigation_direct.total", 2)


def _break_balance(document) -> None:
    _bump(document, "applications.carried_over_out.other_org", 1)
    _bump(document, "applications.carried_over_out.total", 1)


BREAKAGES = {
    "outcome": (
        _break_outcome,
        {
            ("applications_row_total", "applications.disclosed.total"),
            ("applications_handled_total", "applications.handled_total.natural_person"),
        },
    ),
    "reviews": (_break_reviews, {("reviews_total", "reviews.litigation_direct.total")}),
    "balance": (
        _break_balance,
        {
            ("applications_balance", "applications.received.other_org"),
            ("applications_balance", "applications.received.total"),
        },
    ),
}


@pytest.mark.skipif(not SEED_TEXT.exists(), reason="the shared seed fixture is absent")
def test_seed_report() -> None:
    status, output = audit_json(SEED_TEXT)
    assert status == 1
    [entry] = output["files"]
    assert entry["read"] and (entry["agency"], entry["year"]) == ("嘉祥县科学技术局", 2022)
    assert entry["document"]["tables"] == json.loads(SEED_JSON.read_text("utf-8"))["tables"]
    assert {f["code"] for f in entry["findings"]} == {"blank_cell"}
    assert output["exit_status"] == 1


@pytest.mark.parametrize("renderer", RENDERERS)
def test_clean_reports_pass(tmp_path: Path, renderer: str) -> None:
    path = _write(tmp_path, "clean", builders.consistent_document(seed=51), renderer)
    status, output = audit_json(path)
    assert status == 0, output
    assert output["files"][0]["findings"] == []


def test_broken_totals_are_found_exactly(tmp_path: Path) -> None:
    """Every layout × every breakage, in one run: each file reports its broken rules and no more."""
    expected: dict[str, set[tuple[str, str]]] = {}
    paths = []
    for number, (renderer, (name, (breakage, broken))) in enumerate(
        (r, b) for r in RENDERERS for b in BREAKAGES.items()
    ):
        document = builders.consistent_document(seed=60 + number)
        breakage(document)
        path = _write(tmp_path, f"{renderer}-{name}", document, renderer)
        expected[str(path)] = broken
        paths.append(path)

    status, output = audit_json(*paths)

    assert status == 1
    found = {entry["file"]: rules(entry) for entry in output["files"]}
    assert found == expected
    assert all(entry["read"] for entry in output["files"])


def test_outdated_format(tmp_path: Path) -> None:
    document = builders.consistent_document(FORMAT_2019, seed=70, year=2022)
    path = _write(tmp_path, "2019-layout", document, "docx")
    status, output = audit_json(path)
    assert status == 1
    [entry] = output["files"]
    assert entry["format"] == "2019"
    assert [f["code"] for f in entry["findings"]] == ["outdated_format"]


def test_carry_over_across_years(tmp_path: Path) -> None:
    last = builders.consistent_document(seed=71, year=2021)
    this = builders.consistent_document(seed=72, year=2022, follows=last)
    following = builders.consistent_document(seed=73, year=2023, follows=this)
    # 2022 says one more application came over from 2021 (and one more goes on to 2023).
    _bump(this, "applications.carried_over_in.natural_person", 1)
    _bump(this, "applications.carried_over_in.total", 1)
    _bump(this, "applications.carried_over_out.natural_person", 1)
    _bump(this, "applications.carried_over_out.total", 1)
    paths = [
        _write(tmp_path, "2023", following, "html-spans"),
        _write(tmp_path, "2021", last, "docx"),
        _write(tmp_path, "2022", this, "text"),
    ]

    status, output = audit_json(*paths)

    assert status == 1
    by_year = {entry["year"]: entry for entry in output["files"]}
    assert by_year[2021]["findings"] == [] and by_year[2021]["previous"] is None
    assert by_year[2022]["previous"] == str(paths[1])
    assert rules(by_year[2022]) == {
        ("carry_over", "applications.carried_over_in.natural_person"),
        ("carry_over", "applications.carried_over_in.total"),
    }
    # 2023 continues from the 2022 report as written, carried-over figures included.
    assert rules(by_year[2023]) == {
        ("carry_over", "applications.carried_over_in.natural_person"),
        ("carry_over", "applications.carried_over_in.total"),
    }


def test_human_output(tmp_path: Path) -> None:
    document = builders.consistent_document(seed=74)
    _break_reviews(document)
    path = _write(tmp_path, "report", document, "html-spans")
    completed = run_audit(path)
    assert completed.returncode == 1
    assert completed.stderr == ""
    out = completed.stdout
    assert str(path) in out and document.agency in out and str(document.year) in out
    tables = out[out.index("{") : out.rindex("}") + 1]
    assert json.loads(tables) == document.to_json()["tables"]
    assert "reviews_total reviews.litigation_direct.total" in out


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    prose = tmp_path / "notice.txt"
    prose.write_text("关于开展春季植树活动的通知\n\n各科室：定于3月12日开展植树活动。\n", "utf-8")
    docx_bytes = builders.render_docx(builders.consistent_document(seed=75))
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(docx_bytes[: len(docx_bytes) * 2 // 3])
    page = tmp_path / "missing-table.html"
    page.write_bytes(
        builders.render_html(builders.consistent_document(seed=76), skip_tables=["applications"])
    )
    binary = tmp_path / "photo.html"
    binary.write_bytes(bytes(range(256)) * 4)
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    (empty / "readme.md").write_text("no report here", "utf-8")
    return {
        "not a report": prose,
        "truncated .docx": truncated,
        "table missing": page,
        "binary junk": binary,
        "missing file": tmp_path / "absent.docx",
        "a folder without report files": empty,
    }


def test_bad_files_exit_2_with_a_message(tmp_path: Path) -> None:
    bad = _bad_files(tmp_path)
    for name, path in bad.items():
        completed = run_audit(path)
        assert completed.returncode == 2, name
        assert completed.stderr == "", name
        assert "Traceback" not in completed.stdout, name
        lines = completed.stdout.splitlines()
        assert str(path) in lines[0], name
        assert len(lines) >= 3 and lines[2].strip(), name  # the file, a heading, the reason


def test_bad_files_in_json(tmp_path: Path) -> None:
    bad = _bad_files(tmp_path)
    status, output = audit_json(*bad.values())
    assert status == 2
    entries = {entry["file"]: entry for entry in output["files"]}
    for name, path in bad.items():
        entry = entries[str(path)]
        assert entry["problems"] and all(p["message"] for p in entry["problems"]), name
        assert not entry["read"], name
    # The page with a table missing is still shown as far as it could be read.
    page = entries[str(bad["table missing"])]
    assert page["document"]["tables"]["applications"]["received"]["total"] is None
    applications = builders.FORMAT_2021.table("applications")
    assert applications.title in page["problems"][0]["where"]


def test_one_bad_file_among_good_ones(tmp_path: Path) -> None:
    good = _write(tmp_path, "good", builders.consistent_document(seed=77), "docx")
    status, output = audit_json(good, tmp_path / "absent.html")
    assert status == 2
    assert [entry["read"] for entry in output["files"]] == [True, False]


def test_usage_error() -> None:
    completed = run_audit()
    assert completed.returncode == 2
    assert "usage:" in completed.stderr


def test_no_database_and_no_wagtail(tmp_path: Path) -> None:
    """The audit imports neither Wagtail nor the package's models, and configures no database."""
    path = _write(tmp_path, "report", builders.consistent_document(seed=78), "text")
    script = (
        "import io, sys\n"
        "from wagtail_govdisclosure.audit import main\n"
        f"status = main([{str(path)!r}], out=io.StringIO())\n"
        "from django.conf import settings\n"
        "loaded = sorted(m for m in sys.modules if m == 'wagtail' or m.startswith('wagtail.')"
        " or m.startswith('wagtail_govdisclosure.models'))\n"
        "print(status, loaded, settings.DATABASES)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(REPO)
    completed = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert completed.stdout.strip() == "0 [] {}", completed.stderr
