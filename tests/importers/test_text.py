"""The plain-text export: the seed report and generated exports in the same format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wagtail_govdisclosure.checks import run_checks
from wagtail_govdisclosure.formats import FORMAT_2019, FORMAT_2021
from wagtail_govdisclosure.importers import read_report
from wagtail_govdisclosure.importers.grid import SourceTable
from wagtail_govdisclosure.importers.text import read_text

from . import builders

SEED_TEXT = builders.SEED_TEXT
REPO = Path(__file__).resolve().parents[2]
SEED_JSON = REPO / "tests" / "fixtures" / "jiaxiang-kejiju-2022.json"

needs_seed = pytest.mark.skipif(not SEED_TEXT.exists(), reason="the shared seed fixture is absent")


@pytest.fixture(scope="module")
def seed_json() -> dict:
    return json.loads(SEED_JSON.read_text(encoding="utf-8"))


@needs_seed
def test_seed_parses_to_exactly_its_numbers(seed_json: dict) -> None:
    result = read_report(SEED_TEXT)

    assert result.ok, result.problems
    assert result.problems == []
    document = result.document
    assert document is not None
    assert (document.format.key, document.year, document.agency) == (
        "2021",
        2022,
        "嘉祥县科学技术局",
    )
    assert document.to_json()["tables"] == seed_json["tables"]
    # The blank totals of rows 一 to （七） stay blank: the fixture says null.
    applications = document.tables["applications"]
    assert applications["received"]["total"] is None
    assert applications["handled_total"]["total"] is None
    assert applications["carried_over_out"]["total"] == 0


@needs_seed
def test_seed_narrative_is_the_fixtures(seed_json: dict) -> None:
    document = read_report(SEED_TEXT).document
    assert document is not None
    assert document.to_json()["sections"] == seed_json["sections"]


@needs_seed
def test_seed_preamble_is_kept_apart() -> None:
    result = read_report(SEED_TEXT)
    assert result.preamble.startswith("<p>本报告由嘉祥县科学技术局按照")
    assert result.preamble.count("<p>") == 3


@needs_seed
def test_seed_findings_are_only_blank_cells() -> None:
    document = read_report(SEED_TEXT).document
    assert document is not None
    findings = run_checks(document)
    assert {f.code for f in findings} == {"blank_cell"}
    blank_rows = [f.cells[0] for f in findings]
    rows = [row.key for row in FORMAT_2021.table("applications").rows]
    expected = [f"applications.{key}.total" for key in rows[: rows.index("handled_total") + 1]]
    assert sorted(blank_rows) == sorted(expected)


@needs_seed
def test_seed_header_rows_are_ragged_and_unresolved() -> None:
    """What the core has to cope with: merged cells written once, rows of unequal length."""
    source = read_text(SEED_TEXT.read_text(encoding="utf-8"))
    grids = [b for b in source.blocks if isinstance(b, SourceTable)]
    assert len(grids) == 3
    assert all(not g.spans_resolved for g in grids)
    applications = grids[1]
    assert [len(r) for r in applications.rows[:3]] == [2, 4, 8]
    assert applications.rows[2][2].text == "商业\n企业"


@pytest.mark.parametrize("report_format", [FORMAT_2021, FORMAT_2019], ids=lambda f: f.key)
@pytest.mark.parametrize("write", [builders.plain, builders.messy], ids=["plain", "messy"])
def test_generated_export_reads_back(report_format, write) -> None:
    document = builders.consistent_document(report_format, seed=7)
    text = builders.render_text(document, write=write)

    result = read_report(text.encode("utf-8"), filename="report.txt")

    assert result.ok, result.problems
    assert result.document is not None
    assert result.document.format is report_format
    assert result.document.to_json()["tables"] == document.to_json()["tables"]
    assert result.document.sections == document.sections


def test_gb18030_text_is_decoded() -> None:
    document = builders.consistent_document(seed=8)
    data = builders.render_text(document).encode("gb18030")

    result = read_report(data, filename="report.txt")

    assert result.ok, result.problems
    assert result.document is not None
    assert result.document.agency == document.agency


def test_export_markers_are_dropped() -> None:
    document = builders.consistent_document(seed=9)
    text = builders.render_text(document).replace(
        document.format.sections[-1].title,
        document.format.sections[-1].title + "\n[bookmark: _GoBack][image: 图片1]\n",
    )
    result = read_report(text.encode(), filename="report.txt")
    assert result.document is not None
    assert "[image" not in result.document.sections["other"]
    assert "bookmark" not in result.document.sections["other"]
