"""Importing registers from .xlsx and CSV files: dry run, all-or-nothing, named problems."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from wagtail_govdisclosure.registers.models import Application, ReviewCase
from wagtail_govdisclosure.registers.resources import RegisterImport

from .conftest import add_applications, day
from .files import csv_bytes, xlsx_bytes

HEADER = [
    "序号",
    "登记编号",
    "收到日期",
    "申请方式",
    "申请人类型",
    "申请人姓名",
    "联系电话",
    "申请公开的内容",
    "是否延期",
    "办理结果",
    "答复日期",
]
ROWS = [
    [
        1,
        "2023-001",
        datetime.datetime(2023, 3, 1),
        "网上",
        "自然人",
        "张三",
        "13800000001",
        "2022年科技项目资金分配表",
        "否",
        "予以公开",
        datetime.datetime(2023, 3, 15),
    ],
    [
        2,
        "2023-002",
        "2023/4/3",
        "邮寄",
        "商业企业",
        "某某科技有限公司",
        "济宁市某路1号",
        "高新技术企业认定名单",
        "是",
        "（三）不予公开·4.保护第三方合法权益",
        "2023年5月20日",
    ],
    [
        3,
        "2023-003",
        "2023-12-28",
        "当面",
        "法人或其他组织·其他",
        "某协会",
        "",
        "本局2023年度预算",
        "",
        "",
        "",
    ],
]


@pytest.fixture
def importer(agency):
    return RegisterImport(Application, agency)


def test_xlsx_happy_path_dry_run_then_import(agency, importer) -> None:
    data = xlsx_bytes([HEADER, *ROWS], title="2023年依申请公开登记表")
    dry = importer.run(data, "登记表.xlsx", dry_run=True, preview_rows=10)
    assert dry.ok, [str(p) for p in dry.problems]
    assert (dry.new, dry.updated, dry.saved) == (3, 0, False)
    assert [line for line, _ in dry.preview] == [3, 4, 5]
    assert Application.objects.count() == 0
    # 序号 is not a column of the register: the clerk is told it is ignored.
    assert any("序号" in notice for notice in dry.notices)

    done = importer.run(data, "登记表.xlsx", dry_run=False)
    assert done.ok and done.saved and done.new == 3
    first, second, third = Application.objects.order_by("reference")
    assert (first.received_on, first.channel, first.applicant_type) == (
        day("2023-03-01"),
        "online",
        "natural_person",
    )
    assert (first.outcome, first.closed_on, first.applicant_name) == (
        "disclosed",
        day("2023-03-15"),
        "张三",
    )
    assert first.reply_deadline == day("2023-03-29")
    assert (second.extended, second.outcome, second.received_on) == (
        True,
        "withheld_third_party",
        day("2023-04-03"),
    )
    assert (third.applicant_type, third.outcome, third.closed_on) == ("other_org", "", None)
    assert {a.agency_id for a in (first, second, third)} == {agency.pk}


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8", "utf-8-sig"])
def test_csv_in_each_encoding_offices_use(importer, encoding) -> None:
    rows = [[str(v.date()) if isinstance(v, datetime.datetime) else v for v in row] for row in ROWS]
    data = csv_bytes([HEADER, *rows], encoding)
    report = importer.run(data, "登记表.csv", dry_run=False)
    assert report.ok, [str(p) for p in report.problems]
    assert report.encoding == encoding
    assert Application.objects.filter(applicant_name="某某科技有限公司").exists()
    assert Application.objects.get(reference="2023-002").content == "高新技术企业认定名单"


def test_a_bad_row_saves_nothing_and_names_row_and_column(importer) -> None:
    rows = [list(row) for row in ROWS]
    rows[1][2] = "2023-13-45"  # line 3 of the file: not a date
    rows[2][9] = "公开了"  # line 4: not an outcome
    data = csv_bytes([HEADER, *rows], "gb18030")
    with translation.override("zh-hans"):
        report = importer.run(data, "登记表.csv", dry_run=False)
        messages = [str(p) for p in report.problems]
    assert not report.saved
    assert Application.objects.count() == 0
    assert [(p.line, p.column) for p in report.problems] == [(3, "收到日期"), (4, "办理结果")]
    assert "2023-13-45" in messages[0] and "3" in messages[0] and "收到日期" in messages[0]
    assert "公开了" in messages[1]


def test_a_rule_of_the_register_is_reported_on_its_field(importer) -> None:
    rows = [list(ROWS[0])]
    rows[0][10] = "2023-02-01"  # answered before it was received
    report = importer.run(xlsx_bytes([HEADER, *rows]), "a.xlsx", dry_run=False)
    assert [(p.line, p.column) for p in report.problems] == [(2, "答复日期")]
    assert Application.objects.count() == 0


def test_a_missing_required_column_and_a_duplicate_number(importer) -> None:
    header = [h for h in HEADER if h != "申请人类型"]
    rows = [[v for i, v in enumerate(row) if HEADER[i] != "申请人类型"] for row in ROWS]
    rows[2][1] = "2023-001"
    report = importer.run(csv_bytes([header, *rows], "utf-8"), "a.csv", dry_run=True)
    problems = [(p.line, p.column) for p in report.problems]
    assert (1, "") in problems  # no 申请人类型 column
    assert (4, "登记编号") in problems  # 2023-001 again


def test_a_file_updates_the_entries_it_numbers(agency, importer) -> None:
    add_applications(agency, [("2023-001", "natural_person", "2023-03-01", None, "")])
    report = importer.run(xlsx_bytes([HEADER, *ROWS]), "a.xlsx", dry_run=False)
    assert (report.new, report.updated) == (2, 1)
    assert Application.objects.get(reference="2023-001").outcome == "disclosed"


def test_personal_columns_are_ignored_for_a_user_without_the_permission(agency) -> None:
    add_applications(agency, [("2023-001", "natural_person", "2023-03-01", None, "")])
    importer = RegisterImport(Application, agency, include_personal=False)
    report = importer.run(xlsx_bytes([HEADER, *ROWS]), "a.xlsx", dry_run=False)
    assert report.saved
    assert len([n for n in report.notices if "申请人姓名" in n or "联系电话" in n]) == 2
    # The existing entry keeps its applicant; the new ones have none.
    assert Application.objects.get(reference="2023-001").applicant_name == "申请人2023-001"
    assert Application.objects.get(reference="2023-002").applicant_name == ""


def test_cases_link_to_applications_by_number(agency) -> None:
    add_applications(
        agency, [("2023-001", "natural_person", "2023-03-01", "2023-03-10", "disclosed")]
    )
    header = ["案号", "案件类型", "立案日期", "审结结果", "审结日期", "申请登记编号"]
    rows = [
        ["济行复〔2023〕1号", "行政复议", "2023-04-01", "维持", "2023-06-01", "2023-001"],
        ["（2023）鲁0829行初1号", "未经复议直接起诉", "2023-05-01", "", "", ""],
        ["（2023）鲁0829行初2号", "复议后起诉", "2023-05-02", "", "", "2099-404"],
    ]
    importer = RegisterImport(ReviewCase, agency)
    report = importer.run(xlsx_bytes([header, *rows]), "a.xlsx", dry_run=False)
    assert [(p.line, p.column) for p in report.problems] == [(4, "申请登记编号")]
    assert ReviewCase.objects.count() == 0
    del rows[2]
    report = importer.run(xlsx_bytes([header, *rows]), "a.xlsx", dry_run=False)
    assert report.saved
    case = ReviewCase.objects.get(reference="济行复〔2023〕1号")
    assert (case.case_type, case.result, case.application.reference) == (
        "reconsideration",
        "upheld",
        "2023-001",
    )


def test_unreadable_files_are_refused_with_a_reason(importer) -> None:
    for data, name in [
        (b"", "a.csv"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "a.xls"),
        (b"PK\x03\x04 broken", "a.xlsx"),
        ("甲,乙\n1,2\n".encode(), "a.csv"),
    ]:
        report = importer.run(data, name, dry_run=True)
        assert len(report.problems) == 1 and not report.saved, name


def test_the_applicant_group_label_of_the_form_heads_the_applicant_type_column() -> None:
    from pathlib import Path

    from wagtail_govdisclosure.formats.gb2021 import FORMAT_2021
    from wagtail_govdisclosure.registers import columns

    label = FORMAT_2021.table("applications").bands[0].columns[0].label
    matcher = columns.HeaderMatcher(Application, columns.APPLICATION_COLUMNS)
    assert matcher.match(label).key == "applicant_type"
    # Read from the declaration, not typed again in the registers.
    assert f'"{label}"' not in Path(columns.__file__).read_text(encoding="utf-8")


def test_the_demo_loader_types_no_label_of_the_form() -> None:
    from pathlib import Path

    from example_site.portal.demo import registers as demo
    from wagtail_govdisclosure.formats.gb2021 import FORMAT_2021

    source = Path(demo.__file__).read_text(encoding="utf-8")
    labels = [row.label for band in FORMAT_2021.table("reviews").bands for row in band.rows]
    assert labels
    for label in labels:  # 行政复议, 行政诉讼: the demo's messages go through gettext
        assert label not in source, label
