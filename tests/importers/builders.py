"""Build published-looking reports (.docx, web pages, text exports) from known numbers.

Every label, span and position comes from the format declaration through
:func:`wagtail_govdisclosure.formats.layout.table_grid` (the printed grid of a
table, as in the official form), so a test never types a label and a report
built here is laid out as the national form prints it. The numbers are made
consistent with the declared rules (totals filled by the checks' own
``fill_totals``, the applications balance solved per column), so a test can
break exactly the rule it means to.
"""

from __future__ import annotations

import html
import io
import random
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path

import docx
from docx.shared import Pt
from docx.table import _Cell

from wagtail_govdisclosure.checks import fill_totals
from wagtail_govdisclosure.formats import FORMAT_2021, CellKind, Column, ReportFormat, Section
from wagtail_govdisclosure.formats.layout import CellRole, GridCell, TableGrid, table_grid
from wagtail_govdisclosure.interchange import RawCell, ReportDocument

AGENCY = "嘉祥县科学技术局"
YEAR = 2022

_REPO = Path(__file__).resolve().parents[2]
_SEED_NAME = "jiaxiang-kejiju-2022-annual-report.txt"
#: The seed report's text export: a copy in tests/fixtures/, else the shared fixtures beside the
#: repository (tests that need it are skipped when neither exists).
SEED_TEXT = next(
    (
        path
        for path in (
            _REPO / "tests" / "fixtures" / _SEED_NAME,
            _REPO.parent / "shared" / "fixtures" / _SEED_NAME,
        )
        if path.exists()
    ),
    _REPO / "tests" / "fixtures" / _SEED_NAME,
)

# --- numbers ---------------------------------------------------------------------


def consistent_document(
    report_format: ReportFormat = FORMAT_2021,
    *,
    seed: int = 1,
    agency: str = AGENCY,
    year: int = YEAR,
    regulations: bool = False,
    follows: ReportDocument | None = None,
) -> ReportDocument:
    """A report whose every declared rule holds, with varied (seeded) numbers.

    ``regulations`` leaves non-zero counts in the 规章 row (which a county organ
    may not have: ``regulations_not_competent``); by default it is all zeros.
    ``follows`` is last year's report: the applications carried over and the
    documents in force then continue from it (``carry_over``, ``in_force_continuity``).
    """
    rng = random.Random(seed)
    document = ReportDocument.empty(year, agency, report_format)
    balance_left = {
        (table.key, balance.left[0]) for table in report_format.tables for balance in table.balances
    }
    for cell in report_format.cells:
        if cell.is_total or (cell.table.key, cell.row.key) in balance_left:
            continue
        document.set(cell.ref, _random_value(rng, cell.column))
    if not regulations:
        for ref in _refs(report_format, "proactive", "regulations"):
            document.set(ref, 0)
    if follows is not None:
        _continue_from(document, follows)
    fill_totals(document)
    # Solve 一 = 三（七）+ 四 − 二 in each part column, then total again.
    for table in report_format.tables:
        for balance in table.balances:
            for column in table.columns_of(balance.left[0]):
                if column.is_total:
                    continue

                def value(row: str, column: Column = column, table_key: str = table.key) -> int:
                    return int(document.get(f"{table_key}.{row}.{column.key}") or 0)

                needed = sum(value(r) for r in balance.right) - sum(
                    value(r) for r in balance.left[1:]
                )
                if needed < 0:  # carry more over to next year rather than touch the rest
                    last = f"{table.key}.{balance.right[-1]}.{column.key}"
                    document.set(last, value(balance.right[-1]) - needed)
                    needed = 0
                document.set(f"{table.key}.{balance.left[0]}.{column.key}", needed)
    fill_totals(document)
    document.sections = {
        section.key: "" if section.table else f"<p>{html.escape(_narrative(section))}</p>"
        for section in report_format.sections
    }
    return document


