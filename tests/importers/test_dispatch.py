"""``read_report`` tells the kind of file by its bytes, then by its name."""

from __future__ import annotations

import json
from pathlib import Path

from wagtail_govdisclosure.importers import read_report

from . import builders

SEED_JSON = Path(__file__).resolve().parents[1] / "fixtures" / "jiaxiang-kejiju-2022.json"


def test_interchange_json_is_read_as_is() -> None:
    result = read_report(SEED_JSON)
    assert result.ok and result.source == "json"
    assert result.document.to_json()["tables"] == json.loads(SEED_JSON.read_text("utf-8"))["tables"]


def test_bad_interchange_json_names_the_path() -> None:
    data = json.loads(SEED_JSON.read_text("utf-8"))
    data["tables"]["reviews"]["reconsideration"]["surprise"] = 1
    result = read_report(json.dumps(data).encode(), filename="export.json")
    assert result.document is None
    assert [p.where for p in result.problems] == ["tables.reviews.reconsideration.surprise"]


def test_kind_from_bytes_without_a_name() -> None:
    document = builders.consistent_document(seed=81)
    for data, kind in [
        (builders.render_docx(document), "docx"),
        (builders.render_html(document), "html"),
        (builders.render_text(document).encode(), "text"),
    ]:
        result = read_report(data)
        assert result.source == kind and result.ok, (kind, result.problems)


def test_a_web_page_saved_with_another_ending() -> None:
    document = builders.consistent_document(seed=82)
    result = read_report(builders.render_html(document), filename="t20230118_4021.shtml")
    assert result.source == "html" and result.ok
