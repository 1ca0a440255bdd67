"""The public report page's tables are rendered once per published revision, never for a draft."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from tests.public.conftest import correct_document, save_draft
from wagtail_govdisclosure.templatetags import govdisclosure_tables

NEW_NUMBER = 4321


def changed_document():
    """The correct report with one number changed (no total depends on it)."""
    document = correct_document()
    document.set("proactive.licensing.decisions", NEW_NUMBER)
    return document


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    cache.clear()
    calls: list[str] = []
    real = govdisclosure_tables.render_report_table

    def counting(document, table_key, *args, **kwargs):
        calls.append(table_key)
        return real(document, table_key, *args, **kwargs)

    monkeypatch.setattr(govdisclosure_tables, "render_report_table", counting)
    return calls


def test_tables_rendered_once_per_published_revision(published_report, renders) -> None:
    client = Client()
    first = client.get(published_report.url).content.decode()
    assert len(renders) == 3
    second = client.get(published_report.url).content.decode()
    assert len(renders) == 3  # from the cache
    assert first == second

    # A new publication is a new revision: its numbers are shown, rendered anew.
    assert str(NEW_NUMBER) not in second
    save_draft(published_report, changed_document()).publish()
    html = client.get(published_report.url).content.decode()
    assert len(renders) == 6
    assert str(NEW_NUMBER) in html


def test_a_draft_preview_is_never_cached(published_report, renders) -> None:
    Client().get(published_report.url)
    cached = len(renders)
    save_draft(published_report, changed_document())
    # The public page still shows the published numbers, from the cache.
    assert str(NEW_NUMBER) not in Client().get(published_report.url).content.decode()
    assert len(renders) == cached
    # The editor's preview of the draft renders the draft's tables, not the cached ones.
    published_report.refresh_from_db()
    draft = published_report.get_latest_revision_as_object()
    response = draft.make_preview_request()
    assert str(NEW_NUMBER) in response.rendered_content
    assert len(renders) > cached
