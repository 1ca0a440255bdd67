"""Reading and writing the interchange JSON document."""

from __future__ import annotations

import copy
import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from wagtail_govdisclosure.formats import FORMAT_2021, AgencyKind, AgencyLevel
from wagtail_govdisclosure.formats.values import CellStatus, read_cell
from wagtail_govdisclosure.interchange import (
    InterchangeError,
    ReportDocument,
    infer_agency,
    loads,
    parse,
)

SEED_JSON = Path(__file__).resolve().parents[1] / "fixtures" / "jiaxiang-kejiju-2022.json"


@pytest.fixture
def seed() -> dict:
    return json.loads(SEED_JSON.read_text(encoding="utf-8"))


def _problems(data: object) -> dict[str, str]:
    with pytest.raises(InterchangeError) as caught:
        parse(data)
    return {p.path: p.message for p in caught.value.problems}


def test_seed_round_trips(seed: dict) -> None:
    document = parse(seed)
    assert document.year == 2022
    assert document.agency == "嘉祥县科学技术局"
    assert document.get("applications.received.total") is None
    assert document.get("applications.carried_over_out.total") == 0
    assert document.to_json() == seed


def test_seed_agency_is_inferred_and_said_so(seed: dict) -> None:
    document = parse(seed)
    assert document.agency_level is AgencyLevel.COUNTY
    assert document.agency_kind is AgencyKind.DEPARTMENT
    assert document.inferred == {"agency_level", "agency_kind"}
    # Inferred values are not written back as if the document had said them.
    assert "agency_level" not in document.to_json()


def test_explicit_agency_level_wins(seed: dict) -> None:
    seed["agency_level"] = "city"
    seed["agency_kind"] = "government"
    seed["published"] = "2023-01-20"
    document = parse(seed)
    assert document.agency_level is AgencyLevel.CITY
    assert document.agency_kind is AgencyKind.GOVERNMENT
    assert document.published == datetime.date(2023, 1, 20)
    assert document.inferred == frozenset()
    assert document.to_json()["agency_level"] == "city"


def test_unknown_keys_are_errors_with_their_path(seed: dict) -> None:
    seed["colour"] = "red"
    seed["tables"]["applications"]["received"]["robots"] = 1
    seed["tables"]["applications"]["bogus_row"] = {}
    seed["tables"]["extra"] = {}
    problems = _problems(seed)
    assert set(problems) == {
        "colour",
        "tables.applications.received.robots",
        "tables.applications.bogus_row",
        "tables.extra",
    }


def test_missing_parts_are_named(seed: dict) -> None:
    del seed["tables"]["reviews"]
    del seed["tables"]["applications"]["carried_over_out"]
    del seed["tables"]["proactive"]["fees"]["amount"]
    del seed["year"]
    problems = _problems(seed)
    assert set(problems) == {
        "year",
        "tables.reviews",
        "tables.applications.carried_over_out",
        "tables.proactive.fees.amount",
    }


def test_wrong_types_are_named(seed: dict) -> None:
    seed["year"] = "2022"
    seed["agency"] = ""
    seed["agency_level"] = "village"
    seed["published"] = "20/01/2023"
    seed["tables"]["reviews"]["reconsideration"]["upheld"] = [1]
    seed["tables"]["reviews"]["reconsideration"]["other"] = True
    seed["tables"]["applications"] = []
    problems = _problems(seed)
    assert set(problems) == {
        "year",
        "agency",
        "agency_level",
        "published",
        "tables.reviews.reconsideration.upheld",
        "tables.reviews.reconsideration.other",
        "tables.applications",
    }


def test_messages_are_chinese(seed: dict) -> None:
    seed["tables"]["applications"]["received"]["robots"] = 1
    with translation.override("zh-hans"), pytest.raises(InterchangeError) as caught:
        parse(seed)
    assert "未知" in str(caught.value)
    assert "tables.applications.received.robots" in str(caught.value)


def test_unknown_format_and_not_an_object() -> None:
    assert set(_problems({"format": "1999", "year": 2022, "agency": "x", "tables": {}})) == {
        "format"
    }
    assert set(_problems([1, 2])) == {""}


def test_loads_reports_bad_json_and_accepts_bom(seed: dict) -> None:
    with pytest.raises(InterchangeError) as caught:
        loads('{"format": "2021",')
    assert caught.value.problems[0].path == ""
    text = "\ufeff" + json.dumps(seed, ensure_ascii=False)
    assert loads(text.encode("utf-8")).agency == "嘉祥县科学技术局"


