"""Keep the stored PDFs in step with publication.

Connected when imported (by the app's ``AppConfig.ready``): publishing a report or a
guide enqueues :func:`~wagtail_govdisclosure.tasks.make_published_pdf` once the
transaction commits, so the editor never waits for the PDF and visitors find it made;
publishing a column (whose contact details the guide prints) does the same for its
guide. Unpublishing or deleting a report or guide removes its PDFs from storage.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from .guide import is_guide
from .storage import delete_pdfs

logger = logging.getLogger(__name__)


def _is_report(page: Any) -> bool:
    return isinstance(page, Page) and hasattr(page, "get_document")


def _has_pdf(page: Any) -> bool:
    return _is_report(page) or is_guide(page)


def enqueue_pdf(page_id: int) -> None:
    """Enqueue the making of a page's PDF once the current transaction commits."""

    def enqueue() -> None:
        from ..tasks import make_published_pdf

        # Publishing never fails because of the PDF: the view makes it on demand.
        try:
            make_published_pdf.enqueue(page_id)
        except Exception:
            logger.exception("Could not make the PDF of page %s after publication", page_id)

    transaction.on_commit(enqueue)


@receiver(page_published)
def store_published_pdf(sender: Any, instance: Page, **kwargs: Any) -> None:
    if _has_pdf(instance):
        enqueue_pdf(instance.pk)
        return
    from ..models import DisclosureGuidePage, DisclosureIndexPage

    if isinstance(instance, DisclosureIndexPage):
        # The guide prints the column's contact details.
        for guide_id in (
            DisclosureGuidePage.objects.live().descendant_of(instance).values_list("pk", flat=True)
        ):
            enqueue_pdf(guide_id)


@receiver(page_unpublished)
def delete_unpublished_pdfs(sender: Any, instance: Page, **kwargs: Any) -> None:
    if _has_pdf(instance):
        delete_pdfs(instance.pk)


@receiver(post_delete)
def delete_deleted_pdfs(sender: Any, instance: Any, **kwargs: Any) -> None:
    if _has_pdf(instance):
        delete_pdfs(instance.pk)
