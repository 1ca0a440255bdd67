"""Keep the stored PDFs in step with publication.

Connected when imported (by the app's ``AppConfig.ready``): a publication stores
the new PDF once the transaction commits, so visitors and the report archive's
「PDF（大小）」 links never wait for it; unpublishing or deleting a report removes
its PDFs from storage. A disclosure guide's PDF is made by the first request for it;
unpublishing or deleting the guide removes it too.
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
from .storage import delete_pdfs, published_pdf

logger = logging.getLogger(__name__)


def _is_report(page: Any) -> bool:
    return isinstance(page, Page) and hasattr(page, "get_document")


@receiver(page_published)
def store_published_pdf(sender: Any, instance: Page, **kwargs: Any) -> None:
    if not _is_report(instance):
        return
    page_id = instance.pk

    def store() -> None:
        # Publishing never fails because of the PDF: the view makes it on demand.
        try:
            page = Page.objects.get(pk=page_id).specific
            if page.live:
                published_pdf(page)
        except Exception:
            logger.exception("Could not store the PDF of page %s after publication", page_id)

    transaction.on_commit(store)


def _has_pdf(page: Any) -> bool:
    return _is_report(page) or is_guide(page)


@receiver(page_unpublished)
def delete_unpublished_pdfs(sender: Any, instance: Page, **kwargs: Any) -> None:
    if _has_pdf(instance):
        delete_pdfs(instance.pk)


@receiver(post_delete)
def delete_deleted_pdfs(sender: Any, instance: Any, **kwargs: Any) -> None:
    if _has_pdf(instance):
        delete_pdfs(instance.pk)
