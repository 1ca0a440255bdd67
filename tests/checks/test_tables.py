"""Cell checks (blank_cell, invalid_number) and the arithmetic rules of the declaration."""

from __future__ import annotations

import pytest
from django.utils import translation

from wagtail_govdisclosure.checks import (
    CHECKS,
    Severity,
    check_table_values,
    fill_totals,
    run_checks,
)
from wagtail_govdisclosure.formats import FORMAT_2021, FORMATS


def _codes(findings) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.code, f.cells) for f in findings]


@pytest.mark.parametrize("placeholder", [None, "", "  ", "/", "／", "—", "无", "-"])
def test_blank_or_placeholder_part_is_blank_cell(tables_only, placeholder) -> None:
    tables_only.set("applications.disclosed.natural_person", placeholder)
    findings = run_checks(tables_only)
    # The totals over that cell are skipped: one finding only.
    assert _codes(findings) == [("blank_cell", ("applications.disclosed.natural_person",))]
    assert findings[0].severity is Severity.ERROR
    assert findings[0].expected is None


def test_blank_cell_message_in_chinese(tables_only) -> None:
    tables_only.set("applications.withheld_state_secret.other_org", "/")
    with translation.override("zh-hans"):
        (finding,) = run_checks(tables_only)
    assert finding.message == (
        "“（三）不予公开·1.属于国家秘密”行“法人或其他组织·其他”列填写的是“/”，不是数字。"
        "没有发生的事项请填写 0，不要用符号代替。"
    )
    assert finding.actual == "/"


def test_blank_total_names_the_value_it_should_hold(tables_only) -> None:
    tables_only.set("reviews.reconsideration.upheld", 3)
    tables_only.set("reviews.reconsideration.pending", 1)
    tables_only.set("reviews.reconsideration.total", None)
    (finding,) = run_checks(tables_only)
    assert (finding.code, finding.cells, finding.expected) == (
        "blank_cell",
        ("reviews.reconsideration.total",),
        4,
    )
    with translation.override("zh-hans"):
        (finding,) = run_checks(tables_only)
    assert finding.message == "“行政复议”的“总计”为空。该格是合计数，应为 4。"


@pytest.mark.parametrize(
    ("ref", "raw"),
    [
        ("applications.received.natural_person", "十二"),
        ("applications.received.natural_person", "2件"),
        ("applications.received.natural_person", -1),
        ("applications.received.natural_person", "1.5"),
        ("proactive.licensing.decisions", 2.5),
        ("proactive.fees.amount", "-3"),
        ("proactive.fees.amount", "0.12345"),
        ("reviews.litigation_direct.pending", "abc"),
    ],
)
def test_invalid_number(tables_only, ref, raw) -> None:
    tables_only.set(ref, raw)
    findings = run_checks(tables_only)
    assert _codes(findings) == [("invalid_number", (ref,))]
    assert findings[0].actual == str(raw)


@pytest.mark.parametrize("raw", ["0.1234", "12.5", 3, "１２"])
def test_valid_amounts_and_full_width_digits(tables_only, raw) -> None:
    tables_only.set("proactive.fees.amount", raw)
    assert run_checks(tables_only) == []


def test_invalid_number_messages_in_chinese(tables_only) -> None:
    tables_only.set("proactive.fees.amount", "0.12345")
    tables_only.set("proactive.penalty.decisions", -2)
    with translation.override("zh-hans"):
        messages = [f.message for f in run_checks(tables_only)]
    assert messages == [
        "“行政处罚”行“本年处理决定数量”列为负数（-2），应为 0 或正数。",
        "“行政事业性收费”行“本年收费金额（单位：万元）”列为 0.12345，该金额最多保留 4 位小数。",
    ]


def test_applications_row_total(tables_only) -> None:
    tables_only.set("applications.received.natural_person", 7)
    tables_only.set("applications.received.legal_service_org", 3)
    tables_only.set("applications.received.total", 12)
    findings = [f for f in run_checks(tables_only) if f.code == "applications_row_total"]
    assert len(findings) == 1
    finding = findings[0]
    assert finding.cells[0] == "applications.received.total"
    assert set(finding.cells[1:]) == {
        f"applications.received.{c}"
        for c in (
            "natural_person",
            "commercial_enterprise",
            "research_institution",
            "social_welfare_org",
            "legal_service_org",
            "other_org",
        )
    }
    assert (finding.expected, finding.actual) == (10, 12)
    with translation.override("zh-hans"):
        message = next(
            f.message for f in run_checks(tables_only) if f.code == "applications_row_total"
        )
    assert message == (
        "“一、本年新收政府信息公开申请数量”行“总计”列应为 10"
        "（“自然人”至“法人或其他组织·其他”各项之和），实为 12。"
    )


