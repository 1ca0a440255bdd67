"""The public annual report page: the official document's layout, verbatim labels, live content."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.public.conftest import DRAFT_NUMBER, draft_document
from tests.reports.conftest import correct_document, make_report, save_draft
from wagtail_govdisclosure.formats import CURRENT
from wagtail_govdisclosure.formats.base import ColumnGroup

pytestmark = pytest.mark.django_db

#: SQL queries of one anonymous request for a report page of the example portal, three
#: levels below the site's root: Wagtail's routing (the site, then each page on the path and
#: its specific row: 7), its view-restriction check (2), the report's column and breadcrumbs
#: (2: the agency data, the ancestors), the portal's footer settings and main navigation
#: (2), the stored PDF's size for the 「PDF（417 KB）」 link (1: its record, shared by all
#: servers, instead of listing the storage). Nothing depends on the number of cells,
#: tables or sections.
PAGE_QUERIES = 14


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def column_labels(columns) -> list[str]:
    labels = []
    for column in columns:
        labels.append(column.label)
        if isinstance(column, ColumnGroup):
            labels += column_labels(column.children)
    return labels


def test_every_label_of_the_applications_table_verbatim(published_report):
    text = page_text(Client().get(published_report.url))
    table = CURRENT.table("applications")
    rows = list(table.rows)
    assert len(rows) == 25
    for row in rows:
        assert row.label in text, row.label
    for band in table.bands:
        for label in column_labels(band.columns):
            assert label in text, label
    assert table.note and table.note in text


def test_every_label_of_every_table_verbatim(published_report):
    text = page_text(Client().get(published_report.url))
    for table in CURRENT.tables:
        for label in table.labels():
            assert label in text, (table.key, label)


def test_title_sections_in_order_and_tables_with_captions(published_report):
    response = Client().get(published_report.url)
    body = response.content.decode()
    document = published_report.document
    assert f'<h1 class="gd-report__title" id="gd-report-title">{document.title}</h1>' in body
    h2s = re.findall(r"<h2[^>]*>(.*?)</h2>", body)
    assert h2s == [section.title for section in CURRENT.sections]
    captions = re.findall(r"<caption[^>]*>(.*?)</caption>", body)
    assert len(captions) == len(CURRENT.tables)
    for table, caption in zip(CURRENT.tables, captions, strict=True):
        assert table.title in caption
    # Each table is its own focusable, labelled scroll region (sideways on a phone).
    assert body.count('class="gd-table-scroll" role="region"') == len(CURRENT.tables)
    assert body.count('scope="col"') > 0 and body.count('scope="row"') > 0


def test_metadata_breadcrumbs_and_narrative(published_report, column, report_index):
    body = page_text(Client().get(published_report.url))
    assert "嘉祥县科学技术局" in body
    published = timezone.localdate(published_report.first_published_at).isoformat()
    assert f'<time datetime="{published}">' in body
    crumbs = re.search(r'<nav class="gd-breadcrumbs".*?</nav>', body, re.S).group(0)
    assert column.title in crumbs and report_index.title in crumbs
    assert crumbs.index(column.title) < crumbs.index(report_index.title)
    # The seed's narrative (一、总体情况) is rendered as rich text.
    assert "累计发布各类政府信息16条" in body
    # The host's own breadcrumbs block is replaced: one trail only.
    assert "portal-breadcrumbs" not in body
    assert body.count('class="gd-breadcrumbs"') == 1


def cell_text(body: str, row: str, column: str) -> str:
    """The text of the data cell of ``applications`` at ``row`` × ``column`` (by its headers)."""
    pattern = (
        rf'<td headers="(?:[^"]* )?report-applications-row-{row} '
        rf'[^"]*report-applications-col-{column}"[^>]*>(.*?)</td>'
    )
    cells = re.findall(pattern, body)
    assert len(cells) == 1, (row, column, cells)
    return cells[0]


def test_values_as_written(published_report):
    body = page_text(Client().get(published_report.url))
    assert cell_text(body, "received", "natural_person") == "3"
    assert cell_text(body, "received", "total") == "3"
    assert cell_text(body, "unavailable_not_held", "natural_person") == "1"
    assert cell_text(body, "carried_over_out", "total") == "0"


def test_constant_number_of_queries(published_report, report_index):
    client = Client()
    client.get(published_report.url)  # warm caches that outlive a request (content types)
    with CaptureQueriesContext(connection) as first:
        assert client.get(published_report.url).status_code == 200
    assert len(first) == PAGE_QUERIES, [q["sql"] for q in first.captured_queries]

    # A fuller report (every narrative filled, other numbers) runs the same queries.
    document = correct_document(2021)
    for section in CURRENT.sections:
        document.sections[section.key] = f"<p>{section.title}的说明。</p>"
    other = make_report(report_index, document, slug="report-2021")
    other.get_latest_revision().publish()
    # A publication starts a new generation of the cached tables and 上一篇/下一篇: warm them.
    client.get(other.url)
    with CaptureQueriesContext(connection) as second:
        assert client.get(other.url).status_code == 200
    assert len(second) == PAGE_QUERIES


def test_never_published_report_is_404(report_index):
    page = make_report(report_index, draft_document())
    response = Client().get(page.url)
    assert response.status_code == 404
    assert str(DRAFT_NUMBER) not in response.content.decode()


def test_published_report_shows_live_numbers_not_the_newer_draft(published_report):
    save_draft(published_report, draft_document())
    published_report.refresh_from_db()
    assert published_report.has_unpublished_changes
    response = Client().get(published_report.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert str(DRAFT_NUMBER) not in body
    assert "草稿中的数字" not in body