def _continue_from(document: ReportDocument, previous: ReportDocument) -> None:
    for column in document.format.table("applications").columns_of("carried_over_in"):
        if not column.is_total:
            carried = previous.get(f"applications.carried_over_out.{column.key}")
            document.set(f"applications.carried_over_in.{column.key}", carried)
    for row in ("regulations", "normative_documents"):
        before = int(previous.get(f"proactive.{row}.in_force"))
        issued = int(document.get(f"proactive.{row}.issued"))
        repealed = min(int(document.get(f"proactive.{row}.repealed")), before + issued)
        document.set(f"proactive.{row}.repealed", repealed)
        document.set(f"proactive.{row}.in_force", before + issued - repealed)


def _random_value(rng: random.Random, column: Column) -> RawCell:
    if column.kind is CellKind.AMOUNT:
        return format(Decimal(rng.randint(0, 99999)) / 100, "f")
    if column.kind is CellKind.SIGNED_COUNT:
        return rng.randint(-3, 6)
    # Mostly small counts, sometimes four digits (thousands separators).
    return rng.choice([0, 0, 1, 2, 3, 5, 8, 13, rng.randint(1000, 2500)])


def _refs(report_format: ReportFormat, table: str, row: str) -> list[str]:
    declared = report_format.table(table)
    return [f"{table}.{row}.{column.key}" for column in declared.columns_of(row)]


def _narrative(section: Section) -> str:
    return f"本部分说明{section.title[2:]}，内容与表格一致。"


# --- how a number is written ----------------------------------------------------------

_FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def plain(value: RawCell, column: Column) -> str:
    return "" if value is None else str(value)


def messy(value: RawCell, column: Column) -> str:
    """Numbers as people type them: full-width digits, spaces, thousands separators."""
    if value is None:
        return "\u00a0"
    text = str(value)
    if isinstance(value, int) and value >= 1000:
        return f"{value:,}"
    if isinstance(value, int) and value % 3 == 1:
        return text.translate(_FULL_WIDTH)
    if isinstance(value, int) and value % 3 == 2:
        return f"\u00a0{text} "
    return text


Writer = Callable[[RawCell, Column], str]


def _cell_text(cell: GridCell, document: ReportDocument, write: Writer) -> str:
    if cell.kind is CellRole.DATA:
        assert cell.cell is not None
        return write(document.get(cell.ref), cell.cell.column)
    return cell.text


def _grids(document: ReportDocument) -> dict[str, TableGrid]:
    return {table.key: table_grid(table) for table in document.format.tables}


def title_lines(document: ReportDocument) -> list[str]:
    """The title broken over two lines, as the seed prints it."""
    title = document.format.title_for(document.agency, document.year)
    cut = title.index("工作")
    return [title[:cut], title[cut:]]


PREAMBLE = "本报告依据《中华人民共和国政府信息公开条例》编制。"


def headings(document: ReportDocument, overrides: dict[str, str] | None = None) -> dict[str, str]:
    overrides = overrides or {}
    return {s.key: overrides.get(s.key, s.title) for s in document.format.sections}


def _section_paragraphs(document: ReportDocument, key: str) -> list[str]:
    text = document.sections.get(key, "")
    return [
        html.unescape(p)
        for p in text.removeprefix("<p>").removesuffix("</p>").split("</p><p>")
        if p
    ]


# --- .docx --------------------------------------------------------------------------------


