"""The 2021 declaration matches the format specification word for word."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from wagtail_govdisclosure.formats import CURRENT, FORMAT_2019, FORMAT_2021, FORMATS, Layout
from wagtail_govdisclosure.formats.base import CellKind

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "annual-report-format.md"
SEED = Path(__file__).resolve().parents[3] / "shared" / "fixtures"


def _spec_text() -> str:
    if not SPEC.exists():
        pytest.skip("the shared specification is not beside the checkout")
    return SPEC.read_text(encoding="utf-8")


def _spec_application_rows() -> list[tuple[str, str]]:
    """(key, label) pairs of the applications table as the specification lists them."""
    text = _spec_text()
    block = text.split("## Table `applications`")[1].split("## Table `reviews`")[0]
    return re.findall(r"^\| `(\w+)` \| (.+?) \|$", block, flags=re.M)


def test_current_format_is_2021() -> None:
    assert CURRENT is FORMAT_2021
    assert FORMAT_2021.is_current and not FORMAT_2019.is_current
    assert FORMATS == {"2021": FORMAT_2021, "2019": FORMAT_2019}


def test_applications_rows_match_the_specification_verbatim() -> None:
    expected = _spec_application_rows()
    assert len(expected) == 25
    table = FORMAT_2021.table("applications")
    assert [(row.key, row.label) for row in table.rows] == expected


def test_applications_headings_and_columns() -> None:
    table = FORMAT_2021.table("applications")
    band = table.bands[0]
    assert [c.key for c in band.leaf_columns] == [
        "natural_person",
        "commercial_enterprise",
        "research_institution",
        "social_welfare_org",
        "legal_service_org",
        "other_org",
        "total",
    ]
    assert band.row_path("withheld_state_secret") == ("三、本年度办理结果", "（三）不予公开")
    assert band.row_path("handled_total") == ("三、本年度办理结果",)
    assert band.row_path("received") == ()
    assert table.note == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert len(table.cells) == 25 * 7


def test_every_label_of_the_seed_report_is_declared() -> None:
    """Each table label in the real published report is one of the declaration's."""
    seed = next(SEED.glob("*.txt"), None) if SEED.exists() else None
    if seed is None:
        pytest.skip("the seed report is not beside the checkout")
    lines = {re.sub(r"\s+", "", line) for line in seed.read_text(encoding="utf-8").splitlines()}
    for label in FORMAT_2021.labels():
        # The export wraps some header labels (「商业\n企业」); row labels are on one line.
        if len(label) > 4:
            assert re.sub(r"\s+", "", label) in lines, label


def test_proactive_bands_and_amount_column() -> None:
    table = FORMAT_2021.table("proactive")
    assert [b.heading for b in table.bands] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert {b.stub_label for b in table.bands} == {"信息内容"}
    fees = table.cell("fees", "amount").column
    assert fees.kind is CellKind.AMOUNT and fees.unit == "万元" and fees.decimals == 4
    assert len(table.cells) == 10


def test_reviews_is_printed_across() -> None:
    table = FORMAT_2021.table("reviews")
    assert table.layout is Layout.ACROSS
    assert [r.key for r in table.rows] == [
        "reconsideration",
        "litigation_direct",
        "litigation_after_reconsideration",
    ]
    assert len(table.cells) == 15


def test_rules_are_derived_from_the_declared_totals() -> None:
    counts = Counter(rule.check for rule in FORMAT_2021.rules)
    assert counts == {
        "applications_row_total": 25,
        "applications_handled_total": 7,
        "applications_balance": 7,
        "reviews_total": 3,
    }
    handled = next(r for r in FORMAT_2021.rules if r.check == "applications_handled_total")
    assert handled.total is not None and handled.total.row.key == "handled_total"
    assert handled.right[0].row.key == "disclosed"
    assert handled.right[-1].row.key == "other_handling"
    assert len(handled.right) == 21
    balance = next(r for r in FORMAT_2021.rules if r.check == "applications_balance")
    assert balance.total is None
    assert [c.row.key for c in balance.left] == ["received", "carried_over_in"]
    assert [c.row.key for c in balance.right] == ["handled_total", "carried_over_out"]


def test_keys_are_unique_within_each_table() -> None:
    for fmt in FORMATS.values():
        for table in fmt.tables:
            keys = [row.key for row in table.rows]
            assert len(keys) == len(set(keys)), (fmt.key, table.key)


def test_2019_format_differs_where_the_spec_says() -> None:
    labels_2019 = FORMAT_2019.labels()
    labels_2021 = FORMAT_2021.labels()
    assert "第二十条第（九）项" in labels_2019 - labels_2021
    assert {"本年新制作数量", "本年新公开数量"} <= labels_2019 - labels_2021
    applications = FORMAT_2019.table("applications")
    other = applications.row("other_handling")
    assert other.label == "（六）其他处理"
    assert len(applications.rows) == 23
    assert FORMAT_2019.superseded_by == "2021"
    # Its totals still form valid rules over the rows it has.
    handled = [r for r in FORMAT_2019.rules if r.check == "applications_handled_total"]
    assert len(handled) == 7 and len(handled[0].right) == 19


def test_sections_in_order() -> None:
    assert [s.key for s in FORMAT_2021.sections] == [
        "overview",
        "proactive",
        "applications",
        "reviews",
        "problems",
        "other",
    ]
    assert [s.table for s in FORMAT_2021.sections if s.table] == [
        "proactive",
        "applications",
        "reviews",
    ]
