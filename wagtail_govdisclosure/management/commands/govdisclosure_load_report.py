"""``govdisclosure_load_report FILE.json --parent PAGE_ID``: a report's draft from interchange JSON.

Creates the report of the document's year under the report index ``--parent``,
or saves a new draft revision of the report of that year already there. It never
publishes: the editor reviews the draft and publishes it through the gate.
Bad input is refused with every problem named by its JSON path, and nothing is
saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug

from wagtail_govdisclosure.importing import validation_messages
from wagtail_govdisclosure.interchange import InterchangeError, ReportDocument, loads
from wagtail_govdisclosure.management.commands.govdisclosure_check import (
    finding_lines,
    summary_line,
)
from wagtail_govdisclosure.models import AnnualReportIndexPage, AnnualReportPage


class Command(BaseCommand):
    help = (
        "Create or update the draft annual report of a report index from an interchange "
        "JSON file (never publishes)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The interchange JSON file.")
        parser.add_argument(
            "--parent",
            type=int,
            required=True,
            help="The id of the annual report index page the report belongs in.",
        )

    def handle(self, *args: Any, file: Path, parent: int, **options: Any) -> None:
        document = self._read(file)
        index = AnnualReportIndexPage.objects.filter(pk=parent).first()
        if index is None:
            raise CommandError(
                _("Page %(id)s is not an annual report index: give the id of one with --parent.")
                % {"id": parent}
            )
        column = AnnualReportPage().get_column(parent=index)
        if column is None:
            raise CommandError(
                _("The report index %(id)s is not inside an agency's disclosure column.")
                % {"id": parent}
            )
        if document.agency.strip() != column.agency_name.strip():
            raise CommandError(
                _(
                    "The file is the report of “%(file_agency)s”, but the report index %(id)s "
                    "belongs to “%(agency)s”: nothing was saved."
                )
                % {"file_agency": document.agency, "id": parent, "agency": column.agency_name}
            )
        try:
            with transaction.atomic():
                page, created = self._save(index, document)
        except ValidationError as error:
            lines = [_("The report cannot be saved: nothing was saved.")]
            lines += [f"  {message}" for message in validation_messages(error)]
            raise CommandError("\n".join(lines)) from None
        findings = page.get_latest_revision_as_object().get_findings()
        message = (
            _("Created the draft report “%(title)s”: page %(id)s, revision %(revision)s.")
            if created
            else _("Saved a new draft of “%(title)s”: page %(id)s, revision %(revision)s.")
        )
        self.stdout.write(
            message
            % {
                "title": page.draft_title,
                "id": page.pk,
                "revision": page.latest_revision_id,
            }
        )
        for line in finding_lines(findings):
            self.stdout.write("  " + line)
        self.stdout.write(summary_line(findings))

    def _read(self, file: Path) -> ReportDocument:
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from None
        try:
            return loads(data)
        except InterchangeError as error:
            lines = [_("%(file)s is not a valid report document:") % {"file": file}]
            lines += [f"  {problem}" for problem in error.problems]
            raise CommandError("\n".join(lines)) from None

    def _save(
        self, index: AnnualReportIndexPage, document: ReportDocument
    ) -> tuple[AnnualReportPage, bool]:
        """Save ``document`` as a new draft revision; return the page and whether it is new."""
        existing = (
            AnnualReportPage.objects.child_of(index)
            .filter(year=document.year, alias_of__isnull=True)
            .first()
        )
        if existing is None:
            slug = find_available_slug(index, str(document.year))
            page = AnnualReportPage(title=document.title, slug=slug, live=False)
            page.set_document(document)
            index.add_child(instance=page)
            page.save_revision(log_action=True)
            return page, True
        draft = existing.get_latest_revision_as_object()
        draft.set_document(document)
        draft.save_revision(log_action=True)
        existing.refresh_from_db()
        return existing, False
