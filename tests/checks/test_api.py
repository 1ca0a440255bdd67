"""The public API of the checks: registry, findings, helpers for the editor and the API."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from wagtail_govdisclosure.checks import (
    CHECKS,
    Finding,
    Severity,
    findings_by_cell,
    has_errors,
    run_checks,
    summary,
)

#: The check codes of the specification ("Checks"), in its order.
SPEC_CODES = [
    "blank_cell",
    "invalid_number",
    "applications_row_total",
    "applications_handled_total",
    "applications_balance",
    "reviews_total",
    "carry_over",
    "in_force_continuity",
    "regulations_not_competent",
    "text_table_mismatch",
    "late_publication",
    "outdated_format",
]
WARNINGS = {"in_force_continuity", "text_table_mismatch", "late_publication"}


def test_registry_lists_every_spec_code_in_order() -> None:
    assert list(CHECKS) == SPEC_CODES
    for code, info in CHECKS.items():
        assert info.code == code
        assert info.severity is (Severity.WARNING if code in WARNINGS else Severity.ERROR)
        assert str(info.title) and str(info.description)


def test_finding_to_json() -> None:
    finding = Finding(
        "invalid_number",
        Severity.ERROR,
        ("proactive.fees.amount",),
        Decimal("1.50"),
        datetime.date(2023, 1, 31),
        "x",
    )
    data = finding.to_json()
    assert data == {
        "code": "invalid_number",
        "severity": "error",
        "cells": ["proactive.fees.amount"],
        "expected": "1.5",
        "actual": "2023-01-31",
        "message": "x",
    }
    json.dumps(data)


def test_helpers_on_the_seed(seed) -> None:
    seed.set("reviews.reconsideration.upheld", 1)  # its total says 0
    # A lawsuit in the table, while the seed's text says there was none.
    seed.set("reviews.litigation_direct.upheld", 1)
    seed.set("reviews.litigation_direct.total", 1)
    seed.published = datetime.date(2023, 3, 1)
    findings = run_checks(seed)
    assert has_errors(findings)
    assert summary(findings) == {
        "errors": 25,
        "warnings": 2,
        "codes": {
            "blank_cell": 24,
            "reviews_total": 1,
            "text_table_mismatch": 1,
            "late_publication": 1,
        },
    }
    by_cell = findings_by_cell(findings)
    assert [f.code for f in by_cell["reviews.reconsideration.upheld"]] == ["reviews_total"]
    assert [f.code for f in by_cell["reviews.litigation_direct.total"]] == ["text_table_mismatch"]
    assert [f.code for f in by_cell["applications.received.total"]] == ["blank_cell"]
    assert [f.code for f in by_cell["sections.overview"]] == ["text_table_mismatch"]
    # Report-level findings come first, then by position in the form.
    assert findings[0].code == "late_publication"
    assert json.loads(json.dumps([f.to_json() for f in findings]))


def test_warnings_alone_do_not_block(tables_only) -> None:
    tables_only.published = datetime.date(2023, 5, 1)
    findings = run_checks(tables_only)
    assert [f.code for f in findings] == ["late_publication"]
    assert not has_errors(findings)
    assert summary(findings) == {"errors": 0, "warnings": 1, "codes": {"late_publication": 1}}


def test_findings_are_sorted_deterministically(tables_only) -> None:
    for ref, value in [
        ("reviews.reconsideration.other", 1),
        ("applications.carried_over_out.other_org", 2),
        ("proactive.fees.amount", "abc"),
        ("applications.received.natural_person", None),
        ("applications.received.total", 4),
    ]:
        tables_only.set(ref, value)
    findings = run_checks(tables_only)
    assert [(f.code, f.cells[0]) for f in findings] == [
        ("invalid_number", "proactive.fees.amount"),
        ("blank_cell", "applications.received.natural_person"),
        ("applications_balance", "applications.received.other_org"),
        ("applications_balance", "applications.received.total"),
        ("applications_row_total", "applications.carried_over_out.total"),
        ("reviews_total", "reviews.reconsideration.total"),
    ]
    assert run_checks(tables_only) == findings


def test_messages_are_plain_text_with_user_content_unescaped(tables_only) -> None:
    # Messages are plain str (never SafeString): templates escape them.
    tables_only.set("proactive.licensing.decisions", "<b>3</b>")
    (finding,) = run_checks(tables_only)
    assert type(finding.message) is str
    assert "<b>3</b>" in finding.message


def test_an_empty_report_is_all_blank_and_nothing_else() -> None:
    from wagtail_govdisclosure.checks import compute_totals
    from wagtail_govdisclosure.formats import FORMAT_2021
    from wagtail_govdisclosure.interchange import ReportDocument

    document = ReportDocument.empty(2022, "某县某局")
    findings = run_checks(document)
    assert [f.cells for f in findings] == [(cell.ref,) for cell in FORMAT_2021.cells]
    assert {f.code for f in findings} == {"blank_cell"}
    assert compute_totals(document) == {}


def test_a_document_missing_rows_reads_them_as_blank(tables_only) -> None:
    del tables_only.tables["reviews"]["litigation_direct"]
    findings = run_checks(tables_only)
    assert [f.cells[0] for f in findings] == [
        f"reviews.litigation_direct.{c}"
        for c in ("upheld", "corrected", "other", "pending", "total")
    ]
