"""Property tests: the arithmetic checks against the specification's rules, written out here.

The rules below are transcribed from the specification (docs: "Checks"), independently of
the format declaration and of ``ReportFormat.rules``: a consistent table is generated from
them, and which rules a change breaks is recomputed from them.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from wagtail_govdisclosure.checks import fill_totals, run_checks
from wagtail_govdisclosure.formats import FORMAT_2021
from wagtail_govdisclosure.interchange import ReportDocument

APPLICANTS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
)
APPLICATION_COLUMNS = (*APPLICANTS, "total")
OUTCOMES = (
    "disclosed",
    "partially_disclosed",
    "withheld_state_secret",
    "withheld_prohibited_by_law",
    "withheld_security_stability",
    "withheld_third_party",
    "withheld_internal_affairs",
    "withheld_process_info",
    "withheld_enforcement_file",
    "withheld_inquiry",
    "unavailable_not_held",
    "unavailable_needs_creation",
    "unavailable_unclear",
    "rejected_petition",
    "rejected_duplicate",
    "rejected_publication",
    "rejected_vexatious",
    "rejected_confirmation",
    "other_no_correction",
    "other_unpaid_fee",
    "other_handling",
)
APPLICATION_ROWS = ("received", "carried_over_in", *OUTCOMES, "handled_total", "carried_over_out")
REVIEW_ROWS = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
REVIEW_PARTS = ("upheld", "corrected", "other", "pending")
PROACTIVE = {
    "regulations": ("issued", "repealed", "in_force"),
    "normative_documents": ("issued", "repealed", "in_force"),
    "licensing": ("decisions",),
    "penalty": ("decisions",),
    "coercion": ("decisions",),
    "fees": ("amount",),
}
AMOUNT_REFS = {"proactive.fees.amount"}
#: Cells that are sums of others (the 总计 columns and row （七）总计).
TOTAL_REFS = frozenset(
    [f"applications.{row}.total" for row in APPLICATION_ROWS]
    + [f"applications.handled_total.{column}" for column in APPLICATION_COLUMNS]
    + [f"reviews.{row}.total" for row in REVIEW_ROWS]
)


def spec_rules() -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(code, left cells, right cells): sum(left) must equal sum(right)."""
    rules = []
    for row in APPLICATION_ROWS:
        rules.append(
            (
                "applications_row_total",
                (f"applications.{row}.total",),
                tuple(f"applications.{row}.{c}" for c in APPLICANTS),
            )
        )
    for column in APPLICATION_COLUMNS:
        rules.append(
            (
                "applications_handled_total",
                (f"applications.handled_total.{column}",),
                tuple(f"applications.{row}.{column}" for row in OUTCOMES),
            )
        )
        rules.append(
            (
                "applications_balance",
                (f"applications.received.{column}", f"applications.carried_over_in.{column}"),
                (f"applications.handled_total.{column}", f"applications.carried_over_out.{column}"),
            )
        )
    for row in REVIEW_ROWS:
        rules.append(
            (
                "reviews_total",
                (f"reviews.{row}.total",),
                tuple(f"reviews.{row}.{p}" for p in REVIEW_PARTS),
            )
        )
    return rules


RULES = spec_rules()
ARITHMETIC_CODES = {code for code, _, _ in RULES}


def broken_rules(values: dict[str, int | Decimal]) -> set[tuple[str, frozenset[str]]]:
    return {
        (code, frozenset(left + right))
        for code, left, right in RULES
        if sum(values[r] for r in left) != sum(values[r] for r in right)
    }


def all_refs() -> list[str]:
    refs = [f"proactive.{row}.{c}" for row, columns in PROACTIVE.items() for c in columns]
    refs += [f"applications.{row}.{c}" for row in APPLICATION_ROWS for c in APPLICATION_COLUMNS]
    refs += [f"reviews.{row}.{c}" for row in REVIEW_ROWS for c in (*REVIEW_PARTS, "total")]
    return refs


REFS = all_refs()

counts = st.integers(0, 10**6)
amounts = st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False)
#: Cells a report fills freely; everything else follows from them.
FREE_PARTS = (
    [
        f"proactive.{row}.{c}"
        for row, columns in PROACTIVE.items()
        for c in columns
        if f"proactive.{row}.{c}" not in AMOUNT_REFS
    ]
    + [f"applications.{row}.{c}" for row in (*OUTCOMES, "carried_over_out") for c in APPLICANTS]
    + [f"reviews.{row}.{p}" for row in REVIEW_ROWS for p in REVIEW_PARTS]
)


