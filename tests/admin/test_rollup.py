"""The county roll-up (pure): a sum of consistent reports is consistent; differences per cell."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.checks.conftest import load_seed
from tests.checks.test_properties import consistent_values, document
from wagtail_govdisclosure.checks import fill_totals, run_checks
from wagtail_govdisclosure.formats import FORMAT_2019, FORMAT_2021
from wagtail_govdisclosure.interchange import ReportDocument, parse
from wagtail_govdisclosure.rollup import compare, sum_documents

ARITHMETIC = {
    "blank_cell",
    "invalid_number",
    "applications_row_total",
    "applications_handled_total",
    "applications_balance",
    "reviews_total",
}


def named(values: dict, agency: str) -> ReportDocument:
    doc = document(values)
    doc.agency = agency
    return doc


@settings(max_examples=60, deadline=None)
@given(st.lists(consistent_values(), min_size=0, max_size=5))
def test_the_sum_of_consistent_reports_passes_the_arithmetic_checks(tables) -> None:
    documents = [named(values, f"某县第{i}局") for i, values in enumerate(tables)]
    rollup = sum_documents(documents, year=2022, agency="某县汇总")
    assert rollup.agencies == [d.agency for d in documents]
    assert rollup.excluded == []
    findings = run_checks(rollup.document)
    assert [f for f in findings if f.code in ARITHMETIC] == []
    # Cell by cell: each cell is the sum of the reports' cells.
    for cell in FORMAT_2021.cells:
        expected = sum((Decimal(str(d.read(cell).value)) for d in documents), Decimal(0))
        assert Decimal(str(rollup.document.read(cell).value)) == expected
    # And the result is valid interchange JSON.
    assert parse(json.loads(rollup.document.dumps())).tables == rollup.document.tables


@settings(max_examples=40, deadline=None)
@given(consistent_values(), consistent_values())
def test_comparing_with_the_sum_finds_exactly_the_cells_that_differ(first, second) -> None:
    rollup = sum_documents([named(first, "甲"), named(second, "乙")], year=2022, agency="县")
    assert compare(rollup.document, rollup.document) == []
    differences = compare(rollup.document, named(first, "县"))
    # The first alone differs from the sum exactly where the second is not 0.
    expected = {ref for ref, value in second.items() if value != 0}
    assert {d.ref for d in differences} == expected
    for difference in differences:
        assert difference.delta == -Decimal(str(second[difference.ref]))


def test_no_report_sums_to_zeros() -> None:
    rollup = sum_documents([], year=2023, agency="嘉祥县")
    assert rollup.count == 0
    assert all(rollup.document.get(cell.ref) in (0, "0") for cell in FORMAT_2021.cells)
    assert [f for f in run_checks(rollup.document) if f.code in ARITHMETIC] == []


def test_reports_that_cannot_be_summed_are_left_out_with_the_reason() -> None:
    seed = load_seed()  # blank totals in rows 一 to （七）
    filled = load_seed()
    fill_totals(filled)
    filled.agency = "嘉祥县甲局"
    other_year = load_seed()
    fill_totals(other_year)
    other_year.year = 2021
    other_year.agency = "嘉祥县乙局"
    old_format = ReportDocument.empty(2022, "嘉祥县丙局", FORMAT_2019)

    rollup = sum_documents([seed, filled, other_year, old_format], year=2022, agency="嘉祥县")

    assert rollup.agencies == ["嘉祥县甲局"]
    reasons = {e.agency: e.reason for e in rollup.excluded}
    assert list(reasons) == ["嘉祥县科学技术局", "嘉祥县乙局", "嘉祥县丙局"]
    assert "一、本年新收政府信息公开申请数量" in reasons["嘉祥县科学技术局"]
    assert "2021" in reasons["嘉祥县乙局"]
    assert FORMAT_2019.reference in reasons["嘉祥县丙局"]
    # The sum is the one report that could be summed.
    assert compare(rollup.document, filled) == []


def test_a_difference_names_its_cell_by_the_declaration() -> None:
    filled = load_seed()
    fill_totals(filled)
    county = load_seed()
    fill_totals(county)
    county.set("applications.received.natural_person", 99)
    county.set("reviews.reconsideration.total", "/")
    rollup = sum_documents([filled], year=2022, agency="嘉祥县")

    differences = compare(rollup.document, county)

    assert [d.ref for d in differences] == [
        "applications.received.natural_person",
        "reviews.reconsideration.total",
    ]
    first, second = differences
    table = FORMAT_2021.table("applications")
    assert first.row_title == table.row("received").label
    assert first.column_title == table.columns_of("received")[0].label
    assert table.title in first.table_title
    assert first.actual == 99 and first.delta == 99 - first.expected
    assert second.actual == "/" and second.delta is None
    assert first.actual_text == "99" and first.delta_text == f"+{99 - first.expected}"
    assert second.actual_text == "/" and second.delta_text == ""
