"""The common core: locating tables, rows and columns by label, and reporting what it cannot read.

Grids are built from the declaration (``builders.source_document``) and then
damaged the way published reports are; labels are always taken from the
declaration, never typed here.
"""

from __future__ import annotations

import itertools

import pytest

from wagtail_govdisclosure.checks import run_checks
from wagtail_govdisclosure.formats import FORMAT_2019, FORMAT_2021
from wagtail_govdisclosure.importers.grid import (
    SourceCell,
    SourceDocument,
    SourceTable,
    build_document,
    cell_value,
    label_key,
)

from . import builders

APPLICATIONS = FORMAT_2021.table("applications")
PROACTIVE = FORMAT_2021.table("proactive")
REVIEWS = FORMAT_2021.table("reviews")


def _read(source: SourceDocument):
    return build_document(source, "test")


def _messages(result) -> str:
    return "\n".join(str(p) for p in result.problems)


@pytest.fixture
def document():
    return builders.consistent_document(seed=11)


@pytest.mark.parametrize("resolved", [True, False], ids=["resolved", "unresolved"])
def test_intermediate_reads_back(document, resolved: bool) -> None:
    result = _read(builders.source_document(document, resolved=resolved))
    assert result.ok, result.problems
    assert result.document.to_json()["tables"] == document.to_json()["tables"]


# --- labels -------------------------------------------------------------------------------


def test_label_key_variants() -> None:
    row = APPLICATIONS.row("withheld_security_stability")
    assert label_key(row.label.replace("“", '"').replace("”", '"')) == label_key(row.label)
    assert label_key(row.label.replace("“", "「").replace("”", "」")) == label_key(row.label)
    state_secret = APPLICATIONS.row("withheld_state_secret").label
    assert label_key(state_secret.replace(".", "、", 1)) == label_key(state_secret)
    assert label_key(state_secret.replace(".", "．", 1)) == label_key(state_secret)
    assert label_key("商业\n企业 ") == label_key("商业企业")
    # A number is not a label: 「1,234」 is not turned into 「1.234」.
    assert label_key("1,234") == "1,234"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("\u00a00", 0), ("0\u00a0", 0), ("１２", 12), ("1,234", 1234), (" 7 ", 7), ("", None),
     ("\u00a0", None), ("/", "/"), ("—", "—"), ("无", "无"), ("-3", "-3"), ("2.5", "2.5")],
)  # fmt: skip
def test_cell_values(text: str, expected) -> None:
    column = APPLICATIONS.columns_of("received")[0]
    assert cell_value(text, column) == expected


def test_amounts_stay_decimal_strings() -> None:
    amount = PROACTIVE.columns_of("fees")[0]
    assert cell_value("１２.５０", amount) == "12.5"
    assert cell_value("0", amount) == "0"


def test_quote_and_numbering_variants_of_row_labels_are_read(document) -> None:
    source = builders.source_document(document)
    grid = builders.grid_of(source, "applications")
    for key, old, new in [
        ("withheld_security_stability", "“", '"'),
        ("withheld_state_secret", ".", "、"),
    ]:
        label = APPLICATIONS.row(key).label
        line = builders.line_of(grid, label)
        grid.rows[line] = [
            SourceCell(c.text.replace(old, new), c.origin) if c.text == label else c
            for c in grid.rows[line]
        ]
    result = _read(source)
    assert result.ok, result.problems
    assert result.document.to_json()["tables"] == document.to_json()["tables"]


def test_placeholders_are_kept_as_written(document) -> None:
    document.set("applications.rejected_duplicate.other_org", "/")
    document.set("reviews.reconsideration.pending", "—")
    result = _read(builders.source_document(document))
    assert result.ok, result.problems
    read = result.document
    assert read.get("applications.rejected_duplicate.other_org") == "/"
    assert read.get("reviews.reconsideration.pending") == "—"
    blank = {f.cells[0] for f in run_checks(read) if f.code == "blank_cell"}
    assert blank == {"applications.rejected_duplicate.other_org", "reviews.reconsideration.pending"}


def test_blank_cells_stay_blank(document) -> None:
    document.set("applications.received.total", None)
    result = _read(builders.source_document(document, resolved=False))
    assert result.ok
    assert result.document.get("applications.received.total") is None


# --- tables by label, not by position ---------------------------------------------------


