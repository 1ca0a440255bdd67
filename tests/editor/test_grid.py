"""The grid editor's server side: the grid form templates and the data given to the script."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from wagtail_govdisclosure.blocks import FormatTablesBlock, ReportTableBlock
from wagtail_govdisclosure.blocks.adapters import (
    GridRowBlockAdapter,
    GridTableBlockAdapter,
    editor_data,
    label_key,
)
from wagtail_govdisclosure.blocks.grid import editor_grid
from wagtail_govdisclosure.checks import run_checks
from wagtail_govdisclosure.checks.labels import cell_name
from wagtail_govdisclosure.formats import CURRENT, FORMATS
from wagtail_govdisclosure.formats.layout import table_grid

from ..reports.conftest import RIGHT_VALUE, WRONG_REF, WRONG_VALUE, make_report, wrong_document

ALL_TABLES = [
    pytest.param(report_format, table, id=f"{report_format.key}-{table.key}")
    for report_format in FORMATS.values()
    for table in report_format.tables
]


def table_block(report_format, table) -> ReportTableBlock:
    block = FormatTablesBlock(report_format.key).child_blocks[table.key]
    assert isinstance(block, ReportTableBlock)
    return block


def rendered(block: ReportTableBlock) -> str:
    """The table's form template with every row's form template put in its placeholder."""
    text = block.render_form_template()
    for name, row in block.child_blocks.items():
        placeholder = f'<div data-structblock-child="{name}"></div>'
        assert text.count(placeholder) == 1, name
        text = text.replace(placeholder, row.render_form_template())
    return text


@pytest.mark.parametrize(("report_format", "table"), ALL_TABLES)
def test_grid_shows_every_printed_label(report_format, table):
    text = html.unescape(rendered(table_block(report_format, table)))
    for label in table.labels():
        assert label in text, label


@pytest.mark.parametrize(("report_format", "table"), ALL_TABLES)
def test_grid_has_one_input_placeholder_per_cell_in_place(report_format, table):
    block = table_block(report_format, table)
    grid = table_grid(table)
    for row in table.rows:
        row_html = block.child_blocks[row.key].render_form_template()
        # Wagtail names each input ``<row prefix>-<column>``: one placeholder per column.
        children = re.findall(r'data-structblock-child="([^"]+)"', row_html)
        assert children == [column.key for column in table.columns_of(row.key)]
        for column in table.columns_of(row.key):
            placed = grid.data_cells[table.cell(row.key, column.key).ref]
            start = f"{placed.top + 1} / {placed.left + 1}"
            area = f"{start} / span {placed.rowspan} / span {placed.colspan}"
            assert f'data-grid-ref="{placed.cell.ref}"' in row_html
            assert f"grid-area: {area}" in row_html


def test_every_printed_cell_is_drawn_once():
    for table in CURRENT.tables:
        grid = editor_grid(table)
        drawn = [p.cell for line in grid.lines for p in line.cells]
        drawn += [p.cell for cells in grid.row_cells.values() for p in cells]
        assert sorted(drawn, key=lambda c: (c.top, c.left)) == sorted(
            table_grid(table).cells(), key=lambda c: (c.top, c.left)
        )


def test_rows_printed_across_share_one_line():
    grid = editor_grid(CURRENT.table("reviews"))
    assert grid.across
    lines_with_rows = [line.rows for line in grid.lines if line.rows]
    assert lines_with_rows == [tuple(row.key for row in CURRENT.table("reviews").rows)]
    assert (
        'role="row"'
        not in table_block(CURRENT, CURRENT.table("reviews"))
        .child_blocks["reconsideration"]
        .render_form_template()
    )


def test_adapter_passes_rules_as_data():
    table = CURRENT.table("applications")
    block = table_block(CURRENT, table)
    with translation.override("zh-hans"):
        name, children, meta = GridTableBlockAdapter().js_args(block)
    assert name == "applications"
    assert [child.name for child in children] == [row.key for row in table.rows]
    data = meta["grid"]
    assert "formTemplate" in meta
    rules = [rule for rule in CURRENT.rules if rule.table == "applications"]
    assert [(r["check"], r["left"], r["right"], r["total"]) for r in data["rules"]] == [
        (
            rule.check,
            [c.ref for c in rule.left],
            [c.ref for c in rule.right],
            rule.total.ref if rule.total else None,
        )
        for rule in rules
    ]
    assert {r["check"] for r in data["rules"]} == {
        "applications_row_total",
        "applications_handled_total",
        "applications_balance",
    }


def test_rule_messages_are_the_checks_own():
    """Filled in, a rule's template is the message the publish gate gives for it."""
    document = wrong_document()
    with translation.override("zh-hans"):
        findings = [f for f in run_checks(document) if WRONG_REF in f.cells[:1]]
        data = editor_data(CURRENT.key, "applications")
    assert findings, "the wrong document has a wrong total"
    rule = next(r for r in data["rules"] if r["total"] == WRONG_REF)
    live = rule["message"].format(left=WRONG_VALUE, right=RIGHT_VALUE)
    assert live == findings[0].message


