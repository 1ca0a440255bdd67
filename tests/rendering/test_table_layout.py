"""The printed grid derived from the declaration (formats/layout.py), without HTML."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wagtail_govdisclosure.formats import FORMAT_2019, FORMAT_2021, Layout
from wagtail_govdisclosure.formats.base import (
    Band,
    CellKind,
    Column,
    ColumnGroup,
    Row,
    RowGroup,
    Table,
)
from wagtail_govdisclosure.formats.layout import (
    CellRole,
    GridCell,
    Scope,
    TableGrid,
    display_value,
    table_grid,
)

ALL_TABLES = [t for f in (FORMAT_2021, FORMAT_2019) for t in f.tables]
TABLE_IDS = [f"{t.key}-{f.key}" for f in (FORMAT_2021, FORMAT_2019) for t in f.tables]


def _sections(grid: TableGrid) -> list[list]:
    """The header lines, then each band's lines: spans never cross these sections."""
    sections = [list(grid.header_rows)] if grid.header_rows else []
    return sections + [list(band) for band in grid.bands()]


def _texts(cells) -> list[str]:
    return [c.text for c in cells]


@pytest.mark.parametrize("table", ALL_TABLES, ids=TABLE_IDS)
def test_every_section_is_a_full_rectangle(table, occupy):
    grid = table_grid(table)
    for section in _sections(grid):
        starts = occupy(
            [[(c.rowspan, c.colspan) for c in row.cells] for row in section], grid.width
        )
        # The positions the layout reports are the ones a browser gives the cells.
        first = section[0].cells[0].top
        for y, row in enumerate(section):
            assert [c.left for c in row.cells] == starts[y]
            assert {c.top for c in row.cells} == {first + y}


@pytest.mark.parametrize("table", ALL_TABLES, ids=TABLE_IDS)
def test_every_declared_cell_is_printed_once(table):
    grid = table_grid(table)
    refs = [c.ref for c in grid.cells() if c.kind is CellRole.DATA]
    # In the declaration's order: band by band, row by row.
    assert refs == [cell.ref for cell in table.cells]
    assert all(grid.data_cells[c.ref].cell == c for c in table.cells)


@pytest.mark.parametrize("table", ALL_TABLES, ids=TABLE_IDS)
def test_headers_of_data_cells_name_existing_headers_and_labels(table):
    grid = table_grid(table)
    ids = [c.id for c in grid.cells() if c.id]
    assert len(ids) == len(set(ids)), "ids are unique within a table"
    for cell in grid.data_cells.values():
        assert cell.headers, cell.ref
        for header_id in cell.headers:
            assert header_id in grid.by_id, (cell.ref, header_id)
            assert grid.by_id[header_id].kind in (CellRole.HEADER, CellRole.LABEL)
        labels = {grid.by_id[h].text for h in cell.headers}
        declared = cell.cell
        assert declared is not None
        assert declared.column.label in labels
        assert declared.row.label in labels
        # Every group above the row is named too (ancestors included).
        assert set(declared.band.row_path(declared.row.key)) <= labels


@pytest.mark.parametrize("table", ALL_TABLES, ids=TABLE_IDS)
def test_every_label_of_the_declaration_is_in_the_grid(table):
    grid = table_grid(table)
    texts = {c.text for c in grid.cells()}
    assert set(table.labels()) <= texts


def test_table_grid_is_computed_once():
    table = FORMAT_2021.table("applications")
    assert table_grid(table) is table_grid(table)
    # The 2019 table shares the key but not the layout.
    assert table_grid(FORMAT_2019.table("applications")) is not table_grid(table)


# --- applications: the official three-line header and three label columns ---------


def test_applications_header_is_the_official_one():
    table = FORMAT_2021.table("applications")
    grid = table_grid(table)
    assert grid.width == 10 and grid.label_width == 3
    first, second, third = grid.header_rows

    note, applicants = first.cells
    assert note.kind is CellRole.NOTE and note.text == table.note
    assert (note.rowspan, note.colspan) == (3, 3)
    assert note.id == "applications-note"
    assert applicants.text == "申请人情况"
    assert (applicants.rowspan, applicants.colspan) == (1, 7)
    assert applicants.scope is Scope.COLGROUP

    assert [(c.text, c.rowspan, c.colspan) for c in second.cells] == [
        ("自然人", 2, 1),
        ("法人或其他组织", 1, 5),
        ("总计", 2, 1),
    ]
    assert [c.scope for c in second.cells] == [Scope.COL, Scope.COLGROUP, Scope.COL]
    assert second.cells[2].id == "applications-col-total" and second.cells[2].is_total

    assert _texts(third.cells) == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert {(c.rowspan, c.colspan) for c in third.cells} == {(1, 1)}
    assert [c.left for c in third.cells] == [4, 5, 6, 7, 8]