def test_tables_are_found_by_label_in_any_order(document) -> None:
    source = builders.source_document(document)
    grids = [i for i, b in enumerate(source.blocks) if isinstance(b, SourceTable)]
    first, last = grids[0], grids[-1]
    source.blocks[first], source.blocks[last] = source.blocks[last], source.blocks[first]
    result = _read(source)
    assert result.ok, result.problems
    assert result.document.to_json()["tables"] == document.to_json()["tables"]


def test_rows_in_another_order_are_read_by_label(document) -> None:
    source = builders.source_document(document, resolved=False)
    grid = builders.grid_of(source, "applications")
    received = builders.line_of(grid, APPLICATIONS.row("received").label)
    carried = builders.line_of(grid, APPLICATIONS.row("carried_over_out").label)
    grid.rows[received], grid.rows[carried] = grid.rows[carried], grid.rows[received]
    result = _read(source)
    assert result.ok, result.problems
    assert result.document.to_json()["tables"] == document.to_json()["tables"]


def test_columns_are_read_by_header_label(document) -> None:
    """A layout with the applicant columns in another order still maps each by its header."""
    source = builders.source_document(document)
    grid = builders.grid_of(source, "applications")
    # Swap two whole leaf columns (header and every line) of the resolved grid.
    header_line = builders.line_of(grid, APPLICATIONS.columns_of("received")[1].label)
    labels = [c.text for c in grid.rows[header_line]]
    a = labels.index(APPLICATIONS.columns_of("received")[1].label)
    b = labels.index(APPLICATIONS.columns_of("received")[2].label)
    for row in grid.rows[header_line:]:
        row[a], row[b] = row[b], row[a]
    result = _read(source)
    assert result.ok, result.problems
    assert result.document.to_json()["tables"] == document.to_json()["tables"]


def test_a_table_split_in_two_grids_is_joined(document) -> None:
    source = builders.source_document(document)
    grid = builders.grid_of(source, "applications")
    cut = builders.line_of(grid, APPLICATIONS.row("withheld_process_info").label)
    tail = SourceTable(grid.rows[cut:], spans_resolved=True)
    # The continuation starts mid-span: its copies point above it; make them plain cells.
    tail.rows = [[SourceCell(c.text if not c.is_copy or c.origin[0] >= cut else "") for c in r]
                 for r in tail.rows]  # fmt: skip
    grid.rows = grid.rows[:cut]
    source.blocks.insert(source.blocks.index(grid) + 1, tail)
    result = _read(source)
    assert result.ok, result.problems
    assert result.document.to_json()["tables"] == document.to_json()["tables"]


def test_caption_and_unit_lines_inside_a_table_are_passed_over(document) -> None:
    source = builders.source_document(document)
    grid = builders.grid_of(source, "reviews")
    width = len(grid.rows[0])
    caption = [SourceCell(REVIEWS.title)] + [SourceCell("", (0, 0))] * (width - 1)
    grid.rows.insert(0, caption)
    result = _read(source)
    assert result.ok, result.problems


# --- what cannot be read is reported ---------------------------------------------------------


def test_unknown_row_label_is_reported_and_not_guessed(document) -> None:
    source = builders.source_document(document)
    grid = builders.grid_of(source, "applications")
    label = APPLICATIONS.row("rejected_duplicate").label
    line = builders.line_of(grid, label)
    grid.rows[line] = [SourceCell(c.text + "件数", c.origin) if c.text == label else c
                       for c in grid.rows[line]]  # fmt: skip
    result = _read(source)

    assert not result.ok
    messages = _messages(result)
    assert f"“{label}件数”" in messages
    assert APPLICATIONS.title in messages
    assert f"“{label}”" in messages  # the declared row reported missing
    assert result.document is not None
    assert set(result.document.tables["applications"]["rejected_duplicate"].values()) == {None}


def test_a_row_short_of_cells_is_reported(document) -> None:
    source = builders.source_document(document, resolved=False)
    grid = builders.grid_of(source, "applications")
    line = builders.line_of(grid, APPLICATIONS.row("disclosed").label)
    del grid.rows[line][-1]
    result = _read(source)
    assert not result.ok
    messages = _messages(result)
    assert APPLICATIONS.row("disclosed").label in messages
    assert "has 6 cells after its label where the header has 7 columns" in messages
    assert set(result.document.tables["applications"]["disclosed"].values()) == {None}


