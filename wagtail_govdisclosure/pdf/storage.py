"""The published PDFs (report and guide): made once per content, kept in a private storage.

**Where**: the storage named by ``WAGTAIL_GOVDISCLOSURE_PDF_STORAGE`` in ``STORAGES``
(any backend: a folder, S3 through django-storages, …), or, when the portal names none,
a private folder beside ``MEDIA_ROOT`` that no URL serves. A PDF is stored under
``govdisclosure/pdf/<page id>/<live revision id>-<fingerprint>.pdf``; the fingerprint
digests the printed HTML with the WeasyPrint version and the base URL. Files reach
visitors only through :mod:`.views`, which checks that the page is live and public.

**What is stored**: one :class:`~.records.StoredPdfRecord` row per file, found by a
*source key* (page, live revision, what else the content depends on, and a digest of
the PDF templates of this installation), so serving a stored PDF is one query: no
HTML built, no storage listing, nothing remembered per process.

**Once per document**: the render runs under a lock in Django's cache framework
(``cache.add``, atomic in every shared backend), so among all processes and servers one
renders a document while the others wait for its record (at most
``WAGTAIL_GOVDISCLOSURE_PDF_WAIT`` seconds, then :class:`PdfPending`: a 503 with
``Retry-After``). A file is written completely before its record exists, so no request
sees half a file; a new file never replaces another's name, and the previous file of a
page is kept until the next one is made, so a request still sending it is not cut off.
Publication makes the PDF in a background task (:mod:`wagtail_govdisclosure.tasks`).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import IntegrityError, transaction

from ..conf import get_setting
from .records import StoredPdfRecord
from .render import TEMPLATE, html_to_pdf, report_html
from .system import load_weasyprint

logger = logging.getLogger(__name__)

#: Directory of the stored PDFs in their storage.
DIRECTORY = "govdisclosure/pdf"
#: Stored files of a page kept: the current one and the one before (which a request
#: that started before the new one was made may still be sending).
KEEP_PER_PAGE = 2
#: Seconds between two looks for another process's render.
POLL_INTERVAL = 0.2


class PdfPending(Exception):
    """Another process is making this PDF and did not finish within the wait."""

    def __init__(self, retry_after: int):
        super().__init__(f"The PDF is being made; retry after {retry_after} s")
        self.retry_after = retry_after


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder whose files have no URL: they are served only by a view that checks access."""

    def url(self, name: str | None) -> str:
        raise ValueError("Files of the private PDF storage have no public URL.")


@dataclass(frozen=True)
class StoredPdf:
    """A PDF in the PDF storage."""

    name: str
    size: int
    #: Digest of what the PDF prints: its HTTP ETag.
    fingerprint: str
    #: The document's title (the file name it is served as).
    title: str


def private_folder() -> Path:
    """The default folder of the PDFs: beside ``MEDIA_ROOT``, never inside it."""
    media_root = Path(settings.MEDIA_ROOT).resolve()
    return media_root.with_name(f"{media_root.name}-govdisclosure-pdfs")


def pdf_storage() -> Storage:
    """The storage of the PDFs (the ``STORAGES`` alias, else the private folder)."""
    alias = get_setting("PDF_STORAGE")
    if alias in settings.STORAGES:
        return storages[alias]
    return _private_storage(str(private_folder()))


@functools.cache
def _private_storage(location: str) -> Storage:
    return PrivateFileSystemStorage(location=location)


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


@functools.cache
def code_version() -> str:
    """A digest of this installation's PDF templates and stylesheets, and WeasyPrint's version.

    Part of every source key, so after an upgrade that changes the printed layout the
    next request (or ``govdisclosure_make_pdfs``) makes the PDF anew. Read once per
    process: templates change with a deployment, which restarts the processes.
    """
    from django.template.loader import get_template

    digest = hashlib.sha256(load_weasyprint().__version__.encode())
    origin = getattr(get_template(TEMPLATE), "origin", None)
    folder = Path(origin.name).parent if origin is not None and origin.name else None
    if folder is not None and folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_file():
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def source_key(key: tuple[Any, ...]) -> str:
    """The record's key for ``key`` (what the content depends on) and this code version."""
    return hashlib.sha256(repr((key, code_version())).encode()).hexdigest()


def published_pdf(page: Any, *, wait: float | None = None) -> StoredPdf:
    """The PDF of ``page``'s live content, from storage; made and stored first if needed.

    ``page`` is the live page (its own fields, not a draft revision) of a model
    with ``get_document()``. Raises
    :class:`~wagtail_govdisclosure.pdf.system.PdfUnavailable` when the PDF cannot
    be made on this system and :class:`PdfPending` when another process is making it.
    """
    base_url = page.get_full_url() or None
    document = page.get_document()
    key = (page.pk, page.live_revision_id, base_url, _digest(document.dumps(sort_keys=True)))
    return store_pdf(page, key, document.title, lambda: report_html(document), base_url, wait=wait)


