"""Fixtures of the PDF tests: documents, reports, the zh_Hans catalog, reading a PDF back.

Rendering takes about a second, so the seed report's PDF is made once per session.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Site

from tests.reports.conftest import KEJIJU_USCC, correct_document, make_column, make_report
from wagtail_govdisclosure import interchange
from wagtail_govdisclosure.checks.totals import fill_totals
from wagtail_govdisclosure.formats.base import CellKind, ReportFormat
from wagtail_govdisclosure.models import AnnualReportIndexPage
from wagtail_govdisclosure.pdf import storage

REPO = Path(__file__).resolve().parents[2]
SEED_JSON = REPO / "tests" / "fixtures" / "jiaxiang-kejiju-2022.json"


@pytest.fixture(autouse=True)
def _zh_hans() -> Iterator[None]:
    with translation.override("zh-hans"):
        yield


def seed_document() -> interchange.ReportDocument:
    """The seed report with its blank totals filled, as an editor would publish it."""
    document = interchange.loads(SEED_JSON.read_bytes())
    fill_totals(document)
    return document


def distinct_document(report_format: ReportFormat) -> tuple[interchange.ReportDocument, dict]:
    """A document whose every cell holds a value no other cell holds; also ``{ref: text}``.

    Counts are 1001, 1002, … in declaration order, amounts 1001.25, …: each number is
    found once in the PDF, so its place can be checked.
    """
    document = interchange.ReportDocument.empty(2023, "嘉祥县测试局", report_format)
    printed: dict[str, str] = {}
    for index, cell in enumerate(report_format.cells, start=1001):
        if cell.column.kind is CellKind.AMOUNT:
            value: int | str = str(Decimal(index) + Decimal("0.25"))
        else:
            value = index
        document.set(cell.ref, value)
        printed[cell.ref] = str(value)
    return document, printed


@pytest.fixture(scope="session")
def seed_pdf() -> bytes:
    from wagtail_govdisclosure.pdf import render_report_pdf

    document = seed_document()
    document.published = datetime.date(2023, 1, 20)
    with translation.override("zh-hans"):
        return render_report_pdf(document)


def squeeze(text: str) -> str:
    """Text without whitespace: labels wrap inside their cells."""
    return re.sub(r"\s+", "", text)


def page_texts(pdf: bytes) -> list[str]:
    """The text of every page, in the order it is drawn (pypdf)."""
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


# --- published reports (pages) ------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """One entry per PDF made from a page (stored PDFs served again add none)."""
    made: list[int] = []
    real = storage.html_to_pdf

    def counting(html, **kwargs):
        made.append(1)
        return real(html, **kwargs)

    monkeypatch.setattr(storage, "html_to_pdf", counting)
    return made


def default_root():
    """The default site's root page (set up again if a live-server test flushed it)."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_page
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=Page(title="Home", slug="home"))
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def report_index(db):
    """The report index of 嘉祥县科学技术局's column."""
    root = Site.objects.get(is_default_site=True).root_page
    column = make_column(root, "嘉祥县科学技术局", KEJIJU_USCC)
    return column.add_child(
        instance=AnnualReportIndexPage(title="政府信息公开年报", slug="nianbao")
    )


def with_overview(text: str, year: int = 2022) -> interchange.ReportDocument:
    """A correct report whose overview is ``text``."""
    document = correct_document(year)
    document.sections["overview"] = f"<p>{text}</p>"
    return document


@pytest.fixture
def report(report_index, media):
    """A published 2022 report whose overview says 「已发布的内容」."""
    page = make_report(report_index, with_overview("已发布的内容"))
    page.get_latest_revision().publish()
    page.refresh_from_db()
    return page


def public_request(path: str = "/report.pdf", user=None, **headers):
    """A GET request as the page route passes it (a session for password restrictions)."""
    request = RequestFactory().get(path, **headers)
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    return request