def test_a_figure_under_no_column_is_reported(document) -> None:
    source = builders.source_document(document, resolved=False)
    grid = builders.grid_of(source, "proactive")
    line = builders.line_of(grid, PROACTIVE.row("licensing").label)
    grid.rows[line].append(SourceCell("9"))
    result = _read(source)
    assert not result.ok
    [problem] = result.problems
    assert problem.message.startswith(f"In the row “{PROACTIVE.row('licensing').label}”, “")
    assert "is under no column of the header" in problem.message
    assert result.document.get("proactive.licensing.decisions") is None


def test_a_second_figure_under_a_merged_header_is_reported(document) -> None:
    source = builders.source_document(document)
    grid = builders.grid_of(source, "proactive")
    line = builders.line_of(grid, PROACTIVE.row("licensing").label)
    grid.rows[line] = [*grid.rows[line][:-1], SourceCell("9")]
    result = _read(source)
    assert not result.ok
    [problem] = result.problems
    assert PROACTIVE.row("licensing").label in problem.message and "“9”" in problem.message


def test_a_header_without_a_column_is_one_problem(document) -> None:
    """A table printed without its 总计 column: said once, not once per row."""
    source = builders.source_document(document)
    grid = builders.grid_of(source, "applications")
    total = APPLICATIONS.columns_of("received")[-1]
    header_line = builders.line_of(grid, total.label)
    drop = [c.text for c in grid.rows[header_line]].index(total.label)
    for row in grid.rows:
        del row[drop]
    result = _read(source)
    assert not result.ok
    [problem] = result.problems
    assert f"“{total.label}”" in problem.message


def test_proactive_bands_as_separate_tables(document) -> None:
    source = builders.source_document(document)
    grid = builders.grid_of(source, "proactive")
    starts = [builders.line_of(grid, band.heading) for band in PROACTIVE.bands] + [len(grid.rows)]
    parts = [SourceTable(grid.rows[a:b]) for a, b in itertools.pairwise(starts)]
    at = source.blocks.index(grid)
    source.blocks[at : at + 1] = parts
    result = _read(source)
    assert result.ok, result.problems
    assert result.document.to_json()["tables"] == document.to_json()["tables"]


def test_two_different_figures_under_one_header_are_reported(document) -> None:
    source = builders.source_document(document)
    grid = builders.grid_of(source, "proactive")
    line = builders.line_of(grid, PROACTIVE.row("penalty").label)
    value = grid.rows[line][1].text
    grid.rows[line] = [grid.rows[line][0], SourceCell(value), SourceCell("12345"),
                       SourceCell("", (line, 2))]  # fmt: skip
    result = _read(source)
    assert not result.ok
    assert "12345" in _messages(result)


def test_a_missing_table_is_reported(document) -> None:
    source = builders.source_document(document)
    source.blocks.remove(builders.grid_of(source, "reviews"))
    result = _read(source)
    assert not result.ok
    [problem] = result.problems
    assert problem.where == f"table {REVIEWS.number} “{REVIEWS.title}”"
    assert problem.message == "This table was not found in the file; its figures are missing."
    assert (
        result.document.to_json()["tables"]["applications"]
        == (document.to_json()["tables"]["applications"])
    )


def test_a_missing_header_is_reported(document) -> None:
    source = builders.source_document(document, resolved=False)
    grid = builders.grid_of(source, "applications")
    first_row = builders.line_of(grid, APPLICATIONS.row("received").label)
    grid.rows = grid.rows[first_row:]
    result = _read(source)
    assert not result.ok
    messages = _messages(result)
    assert APPLICATIONS.columns_of("received")[0].label in messages


def test_a_duplicate_row_with_other_figures_is_reported(document) -> None:
    source = builders.source_document(document, resolved=False)
    grid = builders.grid_of(source, "applications")
    line = builders.line_of(grid, APPLICATIONS.row("disclosed").label)
    copy = [SourceCell(c.text) for c in grid.rows[line]]
    copy[-1] = SourceCell("999")
    grid.rows.insert(line + 1, copy)
    result = _read(source)
    assert not result.ok
    assert APPLICATIONS.row("disclosed").label in _messages(result)
    assert result.document.get("applications.disclosed.total") == document.get(
        "applications.disclosed.total"
    )


