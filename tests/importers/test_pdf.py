"""PDF reports read cell-exact: made here from the report web page (WeasyPrint) and from
Word files laid out as offices do (converted by LibreOffice, as Word's own 另存为 PDF does)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import weasyprint
from django.utils import translation
from docx.oxml import OxmlElement
from docx.shared import Cm
from PIL import Image

from wagtail_govdisclosure.importers import read_report

from .builders import AGENCY, YEAR, consistent_document, messy, render_docx, render_html


def html_pdf(page: bytes) -> bytes:
    """The web page printed to PDF (HTML's border attribute drawn, as a browser prints it)."""
    return weasyprint.HTML(string=page.decode("utf-8")).write_pdf(presentational_hints=True)


def docx_pdf(data: bytes, tmp_path: Path) -> bytes:
    """The Word file exported to PDF by LibreOffice (libreoffice-writer-nogui in the Makefile)."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is needed: make system-packages installs it"
    source = tmp_path / "report.docx"
    source.write_bytes(data)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (tmp_path / "report.pdf").read_bytes()


def page_count(pdf: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        return len(opened.pages)


def office_layout(data: bytes) -> bytes:
    """The .docx as offices lay it out: 表三 with tall rows over three pages, its two header
    rows repeated on each page (Word's 「标题行重复」), and a long label broken by a line break."""
    word = docx.Document(io.BytesIO(data))
    applications = next(
        t for t in word.tables if any("本年新收" in c.text for c in t.columns[0].cells)
    )
    for n, row in enumerate(applications.rows):
        row.height = Cm(1.6)
        if n < 2:
            properties = row._tr.get_or_add_trPr()
            properties.append(OxmlElement("w:tblHeader"))
        for cell in row.cells:
            if cell.text.startswith("（二）部分公开"):
                paragraph = cell.paragraphs[0]
                label = paragraph.text
                cut = label.index("（区分")
                paragraph.text = ""
                paragraph.add_run(label[:cut])
                paragraph.add_run().add_break()
                paragraph.add_run(label[cut:])
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def test_pdf_of_the_web_page_reads_cell_exact():
    document = consistent_document(seed=3)
    result = read_report(html_pdf(render_html(document, write=messy)), filename="报告.pdf")

    assert result.source == "pdf"
    assert result.problems == []
    assert result.document.agency == AGENCY
    assert result.document.year == YEAR
    assert result.document.tables == document.tables
    # The narrative reads too; the printed page's footer follows the last section.
    read_sections = dict(result.document.sections)
    assert read_sections.pop("other").startswith(document.sections["other"])
    assert read_sections == {k: v for k, v in document.sections.items() if k != "other"}


def test_pdf_of_a_flat_web_page_table_reads_cell_exact():
    """Every grid position its own cell; rows cut by the page break without a closing line."""
    document = consistent_document(seed=8)
    result = read_report(html_pdf(render_html(document, layout="flat")), filename="报告.pdf")

    assert result.ok, result.problems
    assert result.document.tables == document.tables


def test_pdf_exported_from_word_with_merged_cells_split_labels_and_table_three_over_three_pages(
    tmp_path,
):
    document = consistent_document(seed=5)
    pdf = docx_pdf(office_layout(render_docx(document)), tmp_path)

    assert page_count(pdf) >= 4  # 表三 alone fills three pages
    result = read_report(pdf, filename="report.pdf")

    assert result.problems == []
    assert (result.document.agency, result.document.year) == (AGENCY, YEAR)
    assert result.document.tables == document.tables


def test_table_three_over_three_pages_joins_without_repeated_header(tmp_path):
    """Without Word's repeated header rows, the pages' rows follow the first page's header."""
    document = consistent_document(seed=6)
    word = docx.Document(io.BytesIO(render_docx(document)))
    for table in word.tables:
        for row in table.rows:
            row.height = Cm(1.6)
    buffer = io.BytesIO()
    word.save(buffer)
    pdf = docx_pdf(buffer.getvalue(), tmp_path)

    result = read_report(pdf, filename="report.pdf")

    assert result.ok, result.problems
    assert result.document.tables == document.tables


def test_a_scanned_pdf_without_text_is_refused_with_its_reason(tmp_path):
    document = consistent_document(seed=3)
    (tmp_path / "page.pdf").write_bytes(html_pdf(render_html(document)))
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(tmp_path / "page.pdf"), str(tmp_path / "scan")],
        check=True,
    )
    pictures = [Image.open(p).convert("RGB") for p in sorted(tmp_path.glob("scan*.png"))]
    scan = io.BytesIO()
    pictures[0].save(scan, "PDF", save_all=True, append_images=pictures[1:])

    result = read_report(scan.getvalue(), filename="扫描件.pdf")

    assert result.document is None
    assert len(result.problems) == 1
    assert result.problems[0].message.startswith("The PDF file has no text layer")
    assert ".docx" in result.problems[0].message


def test_a_truncated_pdf_is_refused_not_crashed():
    pdf = html_pdf(render_html(consistent_document(seed=3)))

    result = read_report(pdf[: len(pdf) // 3], filename="report.pdf")

    assert result.document is None
    assert result.problems[0].message.startswith(("The PDF file is damaged", "No table"))


def test_pdf_message_is_translated():
    with translation.override("zh-hans"):
        result = read_report(b"%PDF-1.4\n%%EOF\n", filename="a.pdf")
    assert result.document is None
    assert "PDF" in result.problems[0].message
    assert "damaged" not in result.problems[0].message
