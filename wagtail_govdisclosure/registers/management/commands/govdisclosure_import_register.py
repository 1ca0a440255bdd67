"""``manage.py govdisclosure_import_register FILE --agency PAGE_ID``: import a large register."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.utils.translation import gettext as _

from wagtail_govdisclosure.models import DisclosureIndexPage
from wagtail_govdisclosure.registers.resources import RegisterImport
from wagtail_govdisclosure.registers.views import REGISTERS


class ProgressBar:
    """A one-line progress bar on a terminal (a line every 10% otherwise)."""

    WIDTH = 30

    def __init__(self, stream: OutputWrapper, label: str):
        self.stream = stream
        self.label = label
        self.interactive = stream.isatty()
        self.shown = -1
        self.started = time.monotonic()

    def __call__(self, rows: int, fraction: float) -> None:
        """``rows`` read so far, which is ``fraction`` of the file."""
        percent = int(fraction * 100)
        step = percent if self.interactive else percent // 10 * 10
        if step == self.shown:
            return
        self.shown = step
        filled = int(self.WIDTH * fraction)
        bar = "█" * filled + "·" * (self.WIDTH - filled)
        rate = rows / max(time.monotonic() - self.started, 1e-6)
        line = f"{self.label} [{bar}] {percent:3d}% {rows:,} ({rate:,.0f}/s)"
        if self.interactive:
            self.stream.write("\r" + line, ending="\n" if percent == 100 else "")
        else:
            self.stream.write(line)
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import an application or case register from an .xlsx or CSV file (UTF-8 or GB18030) "
        "into an agency's register: every row is checked first, and nothing is saved unless "
        "every row is right. Rows whose register number is already there update it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The .xlsx or .csv file.")
        parser.add_argument(
            "--agency",
            type=int,
            required=True,
            help="The id of the agency's disclosure column (DisclosureIndexPage).",
        )
        parser.add_argument(
            "--register",
            choices=sorted(REGISTERS),
            default="applications",
            help="Which register the file holds (default: applications).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the file; save nothing.")
        parser.add_argument(
            "--no-personal-data",
            action="store_true",
            help="Ignore the applicants' names and contacts in the file.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            source = path.open("rb")
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": path, "error": exc}
            ) from exc
        agency = DisclosureIndexPage.objects.filter(pk=options["agency"]).first()
        if agency is None:
            raise CommandError(
                _("No disclosure column with the id %(id)s.") % {"id": options["agency"]}
            )
        importer = RegisterImport(
            REGISTERS[options["register"]],
            agency,
            include_personal=not options["no_personal_data"],
        )
        started = time.monotonic()
        progress = ProgressBar(self.stderr, path.name)
        with source:
            report = importer.run(
                source, path.name, dry_run=options["dry_run"], progress=progress
            )
        seconds = time.monotonic() - started
        for notice in report.notices:
            self.stdout.write(self.style.WARNING(notice))
        if report.problems:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("%(count)s problems in %(file)s: nothing was imported.")
                % {"count": len(report.problems), "file": path.name}
            )
        summary = _(
            "%(file)s (%(format)s%(encoding)s): %(rows)s rows for %(agency)s, %(new)s new, "
            "%(updated)s updated, in %(seconds).1f s."
        ) % {
            "file": path.name,
            "format": report.file_format,
            "encoding": f", {report.encoding}" if report.encoding else "",
            "rows": report.rows,
            "agency": agency.agency_name,
            "new": report.new,
            "updated": report.updated,
            "seconds": seconds,
        }
        if options["dry_run"]:
            summary += " " + _("Dry run: nothing was saved.")
        self.stdout.write(self.style.SUCCESS(summary))
