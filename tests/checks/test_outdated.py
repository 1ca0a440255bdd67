"""outdated_format: a report laid out in the superseded 2019 trial format."""

from __future__ import annotations

from django.utils import translation

from wagtail_govdisclosure.checks import run_checks
from wagtail_govdisclosure.formats import FORMAT_2019
from wagtail_govdisclosure.interchange import ReportDocument


def _zeros(year: int) -> ReportDocument:
    document = ReportDocument.empty(year, "嘉祥县科学技术局", FORMAT_2019)
    for cell in FORMAT_2019.cells:
        document.set(cell.ref, 0)
    return document


def test_a_2022_report_in_the_2019_format_is_outdated() -> None:
    document = _zeros(2022)
    findings = run_checks(document)
    assert [(f.code, f.severity.value, f.cells, f.expected, f.actual) for f in findings] == [
        ("outdated_format", "error", (), "国办公开办函〔2021〕30号", "国办公开办函〔2019〕60号")
    ]
    with translation.override("zh-hans"):
        (finding,) = run_checks(document)
    assert finding.message == (
        "本报告的表格采用已停止使用的格式（国办公开办函〔2019〕60号，适用于 2019 至 2020 "
        "年度报告）；2022 年度报告应采用《中华人民共和国政府信息公开工作年度报告格式》"
        "（国办公开办函〔2021〕30号）。请在现行表格中重新填报。"
    )


def test_a_2020_report_in_the_2019_format_is_right() -> None:
    assert run_checks(_zeros(2020)) == []


def test_an_outdated_report_is_still_checked_by_its_own_rules() -> None:
    document = _zeros(2021)
    document.set("applications.received.natural_person", 1)  # row total and balance break
    document.set("proactive.central_procurement.purchase_amount", "12.5")
    codes = [f.code for f in run_checks(document)]
    # Document-level findings sort first.
    assert codes[0] == "outdated_format"
    assert set(codes) == {"outdated_format", "applications_row_total", "applications_balance"}
    # A cell the 2021 format does not have is judged like any other.
    document.set("proactive.regulations.made", "/")
    assert "blank_cell" in {f.code for f in run_checks(document)}
