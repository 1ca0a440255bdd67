"""The report-import preview as a clerk sees it: the blocking reason first, in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers.builders import SEED_TEXT
from tests.reports.conftest import correct_document, make_report

from .test_grid_editor import default_root, editor, report_index  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


@pytest.mark.parametrize("width", [1366, 390])
def test_the_preview_puts_the_reason_first_without_codes(editor, report_index, width):  # noqa: F811
    make_report(report_index, correct_document(2022))  # the seed's year is taken
    editor.set_viewport_size({"width": width, "height": 900})
    editor.goto("/admin/govdisclosure-import/", wait_until="domcontentloaded")
    editor.select_option("select[name=parent]", str(report_index.pk))
    editor.set_input_files("input[name=files]", str(SEED_TEXT))
    editor.get_by_role("button", name="预览").click()
    editor.wait_for_selector(".gd-import__file")

    article = editor.locator(".gd-import__file")
    text = article.inner_text()
    assert "blank_cell" not in text
    assert str(report_index.pk) not in text.split("嘉祥县科学技术局2022")[0]
    alert = article.get_by_role("alert")
    assert "已有 2022 年度的报告" in alert.inner_text()
    findings = article.locator(".gd-import__findings").first
    assert alert.bounding_box()["y"] < findings.bounding_box()["y"]
    assert "显示其余 14 条检查发现" in text
    IMAGES.mkdir(exist_ok=True)
    editor.screenshot(path=str(IMAGES / f"report-import-preview-{width}.png"), full_page=True)
