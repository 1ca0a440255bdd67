"""The published report's PDF, made once and kept in the default storage.

A PDF is stored under ``govdisclosure/pdf/<page id>/<live revision id>-<fingerprint>.pdf``.
The fingerprint digests the HTML that is printed (content, agency, template,
stylesheet, translations) with the WeasyPrint version and the base URL, so a
new publication, a renamed agency or an upgraded template each make a new file
and the old ones of the page are removed; otherwise the stored file is served.
A process remembers the fingerprint of each document it has printed, so serving
a stored PDF does not build its HTML again (templates change with a restart).

Only the live content is ever stored (a page object as routed or loaded from the
database holds its live content; drafts live in revisions). The file name
carries a 64-bit digest of the content and is never published: the PDF is served
through :func:`~wagtail_govdisclosure.pdf.views.serve_report_pdf`, which checks
the page is live and public.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .render import html_to_pdf, report_html
from .system import load_weasyprint

logger = logging.getLogger(__name__)

#: Directory of the stored PDFs in the default storage.
DIRECTORY = "govdisclosure/pdf"


@dataclass(frozen=True)
class StoredPdf:
    """A PDF in the default storage."""

    name: str
    size: int
    #: Digest of what the PDF prints: its HTTP ETag.
    fingerprint: str
    #: The report's title (the file name it is served as).
    title: str


def page_directory(page_id: int) -> str:
    """Where the PDFs of a page are stored."""
    return f"{DIRECTORY}/{int(page_id)}"


def fingerprint(html: str, base_url: str | None) -> str:
    """A digest of everything that decides the PDF's bytes."""
    digest = hashlib.sha256()
    for part in (html, base_url or "", load_weasyprint().__version__):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


#: (page, live revision, base URL, digest of the document) → (stored name, fingerprint):
#: the printed HTML is built once per publication and process, not on every request.
_NAMES: dict[tuple[Any, ...], tuple[str, str]] = {}
_NAMES_MAX = 1024


def published_pdf(page: Any) -> StoredPdf:
    """The PDF of ``page``'s live content, from storage; made and stored first if needed.

    ``page`` is the live page (its own fields, not a draft revision) of a model
    with ``get_document()``. Raises
    :class:`~wagtail_govdisclosure.pdf.system.PdfUnavailable` when the PDF cannot
    be made on this system.
    """
    base_url = page.get_full_url() or None
    document = page.get_document()
    key = (page.pk, page.live_revision_id, base_url, _digest(document.dumps(sort_keys=True)))
    return store_pdf(page, key, document.title, lambda: report_html(document), base_url)


def store_pdf(
    page: Any, key: tuple[Any, ...], title: str, make_html: Any, base_url: str | None
) -> StoredPdf:
    """The stored PDF of ``page``'s live revision, printed from ``make_html()`` if needed.

    ``key`` names everything the printed content depends on, so a process that has
    seen it finds the file without building the HTML again; the file name carries
    the HTML's fingerprint, so a change of template or content makes a new file and
    the page's older files are deleted.
    """
    known = _NAMES.get(key)
    if known is not None and default_storage.exists(known[0]):
        return StoredPdf(known[0], default_storage.size(known[0]), known[1], title)

    html = make_html()
    digest = fingerprint(html, base_url)
    name = f"{page_directory(page.pk)}/{page.live_revision_id or 0}-{digest}.pdf"
    if len(_NAMES) >= _NAMES_MAX:
        _NAMES.clear()
    _NAMES[key] = (name, digest)
    if default_storage.exists(name):
        return StoredPdf(name, default_storage.size(name), digest, title)
    pdf = html_to_pdf(html, base_url=base_url)
    saved = default_storage.save(name, ContentFile(pdf))
    if saved != name:
        # Another request stored the same PDF meanwhile; the storage renamed ours.
        default_storage.delete(saved)
    delete_pdfs(page.pk, keep=name)
    logger.info("Stored the PDF of page %s: %s (%s bytes)", page.pk, name, len(pdf))
    return StoredPdf(name, len(pdf), digest, title)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def delete_pdfs(page_id: int, *, keep: str = "") -> None:
    """Remove the stored PDFs of a page (all but ``keep``)."""
    directory = page_directory(page_id)
    try:
        _, files = default_storage.listdir(directory)
    except (FileNotFoundError, NotImplementedError):
        return
    for file_name in files:
        name = f"{directory}/{file_name}"
        if name != keep:
            default_storage.delete(name)


def pdf_size(page: Any) -> int | None:
    """Bytes of the live report's PDF, for 「PDF（417 KB）」 links; ``None`` when unavailable.

    One storage listing, no HTML built: fit for an archive of many reports.
    ``None`` for a page that is not live, and while no PDF is stored for its live
    revision (it is made after publication, or by the first request for it):
    rendering one is too slow for a page view, and a page object that is a
    preview holds draft content that must never be stored as the published PDF.
    """
    if not page.live:
        return None
    prefix = f"{page.live_revision_id or 0}-"
    directory = page_directory(page.pk)
    try:
        _, files = default_storage.listdir(directory)
    except (FileNotFoundError, NotImplementedError):
        files = []
    for file_name in files:
        if file_name.startswith(prefix) and file_name.endswith(".pdf"):
            return default_storage.size(f"{directory}/{file_name}")
    return None
