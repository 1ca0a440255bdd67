"""Which PDF is stored for which published content: one row per stored file.

Kept in the database (shared by every application server and task worker) so serving
a PDF reads one row instead of listing the storage, and nothing about stored files
lives in a process's memory.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredPdfRecord(models.Model):
    """A PDF in the PDF storage, made from the live content of a report or guide page."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    #: Digest of what the content depends on (page, live revision, column, code version):
    #: found without building the PDF's HTML.
    source_key = models.CharField(_("source key"), max_length=64)
    #: Digest of the printed HTML: the HTTP ETag and part of the file name.
    fingerprint = models.CharField(_("fingerprint"), max_length=32)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    revision_id = models.BigIntegerField(_("live revision"), null=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        app_label = "wagtail_govdisclosure"
        verbose_name = _("stored PDF")
        verbose_name_plural = _("stored PDFs")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "source_key"], name="govdisclosure_pdf_unique_source"
            )
        ]
        indexes = [models.Index(fields=["page", "revision_id"], name="govdisclosure_pdf_rev")]

    def __str__(self) -> str:
        return self.name
