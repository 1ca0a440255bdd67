"""Cross-year checks find last year's report under the agency's former or shorter name."""

from __future__ import annotations

import pytest

from tests.importers.builders import consistent_document
from wagtail_govdisclosure.checks import run_checks
from wagtail_govdisclosure.checks.history import agency_names_match, same_agency


@pytest.mark.parametrize(
    ("first", "second", "match"),
    [
        ("洪泽区人民政府", "淮安市洪泽区人民政府", True),
        ("淮安市洪泽区人民政府", "江苏省淮安市洪泽区人民政府", True),
        ("洪泽区人民政府", "江苏省淮安市洪泽区人民政府", True),
        ("嘉祥县 科学技术局", "嘉祥县科学技术局", True),
        ("人民政府办公厅", "上海市人民政府办公厅", False),
        ("洪泽区人民政府", "淮阴区人民政府", False),
        ("洪泽区人民政府", "淮安市洪泽区人民政府办公室", False),
        ("科学技术局", "嘉祥县科学技术局", False),
    ],
)
def test_names_with_or_without_the_parent_place(first, second, match):
    assert agency_names_match(first, second) is match
    assert agency_names_match(second, first) is match


def _carry_over_broken(previous_agency: str, agency: str):
    previous = consistent_document(seed=1, year=2023, agency=previous_agency)
    document = consistent_document(seed=2, year=2024, agency=agency, follows=previous)
    ref = "applications.carried_over_in.natural_person"
    document.set(ref, int(document.get(ref)) + 1)
    return document, previous


def test_carry_over_runs_across_the_parent_prefix():
    document, previous = _carry_over_broken("洪泽区人民政府", "淮安市洪泽区人民政府")

    codes = {f.code for f in run_checks(document, previous=previous)}

    assert "carry_over" in codes


def test_carry_over_runs_under_a_former_name():
    document, previous = _carry_over_broken("嘉祥县科学技术局", "嘉祥县科学技术和信息化局")

    assert not same_agency(document, previous)
    assert "carry_over" not in {f.code for f in run_checks(document, previous=previous)}
    findings = run_checks(document, previous=previous, former_names=["嘉祥县科学技术局"])
    assert "carry_over" in {f.code for f in findings}