@st.composite
def consistent_values(draw) -> dict[str, int | Decimal]:
    """A table that satisfies every rule: parts drawn, carry-in bounded, totals summed.

    Real reports are sparse (most cells 0), and drawing a few non-zero parts keeps each
    example cheap: the parts are a small dict over the free cells.
    """
    values: dict[str, int | Decimal] = dict.fromkeys(FREE_PARTS, 0)
    values.update(draw(st.dictionaries(st.sampled_from(FREE_PARTS), counts, max_size=24)))
    for ref in AMOUNT_REFS:
        values[ref] = draw(amounts)
    for column in APPLICANTS:
        handled = sum(values[f"applications.{row}.{column}"] for row in OUTCOMES)
        carried_out = values[f"applications.carried_over_out.{column}"]
        carried_in = draw(st.integers(0, handled + carried_out))
        values[f"applications.handled_total.{column}"] = handled
        values[f"applications.carried_over_in.{column}"] = carried_in
        values[f"applications.received.{column}"] = handled + carried_out - carried_in
    for row in APPLICATION_ROWS:
        values[f"applications.{row}.total"] = sum(
            values[f"applications.{row}.{c}"] for c in APPLICANTS
        )
    for row in REVIEW_ROWS:
        values[f"reviews.{row}.total"] = sum(values[f"reviews.{row}.{p}"] for p in REVIEW_PARTS)
    assert not broken_rules(values)
    return values


def document(values: dict[str, object]) -> ReportDocument:
    tables: dict = {}
    for ref, value in values.items():
        table, row, column = ref.split(".")
        if isinstance(value, Decimal):
            value = format(value, "f")
        tables.setdefault(table, {}).setdefault(row, {})[column] = value
    # No agency level, publication date or narrative: only the table checks apply.
    return ReportDocument(FORMAT_2021, 2022, "某市某局", tables)


def test_the_transcribed_spec_covers_the_declaration() -> None:
    assert sorted(REFS) == sorted(cell.ref for cell in FORMAT_2021.cells)
    assert TOTAL_REFS == {cell.ref for cell in FORMAT_2021.cells if cell.is_total}
    assert len(RULES) == len(FORMAT_2021.rules)


@settings(max_examples=200, deadline=None)
@given(consistent_values())
def test_a_consistent_table_passes(values) -> None:
    assert run_checks(document(values)) == []


@settings(max_examples=200, deadline=None)
@given(consistent_values(), st.sampled_from(REFS), st.data())
def test_a_single_change_is_reported_exactly(values, ref, data) -> None:
    old = values[ref]
    strategy = amounts if ref in AMOUNT_REFS else counts
    new = data.draw(strategy.filter(lambda v: v != old), label="new value")
    changed = {**values, ref: new}
    expected = broken_rules(changed)
    findings = run_checks(document(changed))
    found = {(f.code, frozenset(f.cells)) for f in findings}
    # Every finding names a rule the change really breaks, and no broken rule is missed.
    assert found == expected
    assert len(findings) == len(expected)
    for finding in findings:
        assert finding.code in ARITHMETIC_CODES
        assert ref in finding.cells
    # For a total: the total first, then its parts; expected and actual are the two sums.
    for finding in findings:
        if finding.code != "applications_balance":
            assert finding.cells[0] in TOTAL_REFS
            assert finding.expected == sum(changed[r] for r in finding.cells[1:])
            assert finding.actual == changed[finding.cells[0]]


BAD_COUNTS = [None, "", "/", "—", "无", -1, "1.5", "abc"]
BAD_AMOUNTS = [None, "", "/", "-1", "1.23456", "abc"]


@settings(max_examples=200, deadline=None)
@given(consistent_values(), st.sampled_from(REFS), st.data())
def test_a_single_bad_cell_is_one_finding(values, ref, data) -> None:
    bad = data.draw(st.sampled_from(BAD_AMOUNTS if ref in AMOUNT_REFS else BAD_COUNTS))
    findings = run_checks(document({**values, ref: bad}))
    code = "blank_cell" if bad in (None, "", "/", "—", "无") else "invalid_number"
    assert [(f.code, f.cells) for f in findings] == [(code, (ref,))]


@settings(max_examples=200, deadline=None)
@given(consistent_values(), st.data())
def test_fill_totals_repairs_any_totals(values, data) -> None:
    garbage = st.one_of(st.none(), st.just("/"), st.just("x"), counts)
    spoiled_totals = data.draw(
        st.dictionaries(st.sampled_from(sorted(TOTAL_REFS)), garbage, min_size=1), label="totals"
    )
    report = document({**values, **spoiled_totals})
    changes = fill_totals(report)
    assert set(changes) <= TOTAL_REFS
    assert run_checks(report) == []
    assert {ref: report.get(ref) for ref in TOTAL_REFS} == {ref: values[ref] for ref in TOTAL_REFS}
