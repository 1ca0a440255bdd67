"""The 政府信息公开指南 as an A4 PDF, made once per publication and kept in storage.

The guide prints its live fields in the standard order of the public page, with the
receiving office entered on the column, in the typography of the report
(``wagtail_govdisclosure/pdf/guide.css`` includes the shared ``base.css``); every rich
text is cleaned by :mod:`.richtext`.

Stored like the report's PDF (:mod:`.storage`), under
``govdisclosure/pdf/<page id>/<live revision id>-<fingerprint>.pdf``: the fingerprint
digests the printed HTML, so a new publication of the guide, and also an edit of the
column's contact details (which are not part of the guide's revision), make a new file.
Its record is found by the guide's and its column's live revisions (and the application
form), so serving a stored PDF builds no HTML.
"""

from __future__ import annotations

import logging
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .render import LANGUAGE, css_content, html_to_pdf
from .richtext import clean_section_html
from .storage import StoredPdf, store_pdf

logger = logging.getLogger(__name__)

TEMPLATE = "wagtail_govdisclosure/pdf/guide.html"

#: The guide's rich text fields, cleaned for print.
RICH_TEXT_FIELDS = (
    "classification",
    "proactive_scope",
    "proactive_channels",
    "proactive_places",
    "proactive_time_limit",
    "application_channels_note",
    "application_content",
    "handling_flow",
    "fees",
    "supervision",
    "remedies",
)


def is_guide(page: Any) -> bool:
    """Whether ``page`` is a disclosure guide (the model is imported late: apps load first)."""
    from ..models import DisclosureGuidePage

    return isinstance(page, DisclosureGuidePage)


def guide_context(guide: Any) -> dict[str, Any]:
    """The template context of the guide's PDF (call within the document's language).

    ``guide`` is the page object whose fields are printed: the live page as routed or
    loaded (never a revision, whose content may be a draft).
    """
    column = guide.get_column()
    published = guide.last_published_at
    updated = date_format(timezone.localtime(published).date(), "DATE_FORMAT") if published else ""
    form = guide.application_form
    return {
        "title": guide.title,
        "agency": column.agency_name if column is not None else "",
        "keywords": ", ".join(
            [_("government information disclosure"), str(guide._meta.verbose_name)]
        ),
        "updated": updated,
        "created": published.isoformat() if published else "",
        # Cleaned to a whitelist of elements and attributes, text escaped.
        "text": {
            name: mark_safe(clean_section_html(getattr(guide, name))) for name in RICH_TEXT_FIELDS
        },
        "contact": column.contact() if column is not None else [],
        "channels": guide.channel_labels(),
        "form_title": form.title if form is not None else "",
        "form_url": form.url if form is not None else "",
        "reply_days": guide.reply_days,
        "extension_days": guide.extension_days,
        "review_body": guide.review_body,
        "litigation_court": guide.litigation_court,
        "page_number_css": mark_safe(
            css_content(_("Page %(page)s of %(pages)s"), page="page", pages="pages")
        ),
    }


def guide_html(guide: Any, *, language: str | None = None) -> str:
    """The HTML that WeasyPrint prints for ``guide`` (see :func:`guide_context`)."""
    with translation.override(language or LANGUAGE):
        return render_to_string(TEMPLATE, guide_context(guide))


def render_guide_pdf(guide: Any, *, base_url: str | None = None) -> bytes:
    """The guide as a PDF (A4, fonts subset and embedded); not stored.

    ``base_url`` (the guide page's absolute URL) makes relative links absolute.
    Raises :class:`~wagtail_govdisclosure.pdf.system.PdfUnavailable` when Pango or
    the fonts are missing.
    """
    return html_to_pdf(guide_html(guide), base_url=base_url)


def _key(guide: Any, base_url: str | None) -> tuple[Any, ...]:
    """What decides the printed guide besides the templates (the record's source key)."""
    column = guide.get_column()
    form = guide.application_form
    return (
        guide.pk,
        guide.live_revision_id,
        base_url,
        column.pk if column is not None else None,
        column.live_revision_id if column is not None else None,
        (form.pk, form.title, form.file.name) if form is not None else None,
    )


def published_guide_pdf(guide: Any, *, wait: float | None = None) -> StoredPdf:
    """The PDF of the live guide, from storage; made and stored first if needed.

    The caller checks that the guide is live and public. Raises
    :class:`~wagtail_govdisclosure.pdf.system.PdfUnavailable` when the PDF cannot be
    made on this system, :class:`~wagtail_govdisclosure.pdf.storage.PdfPending` when
    another process is making it.
    """
    base_url = guide.get_full_url() or None
    key = ("guide", *_key(guide, base_url))
    return store_pdf(guide, key, guide.title, lambda: guide_html(guide), base_url, wait=wait)