def _label_cells(grid: TableGrid) -> dict[str, GridCell]:
    return {c.text: c for c in grid.cells() if c.kind is CellRole.LABEL}


def test_applications_row_labels_span_like_the_official_form():
    grid = table_grid(FORMAT_2021.table("applications"))
    labels = _label_cells(grid)
    rows = {row.key: row.label for row in FORMAT_2021.table("applications").rows}
    assert len(rows) == 25
    assert len([c for c in labels.values() if c.scope is Scope.ROW]) == 25

    for key in ("received", "carried_over_in", "carried_over_out"):
        cell = labels[rows[key]]
        assert (cell.rowspan, cell.colspan, cell.left) == (1, 3, 0)

    results = labels["三、本年度办理结果"]
    assert (results.rowspan, results.colspan, results.left) == (22, 1, 0)
    assert results.scope is Scope.ROWGROUP and results.is_group
    assert results.id == "applications-rowgroup-disclosed-handled_total"

    for key in ("disclosed", "partially_disclosed", "handled_total"):
        cell = labels[rows[key]]
        assert (cell.rowspan, cell.colspan, cell.left) == (1, 2, 1)
    assert labels[rows["handled_total"]].is_total

    for heading, count in (
        ("（三）不予公开", 8),
        ("（四）无法提供", 3),
        ("（五）不予处理", 5),
        ("（六）其他处理", 3),
    ):
        cell = labels[heading]
        assert (cell.rowspan, cell.colspan, cell.left) == (count, 1, 1), heading
    for key in (
        "withheld_state_secret",
        "unavailable_unclear",
        "rejected_confirmation",
        "other_handling",
    ):
        cell = labels[rows[key]]
        assert (cell.rowspan, cell.colspan, cell.left) == (1, 1, 2), key
        assert cell.id == f"applications-row-{key}"

    # 三、本年度办理结果 starts on the line of （一） and covers every line up to （七）.
    assert results.top == labels[rows["disclosed"]].top
    assert results.top + results.rowspan - 1 == labels[rows["handled_total"]].top


def test_applications_data_cell_headers_include_every_ancestor():
    grid = table_grid(FORMAT_2021.table("applications"))
    cell = grid.data_cells["applications.withheld_state_secret.research_institution"]
    assert cell.headers == (
        "applications-rowgroup-disclosed-handled_total",
        "applications-rowgroup-withheld_state_secret-withheld_inquiry",
        "applications-row-withheld_state_secret",
        "applications-colgroup-natural_person-total",
        "applications-colgroup-commercial_enterprise-other_org",
        "applications-col-research_institution",
    )
    assert grid.data_cells["applications.received.total"].is_total
    assert grid.data_cells["applications.handled_total.natural_person"].is_total
    assert not grid.data_cells["applications.received.natural_person"].is_total


# --- proactive: four bands, each with its heading and header line ---------------------


def test_proactive_bands_repeat_their_heading_and_header_line():
    table = FORMAT_2021.table("proactive")
    grid = table_grid(table)
    assert grid.header_rows == ()
    assert grid.width == 4 and grid.label_width == 1
    bands = grid.bands()
    assert len(bands) == 4
    for band, lines in zip(table.bands, bands, strict=True):
        heading, header, *rows = lines
        assert heading.band_heading
        assert [(c.text, c.colspan) for c in heading.cells] == [(band.heading, 4)]
        assert header.is_header and not header.band_heading
        assert header.cells[0].text == "信息内容" and header.cells[0].scope is Scope.COL
        assert _texts(header.cells[1:]) == [c.label for c in band.leaf_columns]
        assert [r.cells[0].text for r in rows] == [r.label for r in band.leaf_rows]
        # A band of fewer columns stretches its last column over the remainder.
        spans = [c.colspan for c in header.cells[1:]]
        assert sum(spans) == 3 and spans[:-1] == [1] * (len(spans) - 1)
        for row in rows:
            assert [c.colspan for c in row.cells[1:]] == spans
            heading_id = heading.cells[0].id
            assert all(heading_id in c.headers for c in row.cells[1:])


def test_proactive_ids_are_qualified_by_band_where_columns_repeat():
    grid = table_grid(FORMAT_2021.table("proactive"))
    penalty = grid.data_cells["proactive.penalty.decisions"]
    licensing = grid.data_cells["proactive.licensing.decisions"]
    assert penalty.headers == (
        "proactive-band3",
        "proactive-row-penalty",
        "proactive-band3-col-decisions",
    )
    assert licensing.headers[-1] == "proactive-band2-col-decisions"


# --- reviews: printed across ------------------------------------------------------------


