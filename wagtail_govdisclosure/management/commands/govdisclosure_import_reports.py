"""``govdisclosure_import_reports FILE... --parent PAGE_ID``: draft reports from published files.

Each FILE (.docx, a saved web page, the plain-text export, or interchange JSON)
is read by :func:`wagtail_govdisclosure.importers.read_report` and becomes one
DRAFT :class:`~wagtail_govdisclosure.models.AnnualReportPage` under the report
index ``--parent``; the original file is kept as a Wagtail document (titled
with the report's title, in a collection named after the agency). Nothing is
ever published: the editor reviews each draft and publishes it through the gate.

All or nothing: every file is read and judged before anything is saved, and the
saving runs in one transaction. A file that cannot be read, a report of another
agency, or a year the index (or another file of the run) already has refuses
the whole run with every reason named, and nothing is created.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from wagtail_govdisclosure.checks import finding_lines, summary_line
from wagtail_govdisclosure.importers import read_report
from wagtail_govdisclosure.importing import (
    CreatedReport,
    ImportedFile,
    create_drafts,
    get_index,
    judge_files,
    validation_messages,
)
from wagtail_govdisclosure.models import AnnualReportIndexPage, DisclosureIndexPage
from wagtail_govdisclosure.sources import extension


class Command(BaseCommand):
    help = (
        "Create one draft annual report per file (.docx, web page, text or interchange JSON) "
        "under a report index, keeping each file as a document. Never publishes; creates "
        "nothing if any file cannot be imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="Report files.")
        parser.add_argument(
            "--parent",
            type=int,
            required=True,
            help="The id of the annual report index page the reports belong in.",
        )
        parser.add_argument(
            "--agency",
            default="",
            help="The agency of the reports, whatever their titles say (a generic title).",
        )
        parser.add_argument(
            "--year",
            type=int,
            default=None,
            help="The year of the report, whatever its title says.",
        )

    def handle(self, *args: Any, files: list[Path], parent: int, **options: Any) -> None:
        index, column = get_index(parent)
        self.agency, self.year = options.get("agency") or "", options.get("year")
        read = [self._read(path) for path in files]
        reasons = judge_files(read, index, column)
        if reasons:
            lines = [_("Nothing was imported:")]
            for path, messages in reasons.items():
                lines.append(f"{path}:")
                lines += [f"  {message}" for message in messages]
            raise CommandError("\n".join(lines))
        created = self._create(index, column, read)
        for file, report in zip(read, created, strict=True):
            self._print(file, report)

    def _read(self, path: Path) -> ImportedFile:
        try:
            data = path.read_bytes()
        except OSError:
            # read_report names the reason (missing file, a folder, not allowed).
            return ImportedFile(path, b"", read_report(path))
        return ImportedFile(
            path,
            data,
            read_report(data, filename=path.name, agency=self.agency, year=self.year),
        )

    def _create(
        self, index: AnnualReportIndexPage, column: DisclosureIndexPage, files: list[ImportedFile]
    ) -> list[CreatedReport]:
        try:
            return create_drafts(index, column, files)
        except ValidationError as error:
            lines = [_("The reports cannot be saved: nothing was imported.")]
            lines += [f"  {message}" for message in validation_messages(error)]
            raise CommandError("\n".join(lines)) from None

    def _print(self, file: ImportedFile, report: CreatedReport) -> None:
        page = report.page
        self.stdout.write(
            _(
                "%(file)s: created the draft report “%(title)s” (%(year)s): page %(id)s, "
                "revision %(revision)s."
            )
            % {
                "file": file.path,
                "title": page.draft_title,
                "year": page.year,
                "id": page.pk,
                "revision": page.latest_revision_id,
            }
        )
        if report.source_becomes_document:
            kept = _(
                "The file is kept privately with the report and becomes a public document "
                "when the report is published."
            )
        else:
            kept = _(
                "The file is kept privately with the report; it will not be a public "
                "document: the portal does not allow .%(extension)s files as documents."
            ) % {"extension": extension(report.source.name)}
        self.stdout.write("  " + kept)
        for problem in file.result.problems:
            self.stdout.write("  " + _("Left out: %(problem)s") % {"problem": problem})
        findings = page.get_latest_revision_as_object().get_findings()
        for line in finding_lines(findings):
            self.stdout.write("  " + line)
        self.stdout.write("  " + summary_line(findings))