def render_docx(
    document: ReportDocument,
    *,
    write: Writer = plain,
    title: list[str] | None = None,
    section_titles: dict[str, str] | None = None,
    skip_tables: Iterable[str] = (),
    in_layout_table: bool = False,
) -> bytes:
    """A Word file laid out like the official form: merged header and label cells.

    ``in_layout_table`` puts the whole report in the cell of a one-cell table, as
    some offices lay out a page.
    """
    word = docx.Document()
    word.styles["Normal"].font.size = Pt(10)
    out = word.add_table(rows=1, cols=1).cell(0, 0) if in_layout_table else word
    for line in title or title_lines(document):
        out.add_paragraph(line)
    out.add_paragraph(PREAMBLE)
    grids = _grids(document)
    titles = headings(document, section_titles)
    for section in document.format.sections:
        out.add_paragraph(titles[section.key])
        for paragraph in _section_paragraphs(document, section.key):
            out.add_paragraph(paragraph)
        if section.table and section.table not in skip_tables:
            _docx_table(out, grids[section.table], document, write)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _docx_table(out, grid: TableGrid, document: ReportDocument, write: Writer) -> None:
    """The table with Word's own merge markup: gridSpan to the right, vMerge downwards."""
    table = out.add_table(rows=len(grid.rows), cols=grid.width)
    table.style = "Table Grid"
    for top, (tr, positions) in enumerate(zip(table._tbl.tr_lst, _positions(grid), strict=True)):
        for left, (tc, cell) in enumerate(zip(list(tr.tc_lst), positions, strict=True)):
            if cell.left != left:
                tr.remove(tc)  # covered by a cell to its left: Word writes no w:tc
                continue
            if cell.colspan > 1:
                tc.grid_span = cell.colspan
            if cell.rowspan > 1:
                tc.vMerge = "restart" if cell.top == top else "continue"
            if cell.top == top:
                _Cell(tc, table).text = _cell_text(cell, document, write)


# --- web pages ----------------------------------------------------------------------------