def test_reviews_rows_become_the_top_of_the_column_header():
    table = FORMAT_2021.table("reviews")
    assert table.layout is Layout.ACROSS
    grid = table_grid(table)
    assert grid.label_width == 0 and grid.width == 15
    first, second, third = grid.header_rows
    assert [(c.text, c.rowspan, c.colspan) for c in first.cells] == [
        ("行政复议", 1, 5),
        ("行政诉讼", 1, 10),
    ]
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [(c.text, c.rowspan, c.colspan) for c in second.cells] == [
        *((label, 2, 1) for label in results),
        ("未经复议直接起诉", 1, 5),
        ("复议后起诉", 1, 5),
    ]
    assert _texts(third.cells) == results * 2
    (body,) = grid.body_rows
    assert [c.ref for c in body.cells] == [
        f"reviews.{row}.{column}"
        for row in ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
        for column in ("upheld", "corrected", "other", "pending", "total")
    ]
    assert body.cells[9].headers == (
        "reviews-rowgroup-litigation_direct-litigation_after_reconsideration",
        "reviews-row-litigation_direct",
        "reviews-litigation_direct-col-total",
    )
    assert [c.is_total for c in body.cells] == [False, False, False, False, True] * 3


# --- the algorithm on any declaration -----------------------------------------------


def _tree(draw, leaf, group, depth: int, prefix: str):
    children = []
    for index in range(draw(st.integers(1, 3))):
        key = f"{prefix}{index}"
        if depth > 1 and draw(st.booleans()):
            children.append(group(f"G{key}", _tree(draw, leaf, group, depth - 1, key)))
        else:
            children.append(leaf(key, f"L{key}"))
    return tuple(children)


@st.composite
def _tables(draw) -> Table:
    across = draw(st.booleans())
    bands = []
    for band in range(1 if across else draw(st.integers(1, 3))):
        bands.append(
            Band(
                rows=_tree(draw, Row, RowGroup, draw(st.integers(1, 3)), f"r{band}_"),
                columns=_tree(draw, Column, ColumnGroup, draw(st.integers(1, 3)), "c"),
                heading=f"heading {band}" if draw(st.booleans()) else "",
                stub_label="stub" if draw(st.booleans()) else "",
            )
        )
    return Table(
        key="t",
        number="一",
        title="test",
        bands=tuple(bands),
        layout=Layout.ACROSS if across else Layout.ROWS,
        note=draw(st.sampled_from(["", "note"])),
    )


def _depth(nodes) -> int:
    return max(1 + _depth(n.children) if hasattr(n, "children") else 1 for n in nodes)


def _leaf_depths(nodes, level=1):
    for node in nodes:
        if hasattr(node, "children"):
            yield from _leaf_depths(node.children, level + 1)
        else:
            yield node.key, level


# ``occupy`` is a plain function: sharing it between examples is safe.
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_tables())
def test_any_declared_table_makes_a_rectangular_grid(occupy, table):
    grid = table_grid(table)
    for section in _sections(grid):
        occupy([[(c.rowspan, c.colspan) for c in row.cells] for row in section], grid.width)
    assert len(grid.data_cells) == len(table.cells)
    ids = [c.id for c in grid.cells() if c.id]
    assert len(ids) == len(set(ids))
    assert all(set(c.headers) <= set(ids) for c in grid.data_cells.values())
    if table.layout is Layout.ROWS:
        assert grid.label_width == max(_depth(b.rows) for b in table.bands)
        labels = {c.id: c for c in grid.cells() if c.kind is CellRole.LABEL}
        # A row at depth d of a label tree of depth D spans D − d + 1 label columns;
        # a group spans its rows.
        for band in table.bands:
            for key, depth in _leaf_depths(band.rows):
                assert labels[f"t-row-{key}"].colspan == grid.label_width - depth + 1
        for cell in labels.values():
            if cell.is_group:
                assert cell.colspan == 1 and cell.rowspan >= 1
    else:
        band = table.bands[0]
        assert grid.width == len(band.leaf_rows) * len(band.leaf_columns)
        assert len(grid.body_rows) == 1


# --- printing a value -----------------------------------------------------------------

COUNT = Column("c", "count")
AMOUNT = Column("a", "amount", kind=CellKind.AMOUNT, decimals=4)


@pytest.mark.parametrize(
    ("raw", "column", "text"),
    [
        (0, COUNT, "0"),
        (12, COUNT, "12"),
        ("１２", COUNT, "12"),
        ("1,234", COUNT, "1234"),
        (Decimal("3"), COUNT, "3"),
        ("0", AMOUNT, "0"),
        ("0.0000", AMOUNT, "0"),
        ("12.50", AMOUNT, "12.5"),
        (Decimal("100"), AMOUNT, "100"),
        ("0.0125", AMOUNT, "0.0125"),
        (None, COUNT, ""),
        ("  ", COUNT, ""),
        ("/", COUNT, "/"),
        ("无", AMOUNT, "无"),
        ("1.5", COUNT, "1.5"),
        ("abc", COUNT, "abc"),
        (-3, COUNT, "-3"),
    ],
)
def test_display_value(raw, column, text):
    assert display_value(raw, column) == text
