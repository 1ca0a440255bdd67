"""The annual report as an A4 PDF, from its interchange document.

The tables are the HTML of :mod:`~wagtail_govdisclosure.templatetags.govdisclosure_tables`
(so their grid is the declaration's, through :mod:`~wagtail_govdisclosure.formats.layout`),
printed with the PDF stylesheet ``wagtail_govdisclosure/pdf/report.css``; the narrative
sections are cleaned by :mod:`.richtext`. WeasyPrint fetches nothing but the images of
the media storage.
"""

from __future__ import annotations

import functools
import mimetypes
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..interchange import ReportDocument
from ..templatetags.govdisclosure_tables import render_report_table
from .richtext import clean_section_html
from .system import check_pdf_support, load_weasyprint

TEMPLATE = "wagtail_govdisclosure/pdf/report.html"
#: The document language of the PDF (the form's labels are Chinese whatever the site's).
LANGUAGE = "zh-hans"

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def css_content(template: str, **counters: str) -> str:
    """A CSS ``content`` value from a text with ``%(name)s`` placeholders.

    Each placeholder becomes the CSS counter given for it, e.g.
    ``css_content("第 %(page)s 页", page="page")`` → ``"第 " counter(page) " 页"``.
    The literal parts are CSS strings, escaped so that no text can end the
    string or the ``<style>`` element.
    """
    parts: list[str] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(_css_string(template[position : match.start()]))
        parts.append(f"counter({counters[match.group(1)]})")
        position = match.end()
    parts.append(_css_string(template[position:]))
    return " ".join(part for part in parts if part != '""')


def _css_string(text: str) -> str:
    escaped = "".join(
        f"\\{ord(char):x} " if char in "\\\"<>&'" or ord(char) < 0x20 else char for char in text
    )
    return f'"{escaped}"'


def title_parts(document: ReportDocument) -> list[str]:
    """The title in the parts a line may break between: agency, then year and name.

    Read from the format's title pattern (each ``{placeholder}`` starts a part), so a
    long title breaks as 「嘉祥县科学技术局 / 2022年政府信息公开工作年度报告」, never
    inside a word.
    """
    pattern = document.format.report_title
    pieces = [piece for piece in re.split(r"(?=\{)", pattern) if piece]
    values = {"agency": document.agency, "year": document.year}
    try:
        parts = [piece.format(**values) for piece in pieces]
    except (KeyError, IndexError, ValueError):
        return [document.title]
    if "".join(parts) != document.title:
        return [document.title]
    return [part for part in parts if part]


@dataclass
class PrintedSection:
    """One numbered part of the report as printed."""

    key: str
    title: str
    html: SafeString
    table: SafeString


def report_context(document: ReportDocument, *, preview: bool = False) -> dict[str, Any]:
    """The template context of the PDF's HTML (call within the document's language).

    The tables' HTML is escaped by their template, the sections' is whitelisted;
    ``preview`` marks every page as a draft's preview, which must not pass for
    the published document.
    """
    sections = []
    for section in document.format.sections:
        sections.append(
            PrintedSection(
                key=section.key,
                title=section.title,
                # Cleaned to a whitelist of elements and attributes, text escaped.
                html=mark_safe(clean_section_html(document.sections.get(section.key, ""))),
                table=render_report_table(document, section.table, id_prefix="pdf")
                if section.table
                else SafeString(""),
            )
        )
    report_format = document.format
    return {
        "document": document,
        "title": document.title,
        "title_parts": title_parts(document),
        "subject": f"{report_format.name}（{report_format.reference}）",
        "keywords": ", ".join(
            [_("government information disclosure"), _("annual report"), str(document.year)]
        ),
        "published": date_format(document.published, "DATE_FORMAT") if document.published else "",
        "created": document.published.isoformat() if document.published else "",
        "sections": sections,
        "page_number_css": mark_safe(
            css_content(_("Page %(page)s of %(pages)s"), page="page", pages="pages")
        ),
        "preview_css": mark_safe(css_content(_("Preview of a draft, not published")))
        if preview
        else "",
    }


def report_html(
    document: ReportDocument, *, language: str | None = None, preview: bool = False
) -> str:
    """The HTML that WeasyPrint prints for ``document`` (see :func:`report_context`)."""
    with translation.override(language or LANGUAGE):
        return render_to_string(TEMPLATE, report_context(document, preview=preview))


def render_report_pdf(
    document: ReportDocument,
    *,
    base_url: str | None = None,
    language: str | None = None,
    preview: bool = False,
) -> bytes:
    """The report as a PDF (A4, fonts subset and embedded).

    ``base_url`` (the report page's absolute URL) makes the narrative's relative
    links absolute in the PDF; ``preview`` marks a draft's pages as such. Raises
    :class:`~wagtail_govdisclosure.pdf.system.PdfUnavailable` when Pango or the
    fonts are missing.
    """
    html = report_html(document, language=language, preview=preview)
    return html_to_pdf(html, base_url=base_url)


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Print HTML made by :func:`report_html` (checks the system first)."""
    weasyprint = load_weasyprint()
    check_pdf_support()
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_fetcher_class()())
    # Tagged (PDF/UA structure) for screen readers; fonts are subset by default.
    return document.write_pdf(pdf_tags=True)


@functools.cache
def _fetcher_class() -> type:
    """WeasyPrint's fetcher restricted to the media storage (defined once WeasyPrint loads)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StorageURLFetcher(URLFetcher):
        """Files of the media storage (the narrative's images); never the network or disk."""

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            name = media_name(url)
            if name is None:
                raise ValueError(f"The PDF fetches no resource outside the media storage: {url}")
            with default_storage.open(name) as file:
                body = file.read()
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StorageURLFetcher


def media_name(url: str) -> str | None:
    """The storage name of a media URL (``MEDIA_URL`` + name), or ``None``."""
    media_url = settings.MEDIA_URL or ""
    if not media_url:
        return None
    parts = urlsplit(url)
    if urlsplit(media_url).scheme:
        if not url.startswith(media_url):
            return None
        name = url[len(media_url) :]
    else:
        if parts.scheme not in ("http", "https") or not parts.path.startswith(media_url):
            return None
        name = parts.path[len(media_url) :]
    name = unquote(name.split("?")[0].split("#")[0])
    # The storage refuses names outside its root too; refuse them before asking it.
    if not name or name.startswith("/") or ".." in name.split("/"):
        return None
    return name