def render_html(
    document: ReportDocument,
    *,
    layout: str = "spans",
    write: Writer = plain,
    section_titles: dict[str, str] | None = None,
    skip_tables: Iterable[str] = (),
    tables_in_p: bool = False,
    encoding: str = "utf-8",
) -> bytes:
    """A government site's article page holding the report.

    ``layout="spans"`` writes merged cells with rowspan/colspan; ``"flat"``
    writes every position of the grid as its own cell, a merged cell's text in
    its first position and ``&nbsp;`` in the others.
    """
    title = document.format.title_for(document.agency, document.year)
    grids = _grids(document)
    titles = headings(document, section_titles)
    parts = [f"<p>{html.escape(PREAMBLE)}</p>"]
    for section in document.format.sections:
        parts.append(f"<p><strong>{html.escape(titles[section.key])}</strong></p>")
        parts += [f"<p>{html.escape(p)}</p>" for p in _section_paragraphs(document, section.key)]
        if section.table and section.table not in skip_tables:
            table = _html_table(grids[section.table], document, write, layout)
            parts.append(f"<p>{table}</p>" if tables_in_p else table)
    charset = "gb2312" if encoding == "gb18030" else encoding
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{html.escape(title)}_{html.escape(document.agency[:3])}人民政府</title>
<meta name="ArticleTitle" content="{html.escape(title)}">
<meta name="PubDate" content="{document.year + 1}-01-18 09:30">
<script>var nav = "<table><tr><td>x</td></tr></table>";</script>
</head><body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li>
<li><a href="/zwgk">政务公开</a></li><li><a href="/hd">互动交流</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt;
<a href="/zwgk">政府信息公开</a> &gt; 年度报告</div>
<div class="article">
<h1 class="title">{html.escape(title)}</h1>
<div class="info">发布时间：{document.year + 1}-01-18 来源：{html.escape(document.agency)}
【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
<div class="content" id="zoom">
{"".join(parts)}
</div>
<div class="tools"><a href="javascript:print()">【打印本页】</a><a>【关闭窗口】</a></div>
</div>
<div class="footer"><p>主办单位：{html.escape(document.agency[:3])}人民政府办公室　版权所有</p>
<table><tr><td>网站标识码 3708290001</td><td>鲁ICP备00000000号</td></tr></table></div>
</body></html>"""
    return page.encode(encoding)


def _html_table(grid: TableGrid, document: ReportDocument, write: Writer, layout: str) -> str:
    lines = ['<table border="1" cellspacing="0" style="border-collapse:collapse">']
    if layout == "spans":
        for row in grid.rows:
            cells = []
            for cell in row.cells:
                attrs = ""
                if cell.rowspan > 1:
                    attrs += f' rowspan="{cell.rowspan}"'
                if cell.colspan > 1:
                    attrs += f' colspan="{cell.colspan}"'
                text = html.escape(_cell_text(cell, document, write))
                cells.append(f"<td{attrs}><p><span>{text}</span></p></td>")
            lines.append("<tr>" + "".join(cells) + "</tr>")
    else:
        for top, positions in enumerate(_positions(grid)):
            cells = []
            for left, cell in enumerate(positions):
                start = cell.top == top and cell.left == left
                text = html.escape(_cell_text(cell, document, write)) if start else "&nbsp;"
                cells.append(f"<td>{text}</td>")
            lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _positions(grid: TableGrid) -> list[list[GridCell]]:
    """The cell covering each position of the grid."""
    covering: dict[tuple[int, int], GridCell] = {}
    for cell in grid.cells():
        for dy in range(cell.rowspan):
            for dx in range(cell.colspan):
                covering[(cell.top + dy, cell.left + dx)] = cell
    return [[covering[(y, x)] for x in range(grid.width)] for y in range(len(grid.rows))]


# --- the plain-text export --------------------------------------------------------------------


def render_text(
    document: ReportDocument, *, write: Writer = plain, skip_tables: Iterable[str] = ()
) -> str:
    """The seed's text export: cells on tab lines, blank lines between rows.

    A merged cell is written once; the rows below it that it covers write an
    empty cell in its place; the positions it covers to the right write nothing.
    """
    lines = ["", *title_lines(document), "", PREAMBLE]
    grids = _grids(document)
    for section in document.format.sections:
        lines.append(section.title)
        lines += _section_paragraphs(document, section.key)
        if section.table and section.table not in skip_tables:
            grid = grids[section.table]
            for top, positions in enumerate(_positions(grid)):
                if top:
                    lines.append("")
                for left, cell in enumerate(positions):
                    if cell.left != left:
                        continue
                    text = _cell_text(cell, document, write) if cell.top == top else ""
                    lines.append("\t" + text)
            lines += ["", ""]
    return "\n".join(lines) + "\n"


# --- the parsers' intermediate, for tests of the core -------------------------------------


def source_table(
    grid: TableGrid, document: ReportDocument, *, resolved: bool = True, write: Writer = plain
):
    """A declared table as a parser hands it over.

    Resolved: every position, a merged cell's other positions marked as copies
    (what the .docx and HTML parsers produce). Unresolved: as the text export
    writes it (a merged cell once, an empty cell where it covers from above).
    """
    from wagtail_govdisclosure.importers.grid import SourceCell, SourceTable

    rows = []
    for top, positions in enumerate(_positions(grid)):
        row = []
        for left, cell in enumerate(positions):
            start = cell.top == top and cell.left == left
            text = _cell_text(cell, document, write)
            if resolved:
                row.append(SourceCell(text, None if start else (cell.top, cell.left)))
            elif cell.left == left:
                row.append(SourceCell(text if cell.top == top else ""))
        rows.append(row)
    return SourceTable(rows, spans_resolved=resolved)


def source_document(document: ReportDocument, *, resolved: bool = True, write: Writer = plain):
    """The whole report as the parsers' intermediate: paragraphs and grids in order."""
    from wagtail_govdisclosure.importers.grid import SourceDocument

    blocks: list = [*title_lines(document), PREAMBLE]
    grids = _grids(document)
    for section in document.format.sections:
        blocks.append(section.title)
        blocks += _section_paragraphs(document, section.key)
        if section.table:
            blocks.append(
                source_table(grids[section.table], document, resolved=resolved, write=write)
            )
    return SourceDocument(blocks)


def grid_of(source, table_key: str, report_format: ReportFormat = FORMAT_2021):
    """The grid of ``table_key`` among the blocks (by the declared order of tables)."""
    from wagtail_govdisclosure.importers.grid import SourceTable

    grids = [b for b in source.blocks if isinstance(b, SourceTable)]
    keys = [s.table for s in report_format.sections if s.table]
    return grids[keys.index(table_key)]


def line_of(grid, label: str) -> int:
    """The index of the first grid line showing ``label`` (a declared label)."""
    for number, row in enumerate(grid.rows):
        if any(cell.text == label and not cell.is_copy for cell in row):
            return number
    raise LookupError(label)