def test_cells_are_kept_as_transcribed(seed: dict) -> None:
    """A placeholder stays a placeholder: the checks, not the reader, judge cells."""
    seed["tables"]["applications"]["received"]["natural_person"] = "/"
    seed["tables"]["applications"]["received"]["other_org"] = "１２"
    seed["tables"]["proactive"]["fees"]["amount"] = "1.2500"
    document = parse(seed)
    assert document.get("applications.received.natural_person") == "/"
    data = document.to_json()
    assert data["tables"]["applications"]["received"]["natural_person"] == "/"
    assert data["tables"]["applications"]["received"]["other_org"] == 12
    assert data["tables"]["proactive"]["fees"]["amount"] == "1.25"


def test_empty_document_has_every_cell_blank() -> None:
    document = ReportDocument.empty(2023, "嘉祥县人民政府")
    cells = [document.raw(cell) for cell in FORMAT_2021.cells]
    assert len(cells) == 200 and set(cells) == {None}
    again = parse(copy.deepcopy(document.to_json()))
    assert again.tables == document.tables


@pytest.mark.parametrize(
    ("raw", "status", "value"),
    [
        (None, CellStatus.BLANK, None),
        ("", CellStatus.BLANK, None),
        ("  ", CellStatus.BLANK, None),
        ("/", CellStatus.PLACEHOLDER, None),
        ("—", CellStatus.PLACEHOLDER, None),
        ("无", CellStatus.PLACEHOLDER, None),
        (0, CellStatus.NUMBER, 0),
        (" 0", CellStatus.NUMBER, 0),
        ("１２", CellStatus.NUMBER, 12),
        ("1,234", CellStatus.NUMBER, 1234),
        ("1，234", CellStatus.NUMBER, 1234),
        (-3, CellStatus.NEGATIVE, None),
        ("1.5", CellStatus.FRACTION, None),
        (Decimal("2.0"), CellStatus.NUMBER, 2),
        ("abc", CellStatus.NOT_A_NUMBER, None),
        ("12件", CellStatus.NOT_A_NUMBER, None),
        (True, CellStatus.NOT_A_NUMBER, None),
    ],
)
def test_reading_a_count_cell(raw: object, status: CellStatus, value: object) -> None:
    column = FORMAT_2021.table("applications").cell("received", "total").column
    reading = read_cell(raw, column)
    assert reading.status is status
    assert reading.value == value


@pytest.mark.parametrize(
    ("raw", "status"),
    [("0", CellStatus.NUMBER), ("12.3456", CellStatus.NUMBER), ("1.23456", CellStatus.TOO_PRECISE),
     ("-1", CellStatus.NEGATIVE), (0.5, CellStatus.NUMBER)],
)
def test_reading_an_amount_cell(raw: object, status: CellStatus) -> None:
    column = FORMAT_2021.table("proactive").cell("fees", "amount").column
    assert read_cell(raw, column).status is status


@pytest.mark.parametrize(
    ("name", "level", "kind"),
    [
        ("嘉祥县科学技术局", AgencyLevel.COUNTY, AgencyKind.DEPARTMENT),
        ("嘉祥县人民政府", AgencyLevel.COUNTY, AgencyKind.GOVERNMENT),
        ("嘉祥县市场监督管理局", AgencyLevel.COUNTY, AgencyKind.DEPARTMENT),
        ("嘉祥县人民政府办公室", AgencyLevel.COUNTY, AgencyKind.DEPARTMENT),
        ("济宁市嘉祥县科学技术局", AgencyLevel.COUNTY, AgencyKind.DEPARTMENT),
        ("嘉祥县马村镇人民政府", AgencyLevel.TOWNSHIP, AgencyKind.GOVERNMENT),
        ("嘉祥县卧龙山街道办事处", AgencyLevel.TOWNSHIP, AgencyKind.GOVERNMENT),
        ("济宁市人民政府", AgencyLevel.CITY, AgencyKind.GOVERNMENT),
        ("山东省科学技术厅", AgencyLevel.PROVINCE, AgencyKind.DEPARTMENT),
        ("科学技术部", None, None),
    ],
)
def test_infer_agency(name: str, level: object, kind: object) -> None:
    assert infer_agency(name) == (level, kind)
