"""carry_over and in_force_continuity: checks against last year's report."""

from __future__ import annotations

import copy

import pytest
from django.utils import translation

from wagtail_govdisclosure.checks import fill_totals, run_checks

from .conftest import load_seed


def _years(filled_seed):
    """Last year's report (2021) and this year's (2022) of the same agency, both clean."""
    previous = copy.deepcopy(filled_seed)
    previous.year = 2021
    previous.sections = {}
    this = filled_seed
    return previous, this


def _with_carry_over(document, row: str, natural_person: int) -> None:
    """Set a carried-over count and keep the table balanced (through 予以公开)."""
    document.set(f"applications.{row}.natural_person", natural_person)
    if row == "carried_over_in":
        document.set("applications.disclosed.natural_person", natural_person)
    else:
        document.set("applications.received.natural_person", natural_person)
    fill_totals(document)


def test_carry_over_matches(filled_seed) -> None:
    previous, this = _years(filled_seed)
    _with_carry_over(previous, "carried_over_out", 3)
    _with_carry_over(this, "carried_over_in", 3)
    assert run_checks(previous) == []
    assert run_checks(this, previous=previous) == []


def test_carry_over_differs(filled_seed) -> None:
    previous, this = _years(filled_seed)
    _with_carry_over(previous, "carried_over_out", 3)
    _with_carry_over(this, "carried_over_in", 2)
    findings = run_checks(this, previous=previous)
    assert [(f.code, f.cells, f.expected, f.actual) for f in findings] == [
        ("carry_over", ("applications.carried_over_in.natural_person",), 3, 2),
        ("carry_over", ("applications.carried_over_in.total",), 3, 2),
    ]
    with translation.override("zh-hans"):
        message = run_checks(this, previous=previous)[0].message
    assert message == (
        "“二、上年结转政府信息公开申请数量”行“自然人”列为 2，但 2021 年度报告中"
        "“四、结转下年度继续办理”行“自然人”列为 3，两者应当相等。"
    )


@pytest.mark.parametrize(
    "change",
    [
        {"year": 2020},  # not the year before
        {"year": 2022},
        {"agency": "嘉祥县财政局"},  # another agency
    ],
)
def test_carry_over_needs_last_year_of_the_same_agency(filled_seed, change) -> None:
    previous, this = _years(filled_seed)
    _with_carry_over(previous, "carried_over_out", 3)
    for key, value in change.items():
        setattr(previous, key, value)
    assert run_checks(this, previous=previous) == []


def test_carry_over_skips_blank_cells(filled_seed) -> None:
    previous, this = _years(filled_seed)
    previous.set("applications.carried_over_out.total", None)
    _with_carry_over(this, "carried_over_in", 2)
    # Only the 自然人 column is compared; last year's blank total is not.
    assert [f.cells for f in run_checks(this, previous=previous)] == [
        ("applications.carried_over_in.natural_person",)
    ]


def test_in_force_continuity(filled_seed) -> None:
    previous, this = _years(filled_seed)
    previous.set("proactive.normative_documents.in_force", 12)
    this.set("proactive.normative_documents.issued", 3)
    this.set("proactive.normative_documents.repealed", 1)
    this.set("proactive.normative_documents.in_force", 14)
    assert run_checks(this, previous=previous) == []

    this.set("proactive.normative_documents.in_force", 11)
    findings = run_checks(this, previous=previous)
    assert [(f.code, f.severity.value, f.cells, f.expected, f.actual) for f in findings] == [
        (
            "in_force_continuity",
            "warning",
            (
                "proactive.normative_documents.in_force",
                "proactive.normative_documents.issued",
                "proactive.normative_documents.repealed",
            ),
            14,
            11,
        )
    ]
    with translation.override("zh-hans"):
        message = run_checks(this, previous=previous)[0].message
    assert message == (
        "“行政规范性文件”行“现行有效件数”列为 11，但按上年“现行有效件数” 12 件，"
        "加本年“本年制发件数” 3 件、减本年“本年废止件数” 1 件计算，应为 14。"
        "如有文件因有效期届满等原因自动失效，请在报告中说明。"
    )


def test_history_checks_do_not_run_without_previous(filled_seed) -> None:
    filled_seed.set("applications.carried_over_in.natural_person", 2)
    filled_seed.set("applications.disclosed.natural_person", 2)
    filled_seed.set("proactive.normative_documents.in_force", 40)
    fill_totals(filled_seed)
    assert run_checks(filled_seed) == []


def test_previous_report_in_the_2019_format(filled_seed) -> None:
    # A 2020 report in the trial format still has 四、结转下年度继续办理; it has no 现行有效件数.
    from wagtail_govdisclosure.formats import FORMAT_2019
    from wagtail_govdisclosure.interchange import ReportDocument

    previous = ReportDocument.empty(2020, "嘉祥县科学技术局", FORMAT_2019)
    for cell in FORMAT_2019.cells:
        previous.set(cell.ref, 0)
    previous.set("applications.carried_over_out.natural_person", 1)
    previous.set("applications.carried_over_out.total", 1)
    this = load_seed()
    this.year = 2021
    this.sections = {}
    fill_totals(this)
    findings = run_checks(this, previous=previous)
    assert [(f.code, f.cells[0]) for f in findings] == [
        ("carry_over", "applications.carried_over_in.natural_person"),
        ("carry_over", "applications.carried_over_in.total"),
    ]
