"""The grid editor's server side: the layout and data given to the script, the errors, compare."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from wagtail_govdisclosure.blocks import FormatTablesBlock, ReportTableBlock
from wagtail_govdisclosure.blocks.adapters import (
    TableBlockAdapter,
    editor_data,
    grid_data_element_id,
    label_key,
    layout_data,
)
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

KIND, TEXT, TOP, LEFT, ROWSPAN, COLSPAN, REF, TOTAL, GROUP = range(9)


def table_block(report_format, table) -> ReportTableBlock:
    block = FormatTablesBlock(report_format.key).child_blocks[table.key]
    assert isinstance(block, ReportTableBlock)
    return block


@pytest.mark.parametrize(("report_format", "table"), ALL_TABLES)
def test_grid_shows_every_printed_label(report_format, table):
    texts = {cell[TEXT] for cell in layout_data(table)["cells"]}
    for label in table.labels():
        assert label in texts, label


@pytest.mark.parametrize(("report_format", "table"), ALL_TABLES)
def test_grid_has_one_input_per_cell_in_place(report_format, table):
    """Every declared cell is one data cell of the layout, where the printed form has it."""
    grid = table_grid(table)
    data = [cell for cell in layout_data(table)["cells"] if cell[KIND] == "data"]
    assert sorted(cell[REF] for cell in data) == sorted(cell.ref for cell in table.cells)
    for cell in data:
        placed = grid.data_cells[cell[REF]]
        assert cell[TOP : COLSPAN + 1] == [placed.top, placed.left, placed.rowspan, placed.colspan]
        assert bool(cell[TOTAL]) == placed.is_total


def test_every_printed_cell_is_drawn_once():
    for table in CURRENT.tables:
        drawn = [(c[TOP], c[LEFT]) for c in layout_data(table)["cells"]]
        assert sorted(drawn) == sorted((c.top, c.left) for c in table_grid(table).cells())


def test_rows_printed_across_share_one_line():
    table = CURRENT.table("reviews")
    data = layout_data(table)
    assert data["labelWidth"] == 0
    lines = {c[TOP] for c in data["cells"] if c[KIND] == "data"}
    assert len(lines) == 1


def test_adapter_sends_one_definition_per_table():
    """The definition names its table; the grid's data is the page's, once per format."""
    table = CURRENT.table("applications")
    block = table_block(CURRENT, table)
    with translation.override("zh-hans"):
        name, meta = TableBlockAdapter().js_args(block)
    assert name == "applications"
    assert meta["table"] == "applications"
    assert meta["gridData"] == grid_data_element_id(CURRENT.key)
    assert len(json.dumps(meta, ensure_ascii=False)) < 1000


def test_adapter_passes_rules_as_data():
    with translation.override("zh-hans"):
        data = editor_data(CURRENT.key, "applications")
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
            name, kind, decimals = data["cells"][cell.ref]
            assert name == cell_name(cell)
            assert (kind, decimals) == (cell.column.kind.value, cell.column.decimals)
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
    assert english["cells"][name][0] != chinese["cells"][name][0]
    for strings in (english["strings"], chinese["strings"]):
        assert "{count}" in strings["pasted"] and "{cell}" in strings["pasted"]
    for template in english["refusals"].values():
        assert "{cell}" in template and "{value}" in template


def test_adapter_brings_the_script_and_styles():
    media = str(TableBlockAdapter().media)
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
    assert definition.count("wagtail_govdisclosure.blocks.TableBlock") == sum(
        len(f.tables) for f in FORMATS.values()
    )
    # The grid's data once, for the report's own format only, as UTF-8 JSON.
    assert content.count(f'id="{grid_data_element_id(CURRENT.key)}"') == 1
    assert f'id="{grid_data_element_id("2019")}"' not in content
    match = re.search(
        rf'<script type="application/json" id="{grid_data_element_id(CURRENT.key)}">(.*?)<',
        content,
        re.S,
    )
    data = json.loads(match.group(1))
    assert list(data["tables"]) == [table.key for table in CURRENT.tables]


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
    table = WRONG_REF.split(".")[0]
    cell_errors = error["blockErrors"]["0"]["blockErrors"][table]["cellErrors"]
    assert str(RIGHT_VALUE) in cell_errors[WRONG_REF][0]
    wrong_report.refresh_from_db()
    assert wrong_report.live is False

    # A draft with the same numbers saves: only publication is gated.
    response = admin_client.post(url, report_form_data(wrong_document()))
    assert response.status_code == 302


def test_revisions_still_compare(admin_client, report_index):
    """A table compares as the printed table, the changed cell marked old → new."""
    from ..reports.conftest import correct_document, save_draft

    report = make_report(report_index, wrong_document())
    first = report.get_latest_revision()
    second = save_draft(report, correct_document())
    url = reverse("wagtailadmin_pages:revisions_compare", args=[report.pk, first.pk, second.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert str(WRONG_VALUE) in content and str(RIGHT_VALUE) in content
    # The table as a table: the changed cell old → new, blanks blank, no "None".
    assert (
        f'<span class="deletion">{WRONG_VALUE}</span> → <span class="addition">{RIGHT_VALUE}</span>'
        in content
    )
    assert "None" not in content.split('class="govdisclosure-compare"', 1)[1][:200000]


def test_report_actions_are_buttons_on_the_tables(admin_client, wrong_report):
    from wagtail_govdisclosure.pdf.views import preview_url

    with translation.override("zh-hans"):
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[wrong_report.pk]))
    content = response.content.decode()
    actions = content.split('class="govdisclosure-report-actions"', 1)[1].split("</div>", 1)[0]
    assert f'href="{preview_url(wrong_report)}"' in actions
    for label in ("预览 PDF", "根据登记簿填写表格", "导出表格（Excel）"):
        assert label in actions


def test_rich_text_placeholders_in_chinese(admin_client, wrong_report):
    """Draftail's own placeholder is English in Wagtail's catalogue: the form gives its own."""
    with translation.override("zh-hans"):
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[wrong_report.pk]))
    content = html.unescape(response.content.decode())
    placeholder = json.dumps("在此填写本部分内容。")
    assert content.count(f'"placeholder": {placeholder}') >= 6


def test_revisions_with_other_block_ids_compare_as_tables(admin_client, report_index):
    """Older revisions may hold the format block under another id: paired by type."""
    from ..reports.conftest import correct_document, save_draft

    report = make_report(report_index, wrong_document())
    first = report.get_latest_revision()
    content = first.content
    stream = (
        json.loads(content["tables"]) if isinstance(content["tables"], str) else content["tables"]
    )
    stream[0]["id"] = "00000000-0000-0000-0000-000000000000"
    content["tables"] = json.dumps(stream)
    type(first).objects.filter(pk=first.pk).update(content=content)
    second = save_draft(report, correct_document())
    url = reverse("wagtailadmin_pages:revisions_compare", args=[report.pk, first.pk, second.pk])
    content = admin_client.get(url).content.decode()
    changed = f'<span class="deletion">{WRONG_VALUE}</span> → <span class="addition">{RIGHT_VALUE}'
    assert changed in content
    assert "comparison__child-object addition" not in content
