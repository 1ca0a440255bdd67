"""Background tasks of the disclosure column (Django's Tasks framework, ``django-tasks``).

Each app defines its tasks with ``@task()`` in its own ``tasks.py``; the portal chooses
the backend in ``TASKS`` (``django_tasks_db.DatabaseBackend`` with the ``db_worker`` /
``govdisclosure_worker`` command in production, the immediate backend in tests).
Tasks take ids, never objects, and load the current state themselves: a task may run
long after it was enqueued, or again after a worker was killed, so each is idempotent.
"""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def make_published_pdf(page_id: int) -> str:
    """Make and store the PDF of a live report or guide; answer the stored file's name.

    Nothing to do for a page that is gone or no longer live; nothing is printed twice
    (the storage's record and render lock make a second run a look-up).
    """
    from wagtail.models import Page

    from .conf import get_setting
    from .pdf.guide import is_guide, published_guide_pdf
    from .pdf.storage import published_pdf

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return ""
    page = page.specific
    if not page.live:
        return ""
    # A visitor's request may be rendering it: wait for as long as its lock may last.
    wait = float(get_setting("PDF_RENDER_TIMEOUT")) + 5
    if is_guide(page):
        return published_guide_pdf(page, wait=wait).name
    if hasattr(page, "get_document"):
        return published_pdf(page, wait=wait).name
    return ""