def test_applications_row_total_silent_when_right(tables_only) -> None:
    tables_only.set("applications.received.natural_person", 7)
    tables_only.set("applications.carried_over_out.natural_person", 7)
    fill_totals(tables_only)
    assert run_checks(tables_only) == []


def test_applications_handled_total(tables_only) -> None:
    tables_only.set("applications.withheld_inquiry.natural_person", 2)
    tables_only.set("applications.withheld_inquiry.total", 2)
    findings = run_checks(tables_only)
    handled = [f for f in findings if f.code == "applications_handled_total"]
    # Column 自然人 and column 总计 both miss the 2.
    assert [f.cells[0] for f in handled] == [
        "applications.handled_total.natural_person",
        "applications.handled_total.total",
    ]
    assert all((f.expected, f.actual) == (2, 0) for f in handled)
    assert "applications.withheld_inquiry.natural_person" in handled[0].cells
    assert len(handled[0].cells) == 22  # the total and its 21 outcome rows


def test_applications_balance(tables_only) -> None:
    # Totals consistent, but 一 + 二 ≠ 三（七） + 四 in the 自然人 and 总计 columns.
    tables_only.set("applications.received.natural_person", 5)
    tables_only.set("applications.disclosed.natural_person", 4)
    fill_totals(tables_only)
    findings = run_checks(tables_only)
    assert [(f.code, f.cells, f.expected, f.actual) for f in findings] == [
        (
            "applications_balance",
            (
                "applications.received.natural_person",
                "applications.carried_over_in.natural_person",
                "applications.handled_total.natural_person",
                "applications.carried_over_out.natural_person",
            ),
            5,
            4,
        ),
        (
            "applications_balance",
            (
                "applications.received.total",
                "applications.carried_over_in.total",
                "applications.handled_total.total",
                "applications.carried_over_out.total",
            ),
            5,
            4,
        ),
    ]
    with translation.override("zh-hans"):
        message = run_checks(tables_only)[0].message
    assert message == (
        "“自然人”列：“一、本年新收政府信息公开申请数量”与“二、上年结转政府信息公开申请数量”"
        "之和为 5，“（七）总计”与“四、结转下年度继续办理”之和为 4，两者应当相等。"
    )


def test_reviews_total(tables_only) -> None:
    tables_only.set("reviews.litigation_after_reconsideration.corrected", 1)
    findings = run_checks(tables_only)
    assert [(f.code, f.cells[0], f.expected, f.actual) for f in findings] == [
        ("reviews_total", "reviews.litigation_after_reconsideration.total", 1, 0)
    ]
    assert findings[0].cells[1:] == tuple(
        f"reviews.litigation_after_reconsideration.{c}"
        for c in ("upheld", "corrected", "other", "pending")
    )
    fill_totals(tables_only)
    assert run_checks(tables_only) == []


def test_a_rule_with_an_invalid_cell_is_skipped(tables_only) -> None:
    tables_only.set("reviews.reconsideration.upheld", 2)
    tables_only.set("reviews.reconsideration.total", "两")
    assert _codes(run_checks(tables_only)) == [
        ("invalid_number", ("reviews.reconsideration.total",))
    ]


def test_check_table_values_checks_one_table() -> None:
    rows = {
        "reconsideration": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 2},
        "litigation_direct": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0},
        "litigation_after_reconsideration": {
            "upheld": None,
            "corrected": 0,
            "other": 0,
            "pending": 0,
            "total": 0,
        },
    }
    findings = check_table_values(FORMAT_2021, "reviews", rows)
    assert _codes(findings) == [
        (
            "reviews_total",
            tuple(
                f"reviews.reconsideration.{c}"
                for c in ("total", "upheld", "corrected", "other", "pending")
            ),
        ),
        ("blank_cell", ("reviews.litigation_after_reconsideration.upheld",)),
    ]


def test_every_declared_rule_has_a_registered_code() -> None:
    for report_format in FORMATS.values():
        for rule in report_format.rules:
            assert rule.check in CHECKS
            assert CHECKS[rule.check].severity is Severity.ERROR
