"""regulations_not_competent and late_publication: who publishes, and when."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from wagtail_govdisclosure.checks import run_checks
from wagtail_govdisclosure.checks.agency import deadline
from wagtail_govdisclosure.formats import AgencyKind, AgencyLevel


def _codes(findings):
    return [(f.code, f.cells, f.expected, f.actual) for f in findings]


def test_county_department_reporting_rules(filled_seed) -> None:
    # 嘉祥县科学技术局: a county department (inferred from its name).
    filled_seed.set("proactive.regulations.issued", 2)
    filled_seed.set("proactive.regulations.in_force", 2)
    assert _codes(run_checks(filled_seed)) == [
        ("regulations_not_competent", ("proactive.regulations.issued",), 0, 2),
        ("regulations_not_competent", ("proactive.regulations.in_force",), 0, 2),
    ]
    with translation.override("zh-hans"):
        message = run_checks(filled_seed)[0].message
    assert message == (
        "“规章”行“本年制发件数”列为 2，但嘉祥县科学技术局属于县级及以下机关，无权制定“规章”"
        "（只有国务院部门和省、自治区、直辖市及设区的市人民政府可以制定）。此处应填 0，"
        "本机关制发的文件应计入“行政规范性文件”。（机关层级系根据机关名称推断。）"
    )


@pytest.mark.parametrize(
    ("level", "fires"),
    [
        (AgencyLevel.TOWNSHIP, True),
        (AgencyLevel.COUNTY, True),
        (AgencyLevel.CITY, False),
        (AgencyLevel.PROVINCE, False),
        (None, False),  # unknown: the check does not run
    ],
)
def test_regulations_by_level(filled_seed, level, fires) -> None:
    filled_seed.agency_level = level
    filled_seed.inferred = frozenset()
    filled_seed.set("proactive.regulations.repealed", 1)
    codes = [f.code for f in run_checks(filled_seed)]
    assert codes == (["regulations_not_competent"] if fires else [])


def test_zero_rules_are_fine_for_a_county_organ(filled_seed) -> None:
    assert filled_seed.agency_level is AgencyLevel.COUNTY
    assert run_checks(filled_seed) == []


@pytest.mark.parametrize(
    ("kind", "level", "due"),
    [
        (AgencyKind.DEPARTMENT, AgencyLevel.COUNTY, datetime.date(2023, 1, 31)),
        (AgencyKind.DEPARTMENT, AgencyLevel.PROVINCE, datetime.date(2023, 1, 31)),
        (AgencyKind.DEPARTMENT, None, datetime.date(2023, 1, 31)),
        (AgencyKind.GOVERNMENT, AgencyLevel.TOWNSHIP, datetime.date(2023, 1, 31)),
        (AgencyKind.GOVERNMENT, AgencyLevel.COUNTY, datetime.date(2023, 3, 31)),
        (AgencyKind.GOVERNMENT, AgencyLevel.CITY, datetime.date(2023, 3, 31)),
        (AgencyKind.GOVERNMENT, None, None),
        (None, AgencyLevel.COUNTY, None),
    ],
)
def test_deadline(filled_seed, kind, level, due) -> None:
    filled_seed.agency_kind, filled_seed.agency_level = kind, level
    assert deadline(filled_seed) == due


def test_late_publication_of_a_department(filled_seed) -> None:
    filled_seed.published = datetime.date(2023, 1, 31)
    assert run_checks(filled_seed) == []
    filled_seed.published = datetime.date(2023, 2, 1)
    assert _codes(run_checks(filled_seed)) == [("late_publication", (), "2023-01-31", "2023-02-01")]
    with translation.override("zh-hans"):
        (finding,) = run_checks(filled_seed)
    assert finding.severity == "warning"
    assert finding.message == (
        "本报告首次发布于 2023年2月1日，晚于法定期限 2023年1月31日"
        "（《中华人民共和国政府信息公开条例》第四十九条）。"
    )


def test_a_county_government_has_until_march(filled_seed) -> None:
    filled_seed.agency = "嘉祥县人民政府"
    filled_seed.agency_kind = AgencyKind.GOVERNMENT
    filled_seed.published = datetime.date(2023, 3, 15)
    assert run_checks(filled_seed) == []
    filled_seed.published = datetime.date(2023, 4, 1)
    assert [f.code for f in run_checks(filled_seed)] == ["late_publication"]


def test_unpublished_report_is_judged_against_today(filled_seed) -> None:
    assert filled_seed.published is None
    assert run_checks(filled_seed) == []
    assert run_checks(filled_seed, today=datetime.date(2023, 1, 20)) == []
    assert _codes(run_checks(filled_seed, today=datetime.date(2023, 2, 10))) == [
        ("late_publication", (), "2023-01-31", "2023-02-10")
    ]


def test_late_publication_needs_the_agency_kind(filled_seed) -> None:
    filled_seed.agency_kind = None
    filled_seed.published = datetime.date(2023, 6, 1)
    assert run_checks(filled_seed) == []
