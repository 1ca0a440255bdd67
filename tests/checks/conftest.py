"""Fixtures of the checks tests: the seed report and small document builders (no database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wagtail_govdisclosure.interchange import ReportDocument, parse

SEED_JSON = Path(__file__).resolve().parents[1] / "fixtures" / "jiaxiang-kejiju-2022.json"


def load_seed() -> ReportDocument:
    """A fresh copy of the seed report (嘉祥县科学技术局, 2022).

    Its applications table has blank totals in rows 一 to （七）.
    """
    return parse(json.loads(SEED_JSON.read_text(encoding="utf-8")))


@pytest.fixture
def seed() -> ReportDocument:
    return load_seed()


@pytest.fixture
def filled_seed() -> ReportDocument:
    """The seed with its totals filled in: a publishable report."""
    from wagtail_govdisclosure.checks import fill_totals

    document = load_seed()
    fill_totals(document)
    return document


@pytest.fixture
def tables_only(filled_seed) -> ReportDocument:
    """The filled seed without its narrative: for checks on the tables alone."""
    filled_seed.sections = {}
    return filled_seed
