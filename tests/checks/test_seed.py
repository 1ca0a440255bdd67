"""The seed report: blank totals are its only fault, and filling the totals makes it clean."""

from __future__ import annotations

from wagtail_govdisclosure.checks import compute_totals, fill_totals, has_errors, run_checks
from wagtail_govdisclosure.formats import FORMAT_2021
from wagtail_govdisclosure.formats.gb2021 import OUTCOME_KEYS

APPLICATIONS = FORMAT_2021.table("applications")


def _blank_rows() -> list[str]:
    """Rows 一 to （七） of the declaration.

    That is received, carried_over_in, the outcomes and handled_total.
    """
    keys = [row.key for row in APPLICATIONS.rows]
    return keys[: keys.index("handled_total") + 1]


def test_seed_blank_rows_per_declaration() -> None:
    rows = _blank_rows()
    assert rows == ["received", "carried_over_in", *OUTCOME_KEYS, "handled_total"]
    assert len(OUTCOME_KEYS) == 21
    assert len(rows) == 24


def test_seed_gives_only_blank_cell_on_the_total_column(seed) -> None:
    findings = run_checks(seed)
    assert [f.code for f in findings] == ["blank_cell"] * 24
    # One finding per cell, in the form's row order.
    assert [f.cells for f in findings] == [(f"applications.{row}.total",) for row in _blank_rows()]
    # Every part is 0, so each blank total should hold 0.
    assert {(f.expected, f.actual) for f in findings} == {(0, None)}
    assert has_errors(findings)


def test_fill_totals_makes_the_seed_clean(seed) -> None:
    parts_before = {cell.ref: seed.get(cell.ref) for cell in FORMAT_2021.cells if not cell.is_total}
    changes = fill_totals(seed)
    assert changes == {f"applications.{row}.total": 0 for row in _blank_rows()}
    assert run_checks(seed) == []
    # Parts are never touched.
    assert {ref: seed.get(ref) for ref in parts_before} == parts_before
    # A second pass has nothing left to change.
    assert fill_totals(seed) == {}


def test_compute_totals_does_not_change_the_document(seed) -> None:
    changes = compute_totals(seed)
    assert len(changes) == 24
    assert seed.get("applications.received.total") is None


def test_the_seed_narrative_is_read(filled_seed) -> None:
    # The seed says 「2022年我局未收到政府信息公开申请」: it stays silent only because the
    # table agrees. With 2 applications in the table, the same sentence contradicts it.
    filled_seed.set("applications.received.natural_person", 2)
    filled_seed.set("applications.carried_over_out.natural_person", 2)
    fill_totals(filled_seed)
    findings = run_checks(filled_seed)
    assert [(f.code, f.cells, f.expected, f.actual) for f in findings] == [
        (
            "text_table_mismatch",
            ("applications.received.total", "sections.overview"),
            2,
            0,
        )
    ]
