"""The file an annual report was imported from, kept privately until the report is live.

An imported draft's source file says what the draft says: served from the
media folder or listed in the documents API it would publish the draft. So the
bytes stay in the database with the page (no public URL, and the import's
transaction covers them: nothing is half-saved), and
:mod:`wagtail_govdisclosure.sources` turns them into a Wagtail document when
the report is published and removes that document when it is unpublished.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string


class ReportSourceFile(models.Model):
    """The bytes of the file a report was imported from and, while it is live, its document."""

    page = models.OneToOneField(
        "wagtail_govdisclosure.AnnualReportPage",
        on_delete=models.CASCADE,
        related_name="source_file",
        verbose_name=_("report"),
    )
    name = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(_("content"))
    sha1 = models.CharField(max_length=40, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    #: The public document made from the file while the report is live.
    document = models.ForeignKey(
        get_document_model_string(),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("public document"),
    )

    class Meta:
        verbose_name = _("report source file")
        verbose_name_plural = _("report source files")

    def __str__(self) -> str:
        return self.name
