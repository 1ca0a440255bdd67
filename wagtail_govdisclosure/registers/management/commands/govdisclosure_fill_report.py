"""``manage.py govdisclosure_fill_report PAGE_ID``: fill tables 三 and 四 from the registers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from wagtail_govdisclosure.models import AnnualReportPage
from wagtail_govdisclosure.registers.fill import FillError, apply_report_fill, plan_report_fill


class Command(BaseCommand):
    help = (
        "Compute tables 三 and 四 of an annual report from the application and case "
        "registers of its agency and year, list the cells that change, and save them as a "
        "new draft revision (never published)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("page_id", type=int, help="The id of the annual report page.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the cells that would change; save nothing.",
        )

    def handle(self, *args: Any, page_id: int, dry_run: bool, **options: Any) -> None:
        page = AnnualReportPage.objects.filter(pk=page_id).first()
        if page is None:
            raise CommandError(_("No annual report with the id %(id)s.") % {"id": page_id})
        try:
            fill = plan_report_fill(page)
        except FillError as exc:
            raise CommandError(str(exc)) from exc
        for change in fill.changes:
            old = "" if change.old is None else change.old
            self.stdout.write(f"{change.ref}\t{old} → {change.new}\t{change.table} {change.cell}")
        if not fill.has_changes:
            self.stdout.write(_("The tables already hold the registers' figures."))
            return
        if dry_run:
            self.stdout.write(
                _("%(count)s cells would change (dry run: nothing saved).")
                % {"count": len(fill.changes)}
            )
            return
        revision = apply_report_fill(fill)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)s cells changed, saved as draft revision %(revision)s.")
                % {"count": len(fill.changes), "revision": revision.pk}
            )
        )
