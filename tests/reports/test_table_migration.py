"""The data migration to one block per table, run on the demo's history.

Every report page and every revision of the demo (``load_demo_portal``: drafts,
a refused attempt, published reports of both formats) is converted; each reads
as the same interchange document and its public page renders the same HTML.
A revision written by the old nested blocks with irregular content (a missing
row, full-width digits typed into a cell, a key no declaration has) converts
to the exact keys of the declaration without losing a value.
"""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps
from django.test import RequestFactory
from wagtail.models import Revision, Site

from wagtail_govdisclosure.formats import FORMATS
from wagtail_govdisclosure.models import AnnualReportPage

pytestmark = pytest.mark.django_db


def dumps(document) -> str:
    return json.dumps(document.to_json(), ensure_ascii=False, sort_keys=True, default=str)


migration = importlib.import_module("wagtail_govdisclosure.migrations.0005_table_blocks")


def report_revisions() -> list[Revision]:
    return list(
        Revision.page_revisions.filter(
            content_type__app_label="wagtail_govdisclosure",
            content_type__model="annualreportpage",
        ).order_by("pk")
    )


def public_html(page: AnnualReportPage) -> str:
    site = Site.objects.get(is_default_site=True)
    request = RequestFactory().get(page.url or "/", SERVER_NAME=site.hostname)
    response = page.serve(request)
    response.render()
    return response.content.decode()


def snapshot() -> dict[str, str]:
    """Each report page and revision: its interchange document, and a live page's HTML."""
    seen: dict[str, str] = {}
    for page in AnnualReportPage.objects.order_by("pk"):
        seen[f"page {page.pk}"] = dumps(page.get_document())
        if page.live:
            seen[f"html {page.pk}"] = public_html(page)
    for revision in report_revisions():
        seen[f"revision {revision.pk}"] = dumps(revision.as_object().get_document())
    return seen


def stored_tables(raw: object) -> list[dict]:
    return json.loads(raw) if isinstance(raw, str) else list(raw)


def assert_keyed_by_declaration(stream: list[dict]) -> None:
    (child,) = stream
    report_format = FORMATS[child["type"].removeprefix("format_")]
    # Sets: PostgreSQL's jsonb keeps no key order.
    assert set(child["value"]) == {table.key for table in report_format.tables}
    for table in report_format.tables:
        value = child["value"][table.key]
        assert set(value) == {row.key for row in table.rows}
        for row in table.rows:
            assert set(value[row.key]) == {c.key for c in table.columns_of(row.key)}


def test_demo_history_converts_and_renders_identically(demo_portal):
    pages = AnnualReportPage.objects.count()
    revisions = report_revisions()
    assert pages >= 3 and len(revisions) >= 4
    before = snapshot()
    assert any(key.startswith("html ") for key in before)

    migration.forward(apps, None)

    assert snapshot() == before
    for page in AnnualReportPage.objects.all():
        assert_keyed_by_declaration(list(page.tables.raw_data))
    for revision in report_revisions():
        assert_keyed_by_declaration(stored_tables(revision.content["tables"]))


def test_irregular_old_revision_converts_without_loss(demo_portal):
    page = AnnualReportPage.objects.filter(live=True).order_by("pk").first()
    revision = page.get_latest_revision()
    content = revision.content
    stream = stored_tables(content["tables"])
    tables = stream[0]["value"]
    expected = page.get_document()
    # What a hand-edited or older stored value may hold.
    received = tables["applications"]["received"]
    received["natural_person"] = "".join(
        chr(ord(d) + 0xFEE0) for d in str(received["natural_person"])
    )
    tables["applications"]["received"]["no_such_column"] = 5
    del tables["reviews"]["litigation_direct"]
    content["tables"] = json.dumps(stream)
    Revision.objects.filter(pk=revision.pk).update(content=content)

    migration.forward(apps, None)

    revision.refresh_from_db()
    converted = stored_tables(revision.content["tables"])
    assert_keyed_by_declaration(converted)
    value = converted[0]["value"]
    assert (
        value["applications"]["received"]["natural_person"]
        == (expected.tables["applications"]["received"]["natural_person"])
    )
    assert "no_such_column" not in value["applications"]["received"]
    assert set(value["reviews"]["litigation_direct"].values()) == {None}
    assert value["reviews"]["reconsideration"] == expected.tables["reviews"]["reconsideration"]
