"""Labels as real reports write them: read as the form's row, with a warning naming the
variant and its line, and no false error (the issue's real 2023/2021 reports)."""

from __future__ import annotations

import pytest

from wagtail_govdisclosure.checks import has_errors, run_checks
from wagtail_govdisclosure.formats import FORMAT_2021
from wagtail_govdisclosure.importers import read_report
from wagtail_govdisclosure.importers.grid import SourceCell, build_document

from .builders import consistent_document, grid_of, line_of, render_html, source_document

APPLICATIONS = FORMAT_2021.table("applications")
GROUP = "（六）其他处理"
CHILDREN = [r for r in APPLICATIONS.rows if r.key.startswith("other_")]


def _warnings(result) -> list[str]:
    return [str(p) for p in result.problems if not p.is_error]


def _read_without_false_error(result, document) -> None:
    assert [p for p in result.problems if p.is_error] == []
    assert result.ok
    assert result.document.tables == document.tables
    assert not has_errors(run_checks(result.document))


@pytest.mark.parametrize("writer", ["docx-like grid", "web page"])
def test_normative_documents_abbreviated(writer):
    document = consistent_document(seed=11)
    if writer == "web page":
        page = render_html(document).replace(
            "<span>行政规范性文件</span>".encode(), "<span>规范性文件</span>".encode()
        )
        result = read_report(page, filename="2023.html")
    else:
        source = source_document(document)
        grid = grid_of(source, "proactive")
        row = grid.rows[line_of(grid, "行政规范性文件")]
        row[:] = [SourceCell("规范性文件") if c.text == "行政规范性文件" else c for c in row]
        result = build_document(source, "docx")

    _read_without_false_error(result, document)
    warnings = _warnings(result)
    assert len(warnings) == 1
    assert "“规范性文件”" in warnings[0] and "“行政规范性文件”" in warnings[0]
    assert warnings[0].startswith("table 二 “主动公开政府信息情况”, line ")


def test_one_character_typo_in_a_row_label():
    document = consistent_document(seed=12)
    page = render_html(document).replace(
        "2.其他法律行政法规禁止公开".encode(), "2.其他法律行政止公开".encode()
    )

    result = read_report(page, filename="report.html")

    _read_without_false_error(result, document)
    (warning,) = _warnings(result)
    assert "“2.其他法律行政止公开”" in warning and "“2.其他法律行政法规禁止公开”" in warning
    assert "table 三" in warning


def test_a_typo_between_two_labels_is_not_guessed():
    """「3.其它」 is one edit from 「3.其他」 but a bare 「其它」 matches no numbered label."""
    document = consistent_document(seed=12)
    page = render_html(document).replace(
        "<span>2.重复申请</span>".encode(), "<span>2.重复的申请书</span>".encode()
    )

    result = read_report(page, filename="report.html")

    assert not result.ok
    assert any("2.重复的申请书" in str(p) and p.is_error for p in result.problems)


def _single_line_document():
    """A 2021 report whose （六） holds its figures on one line, the two others being zero."""
    document = consistent_document(seed=13)
    columns = [c.key for c in APPLICATIONS.columns_of("other_handling")]
    for column in columns:
        total = sum(int(document.get(f"applications.{r.key}.{column}")) for r in CHILDREN)
        for row in CHILDREN:
            document.set(f"applications.{row.key}.{column}", 0)
        document.set(f"applications.other_handling.{column}", total)
    return document


def test_2019_style_single_other_handling_line_in_a_2021_report():
    document = _single_line_document()
    source = source_document(document)
    grid = grid_of(source, "applications")
    first = line_of(grid, CHILDREN[0].label)
    last = line_of(grid, CHILDREN[-1].label)
    line = grid.rows[last]
    # The group's cell and the row labels beside it become one label cell: 「（六）其他处理」.
    labels = [i for i, c in enumerate(line) if c.text in (GROUP, CHILDREN[-1].label)]
    line[labels[0]] = SourceCell(GROUP)
    for i in labels[1:]:
        line[i] = SourceCell(GROUP, (first, labels[0]))
    del grid.rows[first:last]
    for r, row in enumerate(grid.rows):
        grid.rows[r] = [
            SourceCell(c.text, (first, c.origin[1])) if c.origin and c.text == GROUP else c
            for c in row
        ]

    result = build_document(source, "docx")

    _read_without_false_error(result, document)
    (warning,) = _warnings(result)
    assert "“（六）其他处理”" in warning and "2019" in warning
    assert f"“{CHILDREN[-1].label}”" in warning


def test_variant_labels_are_declared_next_to_the_label():
    row = FORMAT_2021.table("proactive").bands[0].leaf_rows[1]
    assert (row.label, row.variants) == ("行政规范性文件", ("规范性文件",))


@pytest.mark.parametrize(
    ("written", "read", "how"),
    [
        ("5949.088667", "5949.0887", "rounded to 4 decimal places"),
        ("251000元", "25.1", "written in 元, converted to 万元"),
        ("12.5万元", "12.5", "the unit 万元 is left off"),
        ("1,234,567.123456元", "123.4567", "written in 元, converted to 万元, rounded"),
    ],
)
def test_amounts_with_extra_decimals_or_a_unit_read_with_a_warning(written, read, how):
    document = consistent_document(seed=11)
    source = source_document(document)
    grid = grid_of(source, "proactive")
    row = grid.rows[line_of(grid, "行政事业性收费")]
    value = str(document.get("proactive.fees.amount"))
    row[:] = [SourceCell(written) if c.text == value and not c.is_copy else c for c in row]
    document.set("proactive.fees.amount", read)

    result = build_document(source, "docx")

    _read_without_false_error(result, document)
    (warning,) = _warnings(result)
    assert f"“{written}”" in warning and f"read as {read} ({how}" in warning