def store_pdf(
    page: Any,
    key: tuple[Any, ...],
    title: str,
    make_html: Any,
    base_url: str | None,
    *,
    wait: float | None = None,
) -> StoredPdf:
    """The stored PDF of ``page``'s live content, printed from ``make_html()`` if needed.

    ``key`` names everything the printed content depends on; a record with its source
    key is served without building the HTML. Otherwise one process (this one, if it gets
    the lock) prints it; the others wait up to ``wait`` seconds (default
    ``WAGTAIL_GOVDISCLOSURE_PDF_WAIT``) for its record, then raise :class:`PdfPending`.
    """
    source = source_key(key)
    record = _record(page.pk, source)
    if record is not None:
        return _stored(record, title)

    lock_cache = caches[get_setting("PDF_LOCK_CACHE")]
    timeout = int(get_setting("PDF_RENDER_TIMEOUT"))
    lock = f"govdisclosure:pdf-render:{page.pk}:{source}"
    token = uuid.uuid4().hex
    deadline = time.monotonic() + (get_setting("PDF_WAIT") if wait is None else wait)
    while True:
        if lock_cache.add(lock, token, timeout=timeout):
            try:
                return _render_and_store(page, source, title, make_html, base_url)
            finally:
                # Only our own lock: after the timeout another renderer may hold it.
                if lock_cache.get(lock) == token:
                    lock_cache.delete(lock)
        if time.monotonic() >= deadline:
            raise PdfPending(retry_after=max(1, min(timeout, 5)))
        time.sleep(POLL_INTERVAL)
        record = _record(page.pk, source)
        if record is not None:
            return _stored(record, title)


def _record(page_id: int, source: str) -> StoredPdfRecord | None:
    return StoredPdfRecord.objects.filter(page_id=page_id, source_key=source).first()


def _stored(record: StoredPdfRecord, title: str) -> StoredPdf:
    return StoredPdf(record.name, record.size, record.fingerprint, title)


def _render_and_store(
    page: Any, source: str, title: str, make_html: Any, base_url: str | None
) -> StoredPdf:
    # Another process may have finished between our look-up and taking the lock.
    record = _record(page.pk, source)
    if record is not None:
        return _stored(record, title)
    html = make_html()
    digest = fingerprint(html, base_url)
    storage = pdf_storage()
    name = f"{page_directory(page.pk)}/{page.live_revision_id or 0}-{digest}.pdf"
    existing = StoredPdfRecord.objects.filter(page_id=page.pk, name=name).first()
    if existing is not None and storage.exists(name):
        # The same bytes under another source key (e.g. a change that prints nothing new).
        size = existing.size
    else:
        pdf = html_to_pdf(html, base_url=base_url)
        # A storage never overwrites here: a taken name gets a suffix, so a file another
        # request is sending is never replaced under it.
        name = storage.save(name, ContentFile(pdf))
        size = len(pdf)
        logger.info("Stored the PDF of page %s: %s (%s bytes)", page.pk, name, size)
    try:
        with transaction.atomic():
            record = StoredPdfRecord.objects.create(
                page_id=page.pk,
                source_key=source,
                fingerprint=digest,
                name=name,
                size=size,
                revision_id=page.live_revision_id,
            )
    except IntegrityError:
        # Made meanwhile by a process whose lock had expired: theirs is as good.
        record = _record(page.pk, source)
        if record is None:
            raise
    prune(page.pk)
    return _stored(record, title)


def prune(page_id: int) -> None:
    """Remove a page's stored PDFs older than the newest :data:`KEEP_PER_PAGE`."""
    records = StoredPdfRecord.objects.filter(page_id=page_id).order_by("-created_at", "-pk")
    keep = list(records[:KEEP_PER_PAGE])
    kept_names = {record.name for record in keep}
    storage = pdf_storage()
    for record in records.exclude(pk__in=[record.pk for record in keep]):
        if record.name not in kept_names:
            storage.delete(record.name)
        record.delete()


def forget(page_id: int, name: str) -> None:
    """Drop the record of a file that is gone from storage (it is made again when asked)."""
    StoredPdfRecord.objects.filter(page_id=page_id, name=name).delete()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def delete_pdfs(page_id: int) -> None:
    """Remove every stored PDF of a page (unpublished or deleted) and their records."""
    storage = pdf_storage()
    names = set(StoredPdfRecord.objects.filter(page_id=page_id).values_list("name", flat=True))
    directory = page_directory(page_id)
    try:
        _, files = storage.listdir(directory)
        names.update(f"{directory}/{file_name}" for file_name in files)
    except (FileNotFoundError, NotImplementedError):
        pass
    for name in names:
        storage.delete(name)
    StoredPdfRecord.objects.filter(page_id=page_id).delete()


def pdf_size(page: Any) -> int | None:
    """Bytes of the live report's PDF, for 「PDF（417 KB）」 links; ``None`` when unavailable.

    One indexed query, no HTML built: fit for an archive of many reports.
    ``None`` for a page that is not live, and while no PDF is stored for its live
    revision (it is made after publication by a task): rendering one is too slow
    for a page view, and a page object that is a preview holds draft content that
    must never be stored as the published PDF.
    """
    if not page.live or not page.pk:
        return None
    return (
        StoredPdfRecord.objects.filter(page_id=page.pk, revision_id=page.live_revision_id)
        .order_by("-created_at", "-pk")
        .values_list("size", flat=True)
        .first()
    )
