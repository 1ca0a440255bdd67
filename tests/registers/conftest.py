"""Fixtures of the register tests: agencies (disclosure columns), a report, register entries."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import pytest
from wagtail.models import Page

from wagtail_govdisclosure.models import (
    AnnualReportIndexPage,
    AnnualReportPage,
    DisclosureIndexPage,
)
from wagtail_govdisclosure.models.agency import uscc_check_character
from wagtail_govdisclosure.registers.models import Application, ReviewCase


def make_uscc(body: str) -> str:
    return body + uscc_check_character(body)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def make_column(parent: Page, name: str, number: int) -> DisclosureIndexPage:
    uscc = make_uscc(f"11370829MB{number:07d}")
    return parent.add_child(
        instance=DisclosureIndexPage(
            title=f"{name}政府信息公开",
            slug=f"column-{number}",
            agency_name=name,
            uscc=uscc,
            level="county",
            kind="department",
        )
    )


@pytest.fixture
def root(db) -> Page:
    return Page.get_first_root_node()


@pytest.fixture
def agency(root: Page) -> DisclosureIndexPage:
    return make_column(root, "嘉祥县科学技术局", 1)


@pytest.fixture
def other_agency(root: Page) -> DisclosureIndexPage:
    return make_column(root, "嘉祥县交通运输局", 2)


@pytest.fixture
def report_index(agency: DisclosureIndexPage) -> AnnualReportIndexPage:
    return agency.add_child(instance=AnnualReportIndexPage(title="年报", slug="nianbao"))


def make_report(index: Page, year: int) -> AnnualReportPage:
    page = AnnualReportPage(
        title=f"嘉祥县科学技术局{year}年政府信息公开工作年度报告",
        slug=f"report-{year}",
        year=year,
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision()
    return page


def add_applications(agency: DisclosureIndexPage, rows: Iterable[tuple]) -> list[Application]:
    """``(reference, applicant type, received, closed, outcome[, options])`` → saved entries."""
    created = []
    for reference, applicant_type, received, closed, outcome, *options in rows:
        extra = options[0] if options else {}
        application = Application(
            agency=agency,
            reference=reference,
            received_on=day(received),
            applicant_type=applicant_type,
            applicant_name=f"申请人{reference}",
            applicant_contact="13800000000",
            content=f"申请公开的信息{reference}",
            closed_on=day(closed) if closed else None,
            outcome=outcome,
            **{k: day(v) if k.endswith("_on") else v for k, v in extra.items()},
        )
        application.full_clean()
        application.save()
        created.append(application)
    return created


def add_cases(agency: DisclosureIndexPage, rows: Iterable[tuple]) -> list[ReviewCase]:
    """``(reference, case type, filed, closed, result)`` → saved cases."""
    created = []
    for reference, case_type, filed, closed, result in rows:
        case = ReviewCase(
            agency=agency,
            reference=reference,
            case_type=case_type,
            filed_on=day(filed),
            closed_on=day(closed) if closed else None,
            result=result,
        )
        case.full_clean()
        case.save()
        created.append(case)
    return created
