"""Rich text that arrives by import (not through the editor) is whitelisted like the editor's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from tests.reports.conftest import correct_document
from wagtail_govdisclosure.models import AnnualReportPage

pytestmark = pytest.mark.django_db

HOSTILE = '<p onclick="x()">a</p><script>alert(1)</script><img src="x" onerror="alert(1)">'
KEPT = (
    '<p><b>粗体</b><i>斜体</i><a href="https://www.jiaxiang.gov.cn/">县政府</a>'
    '<a href="javascript:alert(2)">坏链接</a></p><ul><li>一项</li></ul><ol><li>二项</li></ol>'
)


#: The column's own reading-tools script (static, not from the report's content).
OWN_SCRIPT = re.compile(r'<script src="[^"]*/wagtail_govdisclosure/js/column\.js" defer></script>')


def assert_clean(text: str) -> None:
    lowered = OWN_SCRIPT.sub("", text).lower()
    for word in ("<script", "onerror", "onclick", "javascript:", "<img"):
        assert word not in lowered, word


def test_loaded_sections_are_sanitised_on_the_public_page_and_the_api(report_index, tmp_path):
    document = correct_document()
    document.sections["problems"] = HOSTILE
    document.sections["overview"] = KEPT
    path: Path = tmp_path / "report.json"
    path.write_text(document.dumps(), encoding="utf-8")
    call_command("govdisclosure_load_report", str(path), parent=report_index.pk, stdout=None)

    page = AnnualReportPage.objects.get()
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.live

    html = Client().get(page.url).content.decode()
    api = Client().get(f"/api/v2/pages/{page.pk}/").content.decode()
    for text in (html, api, page.problems, page.overview):
        assert_clean(text)
    # What the editor allows survives the cleaning.
    assert "<p>a</p>" in page.problems
    for kept in (
        "<b>粗体</b>",
        "<i>斜体</i>",
        '<a href="https://www.jiaxiang.gov.cn/">县政府</a>',
        "<ul><li>一项</li></ul>",
        "<ol><li>二项</li></ol>",
        "坏链接",
    ):
        assert kept in page.overview, kept
        assert kept in html, kept


def test_page_links_in_the_stored_format_survive(report_index, column):
    document = correct_document()
    document.sections["overview"] = f'<p><a linktype="page" id="{column.pk}">栏目</a></p>'
    page = AnnualReportPage(title="t", slug="t", live=False)
    page.set_document(document)
    assert page.overview == f'<p><a id="{column.pk}" linktype="page">栏目</a></p>'
