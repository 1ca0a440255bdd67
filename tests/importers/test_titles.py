"""Titles as offices write them: the agency before or after the year, 年/年度, and generic
titles whose agency is on the page's 来源 line; ``agency``/``year`` given by the user win."""

from __future__ import annotations

import pytest

from wagtail_govdisclosure.importers import read_report

from .builders import consistent_document, render_docx, render_html


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        (["2019年上海市人民政府办公厅政府信息公开工作年度报告"], "上海市人民政府办公厅", 2019),
        (
            ["2023年度平潭综合实验区管理委员会政府信息公开工作年度报告"],
            "平潭综合实验区管理委员会",
            2023,
        ),
        (
            ["2023年度平潭综合实验区管理委员会", "政府信息公开工作年度报告"],
            "平潭综合实验区管理委员会",
            2023,
        ),
        (["淮安市洪泽区人民政府2024年度政府信息公开工作年度报告"], "淮安市洪泽区人民政府", 2024),
    ],
)
def test_agency_before_or_after_the_year(title, agency, year):
    document = consistent_document(seed=2, agency=agency, year=year)

    result = read_report(render_docx(document, title=title), filename="report.docx")

    assert result.ok, result.problems
    assert (result.document.agency, result.document.year) == (agency, year)
    assert result.document.tables == document.tables


def test_a_title_without_agency_takes_the_publisher_line_with_a_warning():
    document = consistent_document(seed=2)
    title = [
        "2022年政府信息公开工作年度报告",
        "发布时间：2023-01-18　来源：嘉祥县科学技术局　【字体：大 中 小】",
    ]

    result = read_report(render_docx(document, title=title), filename="report.docx")

    assert result.ok, result.problems
    assert (result.document.agency, result.document.year) == ("嘉祥县科学技术局", 2022)
    (warning,) = [str(p) for p in result.problems if not p.is_error]
    assert "“嘉祥县科学技术局”" in warning


def test_a_generic_title_needs_the_year_given():
    document = consistent_document(seed=2)
    title = ["政府信息公开工作年报", "来源：嘉祥县科学技术局"]
    data = render_docx(document, title=title)

    refused = read_report(data, filename="report.docx")
    given = read_report(data, filename="report.docx", year=2022)

    assert refused.document is None
    assert refused.problems[0].where == "title"
    assert given.ok, given.problems
    assert (given.document.agency, given.document.year) == ("嘉祥县科学技术局", 2022)


def test_a_publisher_that_is_not_an_organ_is_not_taken():
    document = consistent_document(seed=2)
    title = ["2022年政府信息公开工作年度报告", "来源：本站　作者：张三"]

    result = read_report(render_docx(document, title=title), filename="report.docx")

    assert result.document is None


def test_agency_and_year_given_override_the_title():
    document = consistent_document(seed=2)

    result = read_report(
        render_html(document), filename="page.html", agency="嘉祥县科技局", year=2021
    )

    assert result.ok, result.problems
    assert (result.document.agency, result.document.year) == ("嘉祥县科技局", 2021)