def test_cell_names_and_labels_come_from_the_declaration():
    with translation.override("zh-hans"):
        data = editor_data(CURRENT.key, "applications")
        table = CURRENT.table("applications")
        assert list(data["cells"]) == [cell.ref for cell in table.cells]
        for cell in table.cells:
            assert data["cells"][cell.ref]["name"] == cell_name(cell)
            assert data["cells"][cell.ref]["total"] == cell.is_total
    assert label_key("（三）不予公开") in data["rowLabels"]
    assert label_key("自然人") in data["headerLabels"]
    assert label_key(table.note) in data["headerLabels"]
    # Printed across, the reviews' row labels are column headers.
    reviews = editor_data(CURRENT.key, "reviews")
    assert reviews["rowLabels"] == []
    assert label_key("行政复议") in reviews["headerLabels"]


def test_messages_follow_the_language():
    with translation.override("en"):
        english = editor_data(CURRENT.key, "applications")
    with translation.override("zh-hans"):
        chinese = editor_data(CURRENT.key, "applications")
    name = "applications.received.total"
    assert english["cells"][name]["name"] != chinese["cells"][name]["name"]
    for strings in (english["strings"], chinese["strings"]):
        assert "{count}" in strings["pasted"] and "{cell}" in strings["pasted"]
    for template in english["refusals"].values():
        assert "{cell}" in template and "{value}" in template


def test_adapters_bring_the_script_and_styles():
    for adapter in (GridTableBlockAdapter(), GridRowBlockAdapter()):
        media = str(adapter.media)
        assert "wagtail_govdisclosure/js/table-editor.js" in media
        assert "wagtail_govdisclosure/css/table-editor.css" in media


def test_blocks_pass_wagtails_checks():
    for key in FORMATS:
        assert FormatTablesBlock(key).check() == []


# --- The editor page -----------------------------------------------------------------


@pytest.fixture
def wrong_report(report_index):
    return make_report(report_index, wrong_document())


def block_definition(content: str) -> dict:
    match = re.search(r'data-w-block-data-value="([^"]+)"', content)
    assert match, "the tables StreamField is on the page"
    return json.loads(html.unescape(match.group(1)))


def test_edit_view_draws_the_grid(admin_client, wrong_report):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[wrong_report.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "wagtail_govdisclosure/js/table-editor.js" in content
    assert "wagtail_govdisclosure/css/table-editor.css" in content
    definition = json.dumps(block_definition(content), ensure_ascii=False)
    assert definition.count("wagtail_govdisclosure.blocks.GridTableBlock") == sum(
        len(f.tables) for f in FORMATS.values()
    )
    assert "data-govdisclosure-grid" in definition
    # The old inline rules for stacked rows are gone: the grid's stylesheet replaces them.
    assert ".govdisclosure-row {" not in content


def test_publish_refusal_reaches_the_cell(admin_client, wrong_report):
    """The refused cell's message is in the block errors the grid reads from the page."""
    from ..reports.forms import report_form_data

    url = reverse("wagtailadmin_pages:edit", args=[wrong_report.pk])
    with translation.override("zh-hans"):
        response = admin_client.post(
            url, report_form_data(wrong_document(), action="action-publish")
        )
    assert response.status_code == 200
    match = re.search(r'data-w-block-arguments-value="([^"]*)"', response.content.decode())
    assert match
    _value, error = json.loads(html.unescape(match.group(1)))
    table, row, column = WRONG_REF.split(".")
    cell_error = error["blockErrors"]["0"]["blockErrors"][table]["blockErrors"][row]["blockErrors"][
        column
    ]
    assert str(RIGHT_VALUE) in cell_error["messages"][0]
    wrong_report.refresh_from_db()
    assert wrong_report.live is False

    # A draft with the same numbers saves: only publication is gated.
    response = admin_client.post(url, report_form_data(wrong_document()))
    assert response.status_code == 302


def test_revisions_still_compare(admin_client, report_index):
    """The grid is a form template only: Wagtail's revision comparison reads the same blocks."""
    from ..reports.conftest import correct_document, save_draft

    report = make_report(report_index, wrong_document())
    first = report.get_latest_revision()
    second = save_draft(report, correct_document())
    url = reverse("wagtailadmin_pages:revisions_compare", args=[report.pk, first.pk, second.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert str(WRONG_VALUE) in content and str(RIGHT_VALUE) in content
