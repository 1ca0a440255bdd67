"""The report's PDF read back: title, every label and number in its place, page numbering,
typography, fonts and size."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from pypdf import PdfReader

from wagtail_govdisclosure.formats import CURRENT, FORMATS, Layout
from wagtail_govdisclosure.pdf import render_report_pdf, report_html

from .conftest import distinct_document, page_texts, seed_document, squeeze

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def table_texts(pdf: bytes) -> list[str]:
    """Per page, the text inside the page's tables, in drawing order, whitespace removed.

    Drawing order keeps a cell's text together even when it wraps, or stands one
    character a line (三、本年度办理结果).
    """
    texts = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            text = ""
            for table in page.find_tables():
                text += "".join(char["text"] for char in page.crop(table.bbox).chars)
            texts.append(squeeze(text))
    return texts


def table_rows(pdf: bytes) -> list[list[str]]:
    """Every printed line of every table on every page, cells whitespace-free ('' if empty)."""
    rows = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for table in page.extract_tables():
                rows += [[squeeze(cell or "") for cell in row] for row in table]
    return rows


def numbers_and_label(row: list[str]) -> tuple[list[str], str]:
    """The numbers of a printed line, and the last label before them."""
    numbers = [cell for cell in row if _NUMBER.fullmatch(cell)]
    label = ""
    for cell in row:
        if _NUMBER.fullmatch(cell):
            break
        if cell:
            label = cell
    return numbers, label


def test_title_sections_and_metadata(seed_pdf):
    document = seed_document()
    text = squeeze("".join(page_texts(seed_pdf)))
    assert text.startswith(squeeze(document.title))
    for section in document.format.sections:
        assert squeeze(section.title) in text
    assert "发布机构：嘉祥县科学技术局" in text
    assert "报告年度：2022年" in text
    assert "发布日期：2023年1月20日" in text
    # The narrative is printed, the signature closes the report.
    assert squeeze("紧紧围绕全县科技创新重点工作") in text
    pages = len(page_texts(seed_pdf))
    assert text.endswith(f"嘉祥县科学技术局2023年1月20日第{pages}页共{pages}页")
    metadata = PdfReader(io.BytesIO(seed_pdf)).metadata
    assert metadata.title == document.title
    assert metadata.author == "嘉祥县科学技术局"


def test_every_label_of_every_table_is_printed_in_a_table(seed_pdf):
    inside_tables = "".join(table_texts(seed_pdf))
    for table in CURRENT.tables:
        labels = list(table.labels())
        assert labels
        for label in labels:
            assert squeeze(label) in inside_tables, f"{table.key}: {label}"


@pytest.mark.parametrize("report_format", FORMATS.values(), ids=lambda f: f.key)
def test_every_number_is_printed_in_its_row_and_column(report_format):
    document, printed = distinct_document(report_format)
    pdf = render_report_pdf(document)
    rows = [numbers_and_label(row) for row in table_rows(pdf)]

    for table in report_format.tables:
        if table.layout is Layout.ACROSS:
            # All rows side by side on one printed line, in declaration order.
            expected = [printed[cell.ref] for cell in table.cells]
            assert any(numbers == expected for numbers, _ in rows), table.key
            continue
        for band in table.bands:
            for row in band.leaf_rows:
                expected = [printed[table.cell(row.key, c.key).ref] for c in band.leaf_columns]
                # The whole line on one page: the label and all its numbers.
                matches = [label for numbers, label in rows if numbers == expected]
                assert matches == [squeeze(row.label)], f"{table.key}.{row.key}: {matches}"

    words = []
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        for page in opened.pages:
            words += [word["text"] for word in page.extract_words()]
    for ref, value in printed.items():
        assert words.count(value) == 1, f"{ref} = {value} printed {words.count(value)} times"


def test_page_numbering_on_every_page(seed_pdf):
    texts = page_texts(seed_pdf)
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"第{number}页共{len(texts)}页" in squeeze(text)


def test_fonts_are_embedded_noto_cjk_subsets(seed_pdf):
    faces = set()
    for page in PdfReader(io.BytesIO(seed_pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            name = str(font["/BaseFont"])
            match = re.fullmatch(r"/[A-Z]{6}\+(Noto-(?:Serif|Sans)-CJK-SC(?:-Bold)?)", name)
            assert match, f"unexpected font {name}"
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert any(key in descriptor for key in ("/FontFile2", "/FontFile3")), name
            faces.add(match.group(1))
    # Serif for the body and tables, its bold for the title, the sans for headings.
    assert faces == {"Noto-Serif-CJK-SC", "Noto-Serif-CJK-SC-Bold", "Noto-Sans-CJK-SC"}


def test_typography_title_headings_body(seed_pdf):
    document = seed_document()
    with pdfplumber.open(io.BytesIO(seed_pdf)) as opened:
        chars = [char for page in opened.pages for char in page.chars]
    text = "".join(char["text"] for char in chars)
    assert "(cid:" not in text and "\ufffd" not in text

    def fonts_of(snippet: str) -> set[str]:
        start = text.index(snippet)
        used = chars[start : start + len(snippet)]
        return {re.sub(r"^[A-Z]{6}\+", "", char["fontname"]) for char in used}

    assert fonts_of(document.title[:8]) == {"Noto-Serif-CJK-SC-Bold"}
    assert fonts_of(document.format.sections[0].title) == {"Noto-Sans-CJK-SC"}
    assert fonts_of("紧紧围绕全县科技创新重点工作") == {"Noto-Serif-CJK-SC"}
    assert fonts_of("本年新收政府信息公开申请数量") == {"Noto-Serif-CJK-SC"}


def test_a_report_pdf_is_small(seed_pdf):
    # Fonts are subset: the full Noto CJK faces are tens of MB.
    assert len(seed_pdf) < 500_000


def test_table_header_repeats_on_every_page_the_table_runs_onto(seed_pdf):
    applications = CURRENT.table("applications")
    row_labels = [squeeze(row.label) for row in applications.rows]
    header = [squeeze(applications.note), squeeze(applications.bands[0].columns[0].label)]
    pages = [text for text in table_texts(seed_pdf) if any(label in text for label in row_labels)]
    # The seed's applications table is kept on one page (tests/pdf/test_pdf_layout.py); any
    # page it runs onto carries its header.
    assert pages
    for text in pages:
        for label in header:
            assert text.count(label) == 1


def test_no_heading_is_left_alone_at_the_bottom_of_a_page(seed_pdf):
    titles = {squeeze(section.title) for section in CURRENT.sections}
    for text in page_texts(seed_pdf):
        lines = [squeeze(line) for line in text.splitlines() if line.strip()]
        body = [line for line in lines if not re.fullmatch(r"第\d+页共\d+页", line)]
        assert body[-1] not in titles


def test_blank_cells_of_a_draft_print_empty():
    document = seed_document()
    document.set("applications.received.total", None)
    rows = table_rows(render_report_pdf(document))
    label = squeeze(CURRENT.table("applications").row("received").label)
    received = next(row for row in rows if label in row)
    # Six zeros and an empty total; the screen reader's 「空」 is not printed.
    assert received[-7:] == ["0"] * 6 + [""]
    assert "空" not in "".join(received)


def test_the_narrative_is_cleaned_before_printing():
    document = seed_document()
    document.sections["overview"] = (
        '<p onclick="steal()" style="color:red">正文<b>加粗</b><script>alert("脚本")</script></p>'
        '<iframe src="https://example.com/"></iframe><h2>小标题</h2>'
        "<p>&lt;script&gt;照原样显示&lt;/script&gt;</p><!-- 注释 -->"
        '<p><a href="javascript:alert(1)">链接</a></p>'
    )
    html = report_html(document)
    for forbidden in ("<script", "onclick", "<iframe", "javascript:", "注释", "color:red"):
        assert forbidden not in html
    assert "<h3>小标题</h3>" in html
    text = squeeze("".join(page_texts(render_report_pdf(document))))
    assert "正文加粗" in text
    assert "<script>照原样显示</script>" in text
    assert "脚本" not in text
