"""``govdisclosure_summarise_reports``: write the status board's summary of every report.

The summaries are kept up to date as reports are saved and published; run this
once after upgrading to a version that has them (the board would otherwise
write each missing summary on its first load), or after changing reports
outside Wagtail. Idempotent.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wagtail_govdisclosure.summaries import summarise_all


class Command(BaseCommand):
    help = "Write the report status board's stored summary of every annual report. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        count = summarise_all()
        self.stdout.write(_("%(count)s report summaries written.") % {"count": count})
