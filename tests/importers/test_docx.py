"""Word files: merged cells as Word writes them, document order, damaged files."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from wagtail_govdisclosure.formats import FORMAT_2019, FORMAT_2021
from wagtail_govdisclosure.importers import read_report

from . import builders


def _reopen(data: bytes):
    return docx.Document(io.BytesIO(data))


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("report_format", [FORMAT_2021, FORMAT_2019], ids=lambda f: f.key)
@pytest.mark.parametrize("write", [builders.plain, builders.messy], ids=["plain", "messy"])
def test_merged_cell_tables_read_back(report_format, write) -> None:
    document = builders.consistent_document(report_format, seed=21)
    data = builders.render_docx(document, write=write)

    result = read_report(data, filename="年度报告.docx")

    assert result.ok, result.problems
    assert result.source == "docx"
    read = result.document
    assert (read.format, read.agency, read.year) == (report_format, document.agency, document.year)
    assert read.to_json()["tables"] == document.to_json()["tables"]
    assert read.sections == document.sections


def test_the_built_file_really_has_merged_cells() -> None:
    """The test files carry Word's merges (gridSpan and vMerge) like the official form."""
    data = builders.render_docx(builders.consistent_document(seed=22))
    body = _reopen(data).element.body
    assert len(body.findall(".//" + qn("w:gridSpan"))) > 10
    assert len(body.findall(".//" + qn("w:vMerge"))) > 10


def test_rows_with_grid_before_and_wrapped_content() -> None:
    """A row that skips its first grid column, runs in hyperlinks, a table in a content control."""
    document = builders.consistent_document(seed=23)
    word = _reopen(builders.render_docx(document))
    applications = word.tables[1]
    label = FORMAT_2021.table("applications").row("partially_disclosed").label
    row = next(r for r in applications.rows if label in r._tr.xml)
    first = row._tr.tc_lst[0]
    assert first.vMerge == "continue"
    row._tr.remove(first)
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:gridBefore {nsdecls("w")} w:val="1"/>'))

    reviews = word.tables[2]._tbl
    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    reviews.addprevious(sdt)
    sdt.find(qn("w:sdtContent")).append(reviews)

    title = word.paragraphs[0]._p
    runs = title.findall(qn("w:r"))
    link = parse_xml(f"<w:hyperlink {nsdecls('w')}/>")
    runs[0].addprevious(link)
    link.append(runs[0])

    result = read_report(_save(word), filename="report.docx")

    assert result.ok, result.problems
    assert result.document.agency == document.agency
    assert result.document.to_json()["tables"] == document.to_json()["tables"]


def test_report_inside_a_layout_table() -> None:
    document = builders.consistent_document(seed=26)
    data = builders.render_docx(document, in_layout_table=True)
    body = _reopen(data).element.body
    assert len(body.findall(qn("w:tbl"))) == 1  # one table at the top, the report's inside it
    result = read_report(data, filename="report.docx")
    assert result.ok, result.problems
    assert result.document.to_json()["tables"] == document.to_json()["tables"]
    assert result.document.sections == document.sections


def test_a_table_missing_from_the_file_is_reported() -> None:
    document = builders.consistent_document(seed=24)
    data = builders.render_docx(document, skip_tables=["applications"])
    result = read_report(data, filename="report.docx")
    assert not result.ok
    table = FORMAT_2021.table("applications")
    assert [p.where for p in result.problems] == [f"table {table.number} “{table.title}”"]


def test_truncated_file() -> None:
    data = builders.render_docx(builders.consistent_document(seed=25))
    result = read_report(data[: len(data) // 2], filename="report.docx")
    assert result.document is None
    [problem] = result.problems
    assert problem.message.startswith("The .docx file is damaged or incomplete")


def test_zip_that_is_not_a_word_file() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a document")
    result = read_report(buffer.getvalue(), filename="report.docx")
    assert result.document is None
    assert result.problems[0].message.startswith("The .docx file is damaged or incomplete")


def test_old_word_and_pdf_files_are_named() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    result = read_report(ole, filename="report.doc")
    assert result.document is None and ".doc" in result.problems[0].message
    result = read_report(b"%PDF-1.7\n...", filename="report.pdf")
    assert result.document is None and "PDF" in result.problems[0].message


def test_a_missing_file(tmp_path) -> None:
    result = read_report(tmp_path / "absent.docx")
    assert result.document is None
    assert result.problems[0].message == "The file does not exist."
