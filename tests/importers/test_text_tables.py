"""Text with tables written a row to a line: pipe tables, and tables copied from a web page
(cells separated by tabs, a merged cell once), read cell-exact like the Word export."""

from __future__ import annotations

from wagtail_govdisclosure.importers import read_report

from .builders import (
    PREAMBLE,
    _cell_text,
    _grids,
    _positions,
    _section_paragraphs,
    consistent_document,
    plain,
    title_lines,
)


def _text(document, row_lines) -> str:
    lines = [*title_lines(document), PREAMBLE]
    grids = _grids(document)
    for section in document.format.sections:
        lines.append(section.title)
        lines += _section_paragraphs(document, section.key)
        if section.table:
            lines += row_lines(grids[section.table], document)
            lines.append("")
    return "\n".join(lines) + "\n"


def _pipe(grid, document) -> list[str]:
    """Every position written, a merged cell's text in its first, a rule under the first row."""
    lines = []
    for top, positions in enumerate(_positions(grid)):
        cells = [
            _cell_text(cell, document, plain) if (cell.top, cell.left) == (top, left) else ""
            for left, cell in enumerate(positions)
        ]
        lines.append("| " + " | ".join(cells) + " |")
        if top == 0:
            lines.append("|" + "---|" * len(cells))
    return lines


def _copied(grid, document) -> list[str]:
    """As a browser copies a table: a line per row, tab-separated, a merged cell once."""
    lines = []
    for top, positions in enumerate(_positions(grid)):
        cells = [
            _cell_text(cell, document, plain)
            for left, cell in enumerate(positions)
            if (cell.top, cell.left) == (top, left)
        ]
        lines.append("\t".join(cells))
    return lines


def test_pipe_tables():
    document = consistent_document(seed=21)

    result = read_report(_text(document, _pipe).encode("utf-8"), filename="report.md")

    assert result.ok, result.problems
    assert result.document.tables == document.tables


def test_tables_copied_from_a_web_page():
    document = consistent_document(seed=22)

    result = read_report(_text(document, _copied).encode("utf-8"), filename="copied.txt")

    assert result.ok, result.problems
    assert (result.document.agency, result.document.year) == (document.agency, document.year)
    assert result.document.tables == document.tables
