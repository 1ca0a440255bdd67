"""Web pages as government sites publish them."""

from __future__ import annotations

import datetime

import pytest

from wagtail_govdisclosure.formats import FORMAT_2019, FORMAT_2021
from wagtail_govdisclosure.importers import read_report

from . import builders


@pytest.mark.parametrize("report_format", [FORMAT_2021, FORMAT_2019], ids=lambda f: f.key)
@pytest.mark.parametrize("layout", ["spans", "flat"])
@pytest.mark.parametrize("write", [builders.plain, builders.messy], ids=["plain", "messy"])
def test_both_layouts_read_back(report_format, layout: str, write) -> None:
    document = builders.consistent_document(report_format, seed=31)
    page = builders.render_html(document, layout=layout, write=write)

    result = read_report(page, filename="t20230118_123.html")

    assert result.ok, result.problems
    read = result.document
    assert (read.format, read.agency, read.year) == (report_format, document.agency, document.year)
    assert read.to_json()["tables"] == document.to_json()["tables"]


def test_spans_layout_really_uses_spans_and_flat_does_not() -> None:
    document = builders.consistent_document(seed=32)
    assert b"rowspan=" in builders.render_html(document, layout="spans")
    assert b"colspan=" in builders.render_html(document, layout="spans")
    flat = builders.render_html(document, layout="flat")
    assert b"rowspan=" not in flat and b"colspan=" not in flat


def test_navigation_and_footer_stay_out_of_the_report() -> None:
    document = builders.consistent_document(seed=33)
    result = read_report(builders.render_html(document), filename="page.html")
    read = result.document
    assert read.sections == document.sections
    assert result.preamble == f"<p>{builders.PREAMBLE}</p>"
    assert read.published == datetime.date(document.year + 1, 1, 18)


def test_tables_inside_paragraphs_and_gbk_encoding() -> None:
    document = builders.consistent_document(seed=34)
    page = builders.render_html(document, layout="flat", tables_in_p=True, encoding="gb18030")
    assert b"charset=gb2312" in page
    result = read_report(page, filename="page.htm")
    assert result.ok, result.problems
    assert result.document.agency == document.agency
    assert result.document.to_json()["tables"] == document.to_json()["tables"]


def test_page_laid_out_in_tables() -> None:
    document = builders.consistent_document(seed=35)
    page = builders.render_html(document).decode()
    page = page.replace('<div class="article">', '<table width="100%"><tr><td class="article">')
    page = page.replace('<div class="footer">', '</td></tr></table><div class="footer">')
    result = read_report(page.encode(), filename="page.html")
    assert result.ok, result.problems
    assert result.document.to_json()["tables"] == document.to_json()["tables"]
    assert result.document.sections == document.sections


def test_title_from_the_page_head_when_the_body_has_none() -> None:
    document = builders.consistent_document(seed=36)
    page = builders.render_html(document).decode()
    title = document.format.title_for(document.agency, document.year)
    page = page.replace(f'<h1 class="title">{title}</h1>', "")
    page = page.replace(f'<meta name="ArticleTitle" content="{title}">', "")
    assert page.count(title) == 1  # only <title>…_嘉祥县人民政府</title> is left
    result = read_report(page.encode(), filename="page.html")
    assert result.ok, result.problems
    assert (result.document.agency, result.document.year) == (document.agency, document.year)


def test_hidden_and_script_content_is_ignored() -> None:
    document = builders.consistent_document(seed=37)
    page = builders.render_html(document).decode()
    page = page.replace(
        '<div class="content" id="zoom">',
        '<div class="content" id="zoom"><div style="display: none">隐藏的统计代码</div>'
        "<script>document.write('<p>脚本</p>')</script>",
    )
    result = read_report(page.encode(), filename="page.html")
    assert result.ok
    assert "隐藏" not in result.preamble and "脚本" not in result.preamble


def test_page_with_a_table_missing() -> None:
    document = builders.consistent_document(seed=38)
    page = builders.render_html(document, skip_tables=["reviews"])
    result = read_report(page, filename="page.html")
    assert not result.ok
    reviews = FORMAT_2021.table("reviews")
    assert [str(p) for p in result.problems] == [
        f"table {reviews.number} “{reviews.title}”: "
        "This table was not found in the file; its figures are missing."
    ]


def test_page_without_the_report_tables() -> None:
    document = builders.consistent_document(seed=39)
    page = builders.render_html(document, skip_tables=["proactive", "applications", "reviews"])
    result = read_report(page, filename="page.html")
    assert result.document is None
    assert result.problems[0].message.startswith("No table of the annual report was found")


def test_odd_spans_do_not_break_the_grid() -> None:
    document = builders.consistent_document(seed=40)
    page = builders.render_html(document).decode()
    # rowspan past the end of the table, colspan with junk, a zero span
    page = page.replace('rowspan="', 'rowspan="9', 1).replace('colspan="3"', 'colspan="3;"', 1)
    page = page.replace("</table>", '<tr><td colspan="0" rowspan="0"></td></tr></table>', 1)
    result = read_report(page.encode(), filename="page.html")
    assert result.document is not None


def test_empty_and_non_html_pages() -> None:
    result = read_report(b"<html></html>", filename="page.html")
    assert result.document is None
    result = read_report(b"   ", filename="page.html")
    assert result.document is None and result.problems[0].message == "The file is empty."