def test_figures_beside_a_heading_are_left_out_with_a_warning(document) -> None:
    source = builders.source_document(document, resolved=False)
    grid = builders.grid_of(source, "applications")
    heading = next(g for g in APPLICATIONS.bands[0].rows if not hasattr(g, "key")).label
    grid.rows.insert(3, [SourceCell(heading)] + [SourceCell("1")] * 7)
    result = _read(source)
    assert result.ok
    [warning] = result.problems
    assert warning.severity == "warning" and heading in warning.message


def test_not_a_report() -> None:
    source = SourceDocument(
        ["关于开展春季植树活动的通知", "各科室：", "定于3月12日开展植树活动。"],
    )
    result = _read(source)
    assert result.document is None
    assert _messages(result).startswith("No table of the annual report was found")


def test_a_non_report_table_becomes_narrative(document) -> None:
    source = builders.source_document(document)
    proposals = SourceTable([[SourceCell("序号"), SourceCell("提案名称")],
                             [SourceCell("1"), SourceCell("加大科技创新力度")]])  # fmt: skip
    source.blocks.append(proposals)
    result = _read(source)
    assert result.ok, result.problems
    assert "<p>加大科技创新力度</p>" in result.document.sections["other"]


# --- the format ---------------------------------------------------------------------------------


def test_the_2019_trial_format_is_recognised() -> None:
    document = builders.consistent_document(FORMAT_2019, seed=5)
    result = _read(builders.source_document(document, resolved=False))
    assert result.ok, result.problems
    assert result.document.format is FORMAT_2019
    assert result.document.to_json()["tables"] == document.to_json()["tables"]
    assert [f.code for f in run_checks(result.document)] == ["outdated_format"]


# --- title and sections ---------------------------------------------------------------------------


def test_title_over_two_lines(document) -> None:
    result = _read(builders.source_document(document))
    assert (result.document.agency, result.document.year) == (document.agency, document.year)


def test_title_with_other_wording(document) -> None:
    source = builders.source_document(document)
    title = document.format.title_for(document.agency, document.year)
    year = str(document.year)
    source.blocks[:2] = [
        title.replace(year, "关于" + year.translate(builders._FULL_WIDTH) + "年度", 1)
    ]
    result = _read(source)
    assert (result.document.agency, result.document.year) == (document.agency, document.year)


def test_title_with_the_year_in_chinese_numerals(document) -> None:
    source = builders.source_document(document)
    digits = str.maketrans("0123456789", "〇一二三四五六七八九")
    source.blocks[0] = source.blocks[0].replace(
        str(document.year), str(document.year).translate(digits)
    )
    result = _read(source)
    assert (result.document.agency, result.document.year) == (document.agency, document.year)


def test_title_without_the_agency_is_reported(document) -> None:
    source = builders.source_document(document)
    source.blocks[0] = source.blocks[0].removeprefix(document.agency)
    result = _read(source)
    assert result.document is None
    assert "does not name the agency" in _messages(result)


def test_title_without_a_year_is_reported(document) -> None:
    source = builders.source_document(document)
    title = "".join(source.blocks[:2]).replace(f"{document.year}年", "")
    source.blocks[:2] = [title]
    result = _read(source)
    assert result.document is None
    assert f"“{title}”" in _messages(result)


def test_no_title_is_reported(document) -> None:
    source = builders.source_document(document)
    del source.blocks[:2]
    result = _read(source)
    assert result.document is None
    assert document.format.title_for("", 2022)[4:] in _messages(result)


def test_section_heading_variants(document) -> None:
    source = builders.source_document(document)
    reviews = next(s for s in FORMAT_2021.sections if s.key == "reviews")
    problems = next(s for s in FORMAT_2021.sections if s.key == "problems")
    variant = reviews.title[:2] + reviews.title[2:].replace("、", "和")
    unnumbered = problems.title[2:]  # Word's automatic numbering leaves the text without 「五、」
    source.blocks = [variant if b == reviews.title else unnumbered if b == problems.title else b
                     for b in source.blocks]  # fmt: skip
    result = _read(source)
    assert result.ok and not result.problems
    assert result.document.sections == document.sections


def test_a_missing_section_heading_is_a_warning(document) -> None:
    source = builders.source_document(document)
    problems = next(s for s in FORMAT_2021.sections if s.key == "problems")
    source.blocks.remove(problems.title)
    result = _read(source)
    assert result.ok
    [warning] = result.problems
    assert warning.severity == "warning" and problems.title in warning.where
    assert result.document.sections["problems"] == ""
