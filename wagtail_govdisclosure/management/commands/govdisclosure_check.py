"""``govdisclosure_check PAGE_ID [--json]``: the findings of a report's latest revision.

Exits with status 1 when any finding is an error (the report could not be
published as it stands), so scripts and CI can use it as a gate.
"""

from __future__ import annotations

import argparse
import datetime
import json
from collections.abc import Sequence
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from wagtail_govdisclosure.checks import (
    Finding,
    finding_lines,
    has_errors,
    summary,
    summary_line,
)
from wagtail_govdisclosure.models import AnnualReportPage


def parse_date(value: str) -> datetime.date:
    """An ISO date argument (``argparse`` type)."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“%(value)s” is not a date written YYYY-MM-DD.") % {"value": value}
        ) from None


def get_report(page_id: int) -> AnnualReportPage:
    """The report page ``page_id`` (its specific instance) or a :class:`CommandError`."""
    page = AnnualReportPage.objects.filter(pk=page_id).first()
    if page is None:
        raise CommandError(
            _("There is no annual report page with the id %(id)s.") % {"id": page_id}
        )
    return page


class Command(BaseCommand):
    help = (
        "Print the findings of the checks on the latest revision of an annual report "
        "(draft or published); exit with status 1 if any finding is an error."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("page_id", type=int, help="The id of the annual report page.")
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print the findings as JSON: {page, revision, summary, findings}.",
        )
        parser.add_argument(
            "--date",
            type=parse_date,
            default=None,
            metavar="YYYY-MM-DD",
            help=(
                "For a report not yet published: check it as if published on this date "
                "(default: today). A published report is judged by its publication date."
            ),
        )

    def handle(
        self,
        *args: Any,
        page_id: int,
        json: bool = False,
        date: datetime.date | None = None,
        **options: Any,
    ) -> None:
        page = get_report(page_id)
        revision = page.get_latest_revision()
        content = page.get_latest_revision_as_object()
        findings = content.get_findings(today=date)
        if json:
            self.stdout.write(_dumps(page, revision, findings))
        else:
            self.stdout.write(
                _("%(title)s (page %(id)s, revision %(revision)s)")
                % {
                    "title": content.draft_title or content.title,
                    "id": page.pk,
                    "revision": revision.pk if revision else "—",
                }
            )
            for line in finding_lines(findings):
                self.stdout.write("  " + line)
            self.stdout.write(summary_line(findings))
        if has_errors(findings):
            raise SystemExit(1)


def _dumps(page: AnnualReportPage, revision: Any, findings: Sequence[Finding]) -> str:
    return json.dumps(
        {
            "page": page.pk,
            "revision": revision.pk if revision else None,
            "summary": summary(findings),
            "findings": [finding.to_json() for finding in findings],
        },
        ensure_ascii=False,
        indent=2,
    )
