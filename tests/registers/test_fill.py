"""Tables 三 and 四 computed from a year of register entries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail_govdisclosure.checks import run_checks
from wagtail_govdisclosure.formats import AgencyKind, AgencyLevel
from wagtail_govdisclosure.interchange import ReportDocument
from wagtail_govdisclosure.registers.fill import fill_report_tables

from .conftest import add_applications, add_cases

N, C, R, S, L, OTHER = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
)

#: (reference, applicant type, received, closed, outcome[, options])
APPLICATIONS_2022 = [
    ("B01", N, "2022-12-20", "2023-01-10", "disclosed"),  # carried into 2023
    ("B02", C, "2022-12-28", "2023-02-01", "unavailable_not_held"),  # carried into 2023
    ("B03", N, "2022-11-15", "2022-12-20", "disclosed"),  # closed in 2022
    ("B04", L, "2022-12-30", "2024-01-05", "rejected_duplicate"),  # open through 2023
]
APPLICATIONS_2023 = [
    ("A01", N, "2023-01-05", "2023-01-20", "disclosed"),
    ("A02", N, "2023-02-10", "2023-03-01", "partially_disclosed", {"extended": True}),
    ("A03", C, "2023-03-01", "2023-03-20", "withheld_state_secret"),
    ("A04", N, "2023-03-05", "2023-03-30", "withheld_prohibited_by_law"),
    ("A05", R, "2023-03-10", "2023-04-01", "withheld_security_stability"),
    ("A06", N, "2023-04-01", "2023-04-20", "withheld_third_party"),
    ("A07", S, "2023-04-10", "2023-05-10", "withheld_internal_affairs", {"extended": True}),
    ("A08", N, "2023-05-06", "2023-05-20", "withheld_process_info"),
    ("A09", L, "2023-05-15", "2023-06-01", "withheld_enforcement_file"),
    ("A10", N, "2023-06-01", "2023-06-15", "withheld_inquiry"),
    ("A11", OTHER, "2023-06-05", "2023-06-20", "unavailable_not_held"),
    ("A12", N, "2023-06-10", "2023-07-01", "unavailable_needs_creation"),
    (
        "A13",
        N,
        "2023-07-01",
        "2023-08-10",
        "unavailable_unclear",
        {"correction_requested_on": "2023-07-05", "correction_received_on": "2023-07-20"},
    ),
    ("A14", C, "2023-07-10", "2023-07-25", "rejected_petition"),
    ("A15", N, "2023-08-01", "2023-08-15", "rejected_duplicate"),
    ("A16", N, "2023-08-10", "2023-08-20", "rejected_publication"),
    ("A17", C, "2023-09-01", "2023-09-20", "rejected_vexatious"),
    ("A18", N, "2023-09-05", "2023-09-25", "rejected_confirmation"),
    (
        "A19",
        N,
        "2023-09-10",
        "2023-10-30",
        "other_no_correction",
        {"correction_requested_on": "2023-09-15"},
    ),
    ("A20", R, "2023-10-09", "2023-11-01", "other_unpaid_fee"),
    ("A21", N, "2023-10-20", "2023-11-20", "other_handling", {"extended": True}),
    ("A22", N, "2023-11-01", "2023-11-10", "disclosed"),
    ("A23", C, "2023-11-15", "2023-12-01", "disclosed"),
    ("A24", N, "2023-12-20", None, ""),  # open at the end of 2023
    ("A25", R, "2023-12-25", "2024-01-08", "partially_disclosed"),  # closed in 2024
]
APPLICATIONS_2024 = [("X01", N, "2024-01-02", None, "")]

CASES = [
    ("R1", "reconsideration", "2023-03-01", "2023-05-01", "upheld"),
    ("R2", "reconsideration", "2023-06-01", "2023-08-01", "corrected"),
    ("R3", "reconsideration", "2023-11-01", None, ""),
    ("R4", "litigation_direct", "2023-04-01", "2023-09-01", "other"),
    ("R5", "litigation_direct", "2023-12-01", "2024-02-01", "upheld"),  # pending at year end
    ("R6", "litigation_after_reconsideration", "2023-09-01", "2023-12-30", "upheld"),
    ("R7", "reconsideration", "2022-10-01", "2023-01-15", "upheld"),  # filed in 2022
]

#: Table 三 for 2023, counted by hand from the lists above: row → (N, C, R, S, L, OTHER, total).
EXPECTED_APPLICATIONS_2023 = {
    "received": (15, 4, 3, 1, 1, 1, 25),
    "carried_over_in": (1, 1, 0, 0, 1, 0, 3),
    "disclosed": (3, 1, 0, 0, 0, 0, 4),
    "partially_disclosed": (1, 0, 0, 0, 0, 0, 1),
    "withheld_state_secret": (0, 1, 0, 0, 0, 0, 1),
    "withheld_prohibited_by_law": (1, 0, 0, 0, 0, 0, 1),
    "withheld_security_stability": (0, 0, 1, 0, 0, 0, 1),
    "withheld_third_party": (1, 0, 0, 0, 0, 0, 1),
    "withheld_internal_affairs": (0, 0, 0, 1, 0, 0, 1),
    "withheld_process_info": (1, 0, 0, 0, 0, 0, 1),
    "withheld_enforcement_file": (0, 0, 0, 0, 1, 0, 1),
    "withheld_inquiry": (1, 0, 0, 0, 0, 0, 1),
    "unavailable_not_held": (0, 1, 0, 0, 0, 1, 2),
    "unavailable_needs_creation": (1, 0, 0, 0, 0, 0, 1),
    "unavailable_unclear": (1, 0, 0, 0, 0, 0, 1),
    "rejected_petition": (0, 1, 0, 0, 0, 0, 1),
    "rejected_duplicate": (1, 0, 0, 0, 0, 0, 1),
    "rejected_publication": (1, 0, 0, 0, 0, 0, 1),
    "rejected_vexatious": (0, 1, 0, 0, 0, 0, 1),
    "rejected_confirmation": (1, 0, 0, 0, 0, 0, 1),
    "other_no_correction": (1, 0, 0, 0, 0, 0, 1),
    "other_unpaid_fee": (0, 0, 1, 0, 0, 0, 1),
    "other_handling": (1, 0, 0, 0, 0, 0, 1),
    "handled_total": (15, 5, 2, 1, 1, 1, 25),
    "carried_over_out": (1, 0, 1, 0, 1, 0, 3),
}
COLUMNS = (N, C, R, S, L, OTHER, "total")

#: Table 四 for 2023: row → (upheld, corrected, other, pending, total).
EXPECTED_REVIEWS_2023 = {
    "reconsideration": (1, 1, 0, 1, 3),
    "litigation_direct": (0, 0, 1, 1, 2),
    "litigation_after_reconsideration": (1, 0, 0, 0, 1),
}
REVIEW_COLUMNS = ("upheld", "corrected", "other", "pending", "total")


@pytest.fixture
def registers(agency, other_agency):
    add_applications(agency, APPLICATIONS_2022 + APPLICATIONS_2023 + APPLICATIONS_2024)
    add_cases(agency, CASES)
    # Another agency's entries never count.
    add_applications(other_agency, [("Y01", N, "2023-05-05", "2023-05-10", "disclosed")])
    add_cases(other_agency, [("Y1", "reconsideration", "2023-05-05", None, "")])
    return agency


def document_for(tables: dict, year: int) -> ReportDocument:
    """A report of ``year`` whose tables 三 and 四 are ``tables`` (table 二 all zero)."""
    document = ReportDocument.empty(
        year,
        "嘉祥县科学技术局",
        agency_level=AgencyLevel.COUNTY,
        agency_kind=AgencyKind.DEPARTMENT,
    )
    for row, columns in document.tables["proactive"].items():
        for column in columns:
            document.tables["proactive"][row][column] = "0" if column == "amount" else 0
    document.tables.update(tables)
    return document


def test_a_year_of_entries_fills_the_hand_counted_tables(registers) -> None:
    tables = fill_report_tables(registers, 2023)
    assert set(tables) == {"applications", "reviews"}
    expected = {
        row: dict(zip(COLUMNS, values, strict=True))
        for row, values in EXPECTED_APPLICATIONS_2023.items()
    }
    assert tables["applications"] == expected
    assert tables["reviews"] == {
        row: dict(zip(REVIEW_COLUMNS, values, strict=True))
        for row, values in EXPECTED_REVIEWS_2023.items()
    }


def test_the_filled_tables_pass_every_check(registers) -> None:
    this_year = document_for(fill_report_tables(registers, 2023), 2023)
    findings = run_checks(this_year)
    assert [f.code for f in findings if f.is_error] == []

    previous = document_for(fill_report_tables(registers, 2022), 2022)
    assert [f.code for f in run_checks(previous) if f.is_error] == []
    next_year = document_for(fill_report_tables(registers, 2024), 2024)
    assert [f.code for f in run_checks(next_year, previous=this_year) if f.is_error] == []
    assert [f.code for f in run_checks(this_year, previous=previous) if f.is_error] == []


def test_next_years_carry_over_in_is_this_years_carry_over_out(registers) -> None:
    for year in (2022, 2023, 2024):
        this_year = fill_report_tables(registers, year)["applications"]
        next_year = fill_report_tables(registers, year + 1)["applications"]
        assert next_year["carried_over_in"] == this_year["carried_over_out"]
    assert fill_report_tables(registers, 2024)["applications"]["carried_over_in"]["total"] == 3


def test_an_empty_register_fills_zeros_that_pass_the_checks(agency) -> None:
    tables = fill_report_tables(agency, 2023)
    assert all(v == 0 for row in tables["applications"].values() for v in row.values())
    assert [f for f in run_checks(document_for(tables, 2023)) if f.is_error] == []


def test_the_fill_is_two_queries_whatever_the_register_size(registers) -> None:
    with CaptureQueriesContext(connection) as queries:
        fill_report_tables(registers, 2023)
    assert len(queries) == 2
