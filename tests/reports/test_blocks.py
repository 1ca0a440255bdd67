"""The table blocks: generated from the declaration, fixed in shape, reading cells as typed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from wagtail_govdisclosure.blocks.tables import (
    CellBlock,
    FormatTablesBlock,
    ReportTableBlock,
    ReportTablesBlock,
    format_block_type,
)
from wagtail_govdisclosure.checks.labels import cell_name
from wagtail_govdisclosure.formats import CURRENT, FORMATS, RowGroup
from wagtail_govdisclosure.interchange import tables_to_json
from wagtail_govdisclosure.models import AnnualReportPage

from .conftest import correct_document, latest_content, make_report, wrong_document
from .forms import report_form_data


def count_cell(table="applications", row="received", column="natural_person") -> CellBlock:
    return CellBlock(CURRENT.key, table, row, column)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("１２", 12),
        ("1,234", 1234),
        ("１，２３４", 1234),
        ("0", 0),
        ("", None),
        ("/", "/"),
        ("无", "无"),
        (None, None),
        (7, 7),
    ],
)
def test_count_cell_reads_what_a_clerk_types(typed, stored):
    assert count_cell().clean(typed) == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0", "0"), ("1.5", "1.5"), ("１２.３０", "12.3"), ("0.0001", "0.0001"), ("", None)],
)
def test_amount_cell_stores_decimal_text(typed, stored):
    assert count_cell("proactive", "fees", "amount").clean(typed) == stored


@pytest.mark.parametrize(
    ("block", "typed", "code"),
    [
        (count_cell(), "abc", "cell_not_a_number"),
        (count_cell(), "十二", "cell_not_a_number"),
        (count_cell(), "-1", "cell_negative"),
        (count_cell(), "1.5", "cell_fraction"),
        (count_cell("proactive", "fees", "amount"), "0.00001", "cell_too_precise"),
    ],
)
def test_cell_refuses_what_is_not_a_count(block, typed, code):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as raised:
        block.clean(typed)
    assert raised.value.code == code
    message = raised.value.messages[0]
    assert cell_name(block.cell) in message  # names the row and the column


def test_cell_refusal_names_row_and_column_labels():
    block = count_cell("applications", "withheld_state_secret", "other_org")
    with pytest.raises(ValidationError) as raised:
        block.clean("abc")
    message = raised.value.messages[0]
    assert "1.属于国家秘密" in message
    assert "其他" in message
    assert "abc" in message


def test_blocks_follow_the_declaration():
    stream = ReportTablesBlock()
    assert list(stream.child_blocks) == [format_block_type(key) for key in FORMATS]
    assert stream.meta.max_num == 1
    assert all(counts == {"max_num": 1} for counts in stream.meta.block_counts.values())
    current = stream.child_blocks[format_block_type(CURRENT.key)]
    assert isinstance(current, FormatTablesBlock)
    assert list(current.child_blocks) == [table.key for table in CURRENT.tables]
    for table in CURRENT.tables:
        table_block = current.child_blocks[table.key]
        assert isinstance(table_block, ReportTableBlock)
        assert list(table_block.child_blocks) == [row.key for row in table.rows]
        for row in table.rows:
            row_block = table_block.child_blocks[row.key]
            assert row_block.label == row.label  # verbatim
            assert [(name, block.label) for name, block in row_block.child_blocks.items()] == [
                (column.key, column.label) for column in table.columns_of(row.key)
            ]
    applications = current.child_blocks["applications"]
    assert len(applications.child_blocks) == 25
    assert applications.meta.help_text == CURRENT.table("applications").note


def _group_labels(nodes) -> list[str]:
    labels = []
    for node in nodes:
        if isinstance(node, RowGroup):
            labels.append(node.label)
            labels.extend(_group_labels(node.children))
    return labels


def test_grid_carries_the_forms_headings():
    """The editor draws each table as printed: its heading lines and row groups in the grid."""
    applications = ReportTableBlock(CURRENT.key, "applications")
    rows = "".join(row.render_form_template() for row in applications.child_blocks.values())
    headings = _group_labels(CURRENT.table("applications").bands[0].rows)
    assert len(headings) == 5
    for heading in headings:
        assert heading in rows
    proactive = ReportTableBlock(CURRENT.key, "proactive")
    grid = proactive.render_form_template()
    assert all(band.heading in grid for band in CURRENT.table("proactive").bands)


@pytest.mark.django_db
def test_api_representation_is_the_interchange_json(report_index):
    document = correct_document()
    page = AnnualReportPage.objects.get(pk=make_report(report_index, document).pk)
    child = page.tables[0]
    expected = tables_to_json(CURRENT, document.tables)
    assert child.block.get_api_representation(child.value) == expected
    table_block = child.block.child_blocks["applications"]
    assert (
        table_block.get_api_representation(child.value["applications"]) == expected["applications"]
    )


def test_migrations_are_up_to_date(db):
    call_command(
        "makemigrations", "wagtail_govdisclosure", check=True, dry_run=True, stdout=StringIO()
    )


# --- Draft saves in the editor ---------------------------------------------------------------


@pytest.mark.django_db
def test_draft_save_keeps_blanks_placeholders_and_wrong_totals(admin_client, report_index):
    page = make_report(report_index, correct_document())
    document = correct_document()
    document.set("applications.received.total", 99)  # wrong total
    document.set("applications.carried_over_in.total", None)  # blank
    document.set("reviews.reconsideration.upheld", "/")  # placeholder
    document.set("applications.received.natural_person", "３")  # full-width digit

    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)), report_form_data(document)
    )

    assert response.status_code == 302
    page.refresh_from_db()
    saved = page.get_latest_revision_as_object().get_tables()
    assert saved["applications"]["received"]["total"] == 99
    assert saved["applications"]["carried_over_in"]["total"] is None
    assert saved["reviews"]["reconsideration"]["upheld"] == "/"
    assert saved["applications"]["received"]["natural_person"] == 3
    page.refresh_from_db()
    assert page.live is False


@pytest.mark.django_db
def test_draft_save_refuses_text_that_is_not_a_number(admin_client, report_index):
    page = make_report(report_index, correct_document())
    draft = latest_content(page)
    document = correct_document()
    document.set("applications.disclosed.natural_person", "两件")

    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)), report_form_data(document)
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["tables"].as_data()[0].as_json_data()
    cell = errors["blockErrors"][0]["blockErrors"]["applications"]["blockErrors"]["disclosed"]
    (message,) = cell["blockErrors"]["natural_person"]["messages"]
    assert "两件" in message
    assert "（一）予以公开" in message
    assert latest_content(page) == draft


@pytest.mark.django_db
def test_edit_view_renders_the_tables(admin_client, report_index):
    page = make_report(report_index, correct_document())
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    assert "format_2021" in response.content.decode()


@pytest.mark.django_db
def test_preview_of_a_report_with_wrong_totals_works(admin_client, wrong_report):
    """Preview validates like a draft save: the gate does not stand in the way."""
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(wrong_report.pk,))
    response = admin_client.post(url, report_form_data(wrong_document()))
    assert response.json()["is_valid"] is True
    assert admin_client.get(url).status_code == 200
