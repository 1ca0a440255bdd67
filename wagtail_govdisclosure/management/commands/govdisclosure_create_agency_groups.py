"""``govdisclosure_create_agency_groups [--column PAGE_ID ... | --all]``.

Creates, for each agency's disclosure column, the groups 「<机关> 编辑」 (edit, no
publishing) and 「<机关> 审核」 (publish too), with Wagtail page permissions on
that column only (see :mod:`wagtail_govdisclosure.permissions`). Idempotent:
running it again creates nothing and reports the groups as they are.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from wagtail_govdisclosure.models import DisclosureIndexPage
from wagtail_govdisclosure.permissions import ensure_agency_groups


class Command(BaseCommand):
    help = (
        "Create each agency's editor and moderator groups, with page permissions on its "
        "disclosure column only. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--column",
            type=int,
            action="append",
            metavar="PAGE_ID",
            help="The id of an agency's disclosure column page (repeat for several).",
        )
        which.add_argument("--all", action="store_true", help="Every disclosure column.")

    def handle(self, *args: Any, **options: Any) -> None:
        columns = DisclosureIndexPage.objects.filter(alias_of__isnull=True).order_by("path")
        if not options["all"]:
            wanted = options["column"]
            columns = columns.filter(pk__in=wanted)
            missing = sorted(set(wanted) - set(columns.values_list("pk", flat=True)))
            if missing:
                raise CommandError(
                    _("No disclosure column has the page id %(ids)s.")
                    % {"ids": ", ".join(str(pk) for pk in missing)}
                )
        if not columns.exists():
            self.stdout.write(_("There is no disclosure column."))
            return
        for column in columns:
            for changes in ensure_agency_groups(column):
                if changes.created:
                    status = _("created")
                elif changes.changed:
                    status = _("updated")
                else:
                    status = _("unchanged")
                line = f"{status}: {changes.group.name}"
                details = [f"+{name}" for name in changes.added]
                details += [f"-{name}" for name in changes.removed]
                if details and not changes.created:
                    line += f" ({', '.join(details)})"
                self.stdout.write(self.style.SUCCESS(line) if changes.changed else line)
