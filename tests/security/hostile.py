"""Hostile report files, built small: each would take gigabytes if read naively."""

from __future__ import annotations

import io
import re
import zipfile

from docx import Document


def _docx(edit) -> bytes:
    """A real .docx (one 2×2 table) whose ``word/document.xml`` went through ``edit``."""
    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "项目"
    plain = io.BytesIO()
    document.save(plain)
    source = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "word/document.xml":
                body = edit(body.decode("utf-8")).encode("utf-8")
            package.writestr(item, body)
    return out.getvalue()


def docx_grid_span(span: int = 30_000_000) -> bytes:
    """A cell merged across ``span`` grid columns (Word's ``w:gridSpan``)."""
    return _docx(lambda xml: xml.replace("<w:tcPr>", f'<w:tcPr><w:gridSpan w:val="{span}"/>', 1))


def docx_grid_before(skipped: int = 30_000_000) -> bytes:
    """A row starting after ``skipped`` empty grid columns (Word's ``w:gridBefore``)."""
    properties = f'<w:trPr><w:gridBefore w:val="{skipped}"/></w:trPr>'
    return _docx(lambda xml: re.sub(r"(<w:tr\b[^>]*>)", rf"\1{properties}", xml, count=1))


def docx_zip_bomb(megabytes: int = 200) -> bytes:
    """A .docx with an extra part of ``megabytes`` MB of zeros (it compresses ~1000:1)."""
    plain = _docx(lambda xml: xml)
    out = io.BytesIO(plain)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as package:
        with package.open("word/media/padding.bin", "w", force_zip64=True) as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                part.write(chunk)
    return out.getvalue()


def html_wide_cells(rows: int = 300, columns: int = 300, colspan: int = 1000) -> bytes:
    """A page of ``rows`` × ``columns`` cells, each spanning ``colspan`` columns."""
    row = "<tr>" + f'<td colspan="{colspan}">1</td>' * columns + "</tr>"
    return f"<html><body><table>{row * rows}</table></body></html>".encode()


def nested_json(levels: int = 200_000) -> bytes:
    return b'{"a": ' + b"[" * levels + b"]" * levels + b"}"


def big_int_json(digits: int = 5_000) -> bytes:
    return b'{"schema": "gb2021", "year": ' + b"9" * digits + b"}"
