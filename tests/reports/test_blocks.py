"""The table blocks: generated from the declaration, fixed in shape, reading cells as typed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from wagtail_govdisclosure.blocks.tables import (
    FormatTablesBlock,
    ReportTableBlock,
    ReportTablesBlock,
    TableValidationError,
    format_block_type,
)
from wagtail_govdisclosure.checks.labels import cell_name
from wagtail_govdisclosure.formats import CURRENT, FORMATS
from wagtail_govdisclosure.interchange import tables_to_json
from wagtail_govdisclosure.models import AnnualReportPage

from .conftest import correct_document, latest_content, make_report, wrong_document
from .forms import report_form_data


def clean_cell(typed, table="applications", row="received", column="natural_person"):
    """What the table block stores for ``typed`` in one cell (the others blank)."""
    block = ReportTableBlock(CURRENT.key, table)
    return block.clean({row: {column: typed}})[row][column]


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
    assert clean_cell(typed) == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0", "0"), ("1.5", "1.5"), ("１２.３０", "12.3"), ("0.0001", "0.0001"), ("", None)],
)
def test_amount_cell_stores_decimal_text(typed, stored):
    assert clean_cell(typed, "proactive", "fees", "amount") == stored


@pytest.mark.parametrize(
    ("cell", "typed", "words"),
    [
        (("applications", "received", "natural_person"), "abc", "不是数字"),
        (("applications", "received", "natural_person"), "十二", "不是数字"),
        (("applications", "received", "natural_person"), "-1", "负数"),
        (("applications", "received", "natural_person"), "1.5", "整数"),
        (("proactive", "fees", "amount"), "0.00001", "小数"),
        (("applications", "received", "natural_person"), "1" * 40, "32"),
    ],
)
def test_cell_refuses_what_is_not_a_count(cell, typed, words):
    table, row, column = cell
    with translation.override("zh-hans"), pytest.raises(TableValidationError) as raised:
        clean_cell(typed, table, row, column)
    ref = f"{table}.{row}.{column}"
    assert list(raised.value.cell_errors) == [ref]  # on its cell, and only there
    message = raised.value.cell_errors[ref][0]
    assert cell_name(CURRENT.table(table).cell(row, column)) in message  # names the cell
    assert words in message
    assert raised.value.as_json_data() == {"cellErrors": {ref: [message]}}


def test_cell_refusal_names_row_and_column_labels():
    with pytest.raises(ValidationError) as raised:
        clean_cell("abc", "applications", "withheld_state_secret", "other_org")
    message = raised.value.messages[0]
    assert "1.属于国家秘密" in message
    assert "其他" in message
    assert "abc" in message


def test_blocks_follow_the_declaration():
    """One block per table, its value keyed by the declaration's rows and columns."""
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
        value = table_block.get_default()
        assert list(value) == [row.key for row in table.rows]
        for row in table.rows:
            assert list(value[row.key]) == [column.key for column in table.columns_of(row.key)]
            assert set(value[row.key].values()) == {None}
    applications = current.child_blocks["applications"]
    assert len(applications.get_default()) == 25
    assert applications.meta.help_text == CURRENT.table("applications").note


def test_table_value_is_the_interchange_json():
    document = correct_document()
    block = ReportTableBlock(CURRENT.key, "applications")
    expected = tables_to_json(CURRENT, document.tables)["applications"]
    stored = block.get_prep_value(block.to_python(expected))
    assert stored == expected
    assert block.get_form_state(stored)["received"]["natural_person"] == str(
        stored["received"]["natural_person"]
    )


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
    table = errors["blockErrors"][0]["blockErrors"]["applications"]
    (message,) = table["cellErrors"]["applications.disclosed.natural_person"]
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
