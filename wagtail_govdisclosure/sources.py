"""An imported report's source file: private while the report is a draft, a document once live.

The import keeps the file with the page (:class:`~.models.ReportSourceFile`).
When the report is published, the file becomes a Wagtail document in the
agency's collection, served the way Wagtail serves documents (as an
attachment, with a Content-Security-Policy); when it is unpublished or
deleted, that document is deleted again. A file whose type the portal does
not allow as a document (``WAGTAILDOCS_EXTENSIONS``), or that a browser would
run as a page (HTML, SVG, XML), never becomes a document: it stays private.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models.signals import post_delete
from wagtail.documents import get_document_model
from wagtail.signals import page_published, page_unpublished

from .models import AnnualReportPage, ReportSourceFile

logger = logging.getLogger(__name__)

#: Types a browser shows as an active page, whose scripts would run on the portal's domain:
#: never offered as a document, whatever the portal's document settings say.
ACTIVE_CONTENT_EXTENSIONS = frozenset(
    {"html", "htm", "shtml", "xhtml", "mht", "mhtml", "svg", "svgz", "xml", "xsl", "js"}
)


def extension(name: str) -> str:
    return Path(name).suffix.lower().lstrip(".")


def allowed_as_document(name: str) -> bool:
    """Whether a file called ``name`` may be a public document on this portal."""
    ext = extension(name)
    if not ext or ext in ACTIVE_CONTENT_EXTENSIONS:
        return False
    allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
    return allowed is None or ext in {str(item).lower().lstrip(".") for item in allowed}


def publish_source(page: AnnualReportPage) -> Any:
    """Make the source file of the live ``page`` a document (once); return the document."""
    from .importing import agency_collection

    source = ReportSourceFile.objects.filter(page=page).select_related("document").first()
    if source is None or not allowed_as_document(source.name):
        return None
    if source.document is not None:
        return source.document
    column = page.get_column()
    agency = column.agency_name.strip() if column is not None else ""
    data = bytes(source.data)
    document = get_document_model()(
        title=page.title,
        file=ContentFile(data, name=source.name),
        collection=agency_collection(agency or page.title),
        uploaded_by_user=source.uploaded_by,
        file_size=len(data),
        file_hash=source.sha1,
    )
    document.save()
    source.document = document
    source.save(update_fields=["document"])
    return document


def withdraw_source(page: AnnualReportPage) -> None:
    """Delete the public document of ``page``'s source file (the file stays with the page)."""
    source = ReportSourceFile.objects.filter(page=page, document__isnull=False).first()
    if source is None:
        return
    document = source.document
    source.document = None
    source.save(update_fields=["document"])
    # Wagtail deletes the stored file once the transaction commits.
    document.delete()


def _on_published(sender: Any, instance: AnnualReportPage, **kwargs: Any) -> None:
    if instance.alias_of_id is None:
        publish_source(instance)


def _on_unpublished(sender: Any, instance: AnnualReportPage, **kwargs: Any) -> None:
    withdraw_source(instance)


def _on_source_deleted(sender: Any, instance: ReportSourceFile, **kwargs: Any) -> None:
    # The report was deleted: the file it was published with goes with it.
    if instance.document_id is not None:
        get_document_model().objects.filter(pk=instance.document_id).delete()


page_published.connect(_on_published, sender=AnnualReportPage)
page_unpublished.connect(_on_unpublished, sender=AnnualReportPage)
post_delete.connect(_on_source_deleted, sender=ReportSourceFile)
