"""Exports of the registers and of a report's tables: safe cells, no personal data by default."""

from __future__ import annotations

import csv
import io
import json

import pytest

from wagtail_govdisclosure.formats.layout import table_grid
from wagtail_govdisclosure.interchange import loads
from wagtail_govdisclosure.registers.exports import (
    export_register,
    export_report,
)
from wagtail_govdisclosure.registers.fill import fill_report_tables
from wagtail_govdisclosure.registers.models import Application
from wagtail_govdisclosure.registers.resources import RegisterImport
from wagtail_govdisclosure.registers.tabular import FileProblem
from wagtail_govdisclosure.spreadsheets import neutralise, restore

from .conftest import add_applications, make_column
from .files import read_xlsx, xlsx_bytes
from .test_fill import document_for

FORMULAS = ['=HYPERLINK("http://x","点击")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def xlsx_cells(data: bytes, row: int, sheet: int = 0) -> list:
    """The openpyxl cells of one row of an exported workbook (to see their type and style)."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    return next(workbook.worksheets[sheet].iter_rows(min_row=row, max_row=row))


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_starts_like_a_formula_gets_an_apostrophe(text) -> None:
    assert neutralise(text) == "'" + text
    assert neutralise("申请公开=某文件") == "申请公开=某文件"
    assert neutralise(12) == 12


@pytest.fixture
def entries(agency):
    return add_applications(
        agency,
        [
            ("2023-001", "natural_person", "2023-03-01", "2023-03-15", "disclosed"),
            ("2023-002", "commercial_enterprise", "2023-04-03", None, ""),
        ],
    )


def test_a_formula_typed_into_the_register_is_neutralised_in_xlsx_and_csv(entries) -> None:
    first = entries[0]
    first.content = '=HYPERLINK("http://example.com","查看")'
    first.notes = "@SUM(1)"
    first.save()
    data = export_register(Application.objects.all(), Application, "xlsx")
    (sheet,) = read_xlsx(data)
    header, row, _second = sheet
    # A string cell is never a formula: the text is written as it is, flagged quotePrefix.
    assert row[header.index("申请内容")] == first.content
    assert row[header.index("备注")] == "@SUM(1)"
    cells = xlsx_cells(data, 2)
    for key in ("申请内容", "备注"):
        cell = cells[header.index(key)]
        assert cell.data_type == "s" and cell.quotePrefix, key
    text = export_register(Application.objects.all(), Application, "csv").decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[1][lines[0].index("申请内容")] == "'" + first.content


@pytest.mark.parametrize("text", ["=1", "+86 138", "-", "@x"])
def test_an_import_takes_off_the_apostrophe_an_export_put_in_front(text) -> None:
    assert restore(neutralise(text)) == text
    # Only an apostrophe an export could have written: the clerk's own ones stay.
    assert restore("'abc") == "'abc"
    assert restore("'") == "'"
    assert restore("''=1") == "''=1"
    assert restore(3) == 3


def test_a_contact_and_a_formula_make_the_round_trip_through_xlsx_and_csv(
    root, agency, other_agency, entries
) -> None:
    first = entries[0]
    first.applicant_contact = "+86 13800000000"
    first.content = "=SUM(A1)"
    first.save()
    mine = Application.objects.filter(agency=agency)

    xlsx = export_register(mine, Application, "xlsx", include_personal=True)
    header = read_xlsx(xlsx)[0][0]
    cells = xlsx_cells(xlsx, 2)
    for key, text in (("联系方式", "+86 13800000000"), ("申请内容", "=SUM(A1)")):
        cell = cells[header.index(key)]
        assert cell.value == text, key  # no apostrophe showing in Excel
        assert cell.data_type == "s" and cell.quotePrefix, key

    csv_data = export_register(mine, Application, "csv", include_personal=True)
    lines = list(csv.reader(io.StringIO(csv_data.decode("utf-8-sig"))))
    row = dict(zip(lines[0], lines[1], strict=True))
    assert row["联系方式"] == "'+86 13800000000"
    assert row["申请内容"] == "'=SUM(A1)"

    third = make_column(root, "嘉祥县第三局", 9)
    for target, data, name in ((other_agency, xlsx, "x.xlsx"), (third, csv_data, "x.csv")):
        report = RegisterImport(Application, target, include_personal=True).run(
            data, name, dry_run=False
        )
        assert report.ok, [str(p) for p in report.problems]
        copy = Application.objects.get(agency=target, reference=first.reference)
        assert (copy.applicant_contact, copy.content) == ("+86 13800000000", "=SUM(A1)"), name


def test_the_report_title_and_text_cells_are_string_cells_in_xlsx(registers_2023) -> None:
    document = registers_2023
    document.agency = '=HYPERLINK("http://example.com")'
    document.set("reviews.reconsideration.upheld", "-")
    data = export_report(document, "xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data))["四、政府信息公开行政复议、行政诉讼情况"]
    title = sheet.cell(row=1, column=1)
    assert title.value == document.title and title.value.startswith("=")
    assert title.data_type == "s" and title.quotePrefix
    grid = table_grid(document.format.table("reviews"))
    upheld = grid.data_cells["reviews.reconsideration.upheld"]
    cell = sheet.cell(row=upheld.top + 3, column=upheld.left + 1)
    # A placeholder shows as the report has it, not as 「'-」.
    assert cell.value == "-" and cell.data_type == "s"
    text = export_report(document, "csv").decode("utf-8-sig")
    assert text.startswith("\"'=HYPERLINK(")


def test_the_import_stops_at_the_row_limit(agency, settings) -> None:
    settings.WAGTAIL_GOVDISCLOSURE_IMPORT_MAX_ROWS = 37
    header = ["登记编号", "收到申请日期", "申请人类型", "申请内容"]
    rows = [[f"2023-{n:03}", "2023-03-01", "自然人", "某文件"] for n in range(1, 39)]
    importer = RegisterImport(Application, agency)
    _sheet, report = importer.read(xlsx_bytes([header, *rows[:37]]), "x.xlsx")
    assert report.ok, [str(p) for p in report.problems]
    sheet, report = importer.read(xlsx_bytes([header, *rows]), "x.xlsx")
    assert sheet is None
    (problem,) = report.problems
    assert "37" in problem.message  # the message names the limit


def test_reading_a_workbook_stops_without_reading_the_rest(monkeypatch, settings) -> None:
    from wagtail_govdisclosure.registers import tabular

    settings.WAGTAIL_GOVDISCLOSURE_IMPORT_MAX_ROWS = 1000
    read = []
    closed = []

    def rows():
        # A zip bomb as the reader sees it: rows without end.
        try:
            yield 1, ["登记编号", "申请内容"]
            line = 1
            while True:
                read.append(1)
                line += 1
                yield line, ["2023-001", "某文件"]
        finally:
            closed.append(True)

    def endless(source):
        return tabular.Lines(rows())

    monkeypatch.setattr(tabular, "_xlsx_lines", endless)
    with pytest.raises(FileProblem, match="1000"):
        tabular.read_sheet(b"PK\x03\x04", "x.xlsx", lambda h: h in ("登记编号", "申请内容"))
    assert len(read) == 1001 and closed == [True]


def test_the_default_row_limit() -> None:
    from wagtail_govdisclosure.registers.tabular import max_rows

    assert max_rows() == 200_000


def test_personal_data_is_left_out_unless_asked_for(entries) -> None:
    for file_format in ("xlsx", "csv", "json"):
        data = export_register(Application.objects.all(), Application, file_format)
        text = (
            json.dumps(read_xlsx(data), default=str)
            if file_format == "xlsx"
            else data.decode("utf-8-sig")
        )
        assert "申请人2023-001" not in text and "13800000000" not in text, file_format
        assert "2023-001" in text
    data = export_register(Application.objects.all(), Application, "xlsx", include_personal=True)
    (sheet,) = read_xlsx(data)
    assert sheet[1][sheet[0].index("申请人姓名或名称")] == "申请人2023-001"


def test_an_export_imports_back_unchanged(agency, other_agency, entries) -> None:
    data = export_register(
        Application.objects.filter(agency=agency), Application, "xlsx", include_personal=True
    )
    report = RegisterImport(Application, other_agency).run(data, "x.xlsx", dry_run=False)
    assert report.ok and report.new == 2, [str(p) for p in report.problems]
    fields = [
        "reference",
        "received_on",
        "channel",
        "applicant_type",
        "applicant_name",
        "content",
        "outcome",
        "closed_on",
        "extended",
        "reply_deadline",
    ]
    mine = list(Application.objects.filter(agency=agency).order_by("reference").values(*fields))
    copied = list(
        Application.objects.filter(agency=other_agency).order_by("reference").values(*fields)
    )
    assert mine == copied


def test_report_xlsx_is_laid_out_and_merged_like_the_form(registers_2023) -> None:
    document = registers_2023
    data = export_report(document, "xlsx")
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    assert [s.title for s in workbook] == [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    sheet = workbook["三、收到和处理政府信息公开申请情况"]
    table = document.format.table("applications")
    grid = table_grid(table)
    merged = {str(r) for r in sheet.merged_cells.ranges}
    spans = [c for c in grid.cells() if c.rowspan > 1 or c.colspan > 1]
    assert len(merged) == len(spans) + 2  # and the two title lines
    note = next(c for c in grid.cells() if c.id == "applications-note")
    assert sheet.cell(row=note.top + 3, column=1).value == table.note
    received = grid.data_cells["applications.received.total"]
    assert sheet.cell(row=received.top + 3, column=received.left + 1).value == 25


def test_report_csv_and_json(registers_2023) -> None:
    document = registers_2023
    text = export_report(document, "csv").decode("utf-8-sig")
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in text
    assert "三、收到和处理政府信息公开申请情况" in text
    again = loads(export_report(document, "json"))
    assert again.tables["applications"] == document.tables["applications"]


@pytest.fixture
def registers_2023(agency):
    from .test_fill import APPLICATIONS_2022, APPLICATIONS_2023

    add_applications(agency, APPLICATIONS_2022 + APPLICATIONS_2023)
    return document_for(fill_report_tables(agency, 2023), 2023)


def test_the_personal_columns_are_the_models_personal_fields() -> None:
    from wagtail_govdisclosure.registers.columns import APPLICATION_COLUMNS, CASE_COLUMNS

    assert tuple(c.key for c in APPLICATION_COLUMNS if c.personal) == Application.PERSONAL_FIELDS
    assert not any(c.personal for c in CASE_COLUMNS)
