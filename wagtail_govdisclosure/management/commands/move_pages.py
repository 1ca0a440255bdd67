"""Wagtail's ``move_pages``, all or nothing: a move the publish gate refuses moves nothing.

Wagtail's own command moves the children one by one, so a refusal of the gate
(see :mod:`wagtail_govdisclosure.tree_gate`) would stop it half-way with a
traceback. This app comes before ``wagtail`` in ``INSTALLED_APPS``, so this
command takes its place: same arguments, one transaction, a clear message.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page


class Command(BaseCommand):
    help = "Move the children of one page under another; nothing moves if one move is refused."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("from_id", type=int)
        parser.add_argument("to_id", type=int)

    def handle(self, *args: Any, from_id: int, to_id: int, **options: Any) -> None:
        from_page = Page.objects.filter(pk=from_id).first()
        to_page = Page.objects.filter(pk=to_id).first()
        if from_page is None or to_page is None:
            raise CommandError(
                _("Page %(id)s does not exist.") % {"id": from_id if from_page is None else to_id}
            )
        pages = list(from_page.get_children())
        self.stdout.write(
            _("Moving %(count)s pages from “%(source)s” to “%(target)s”")
            % {"count": len(pages), "source": from_page.title, "target": to_page.title}
        )
        moving: Page | None = None
        try:
            with transaction.atomic():
                for page in pages:
                    moving = page
                    page.refresh_from_db()  # paths change as siblings move
                    page.move(to_page, pos="last-child")
        except ValidationError as error:
            raise CommandError(
                _("“%(title)s” cannot be moved there, so nothing was moved: %(reasons)s")
                % {
                    "title": moving.title if moving is not None else "",
                    "reasons": " ".join(error.messages),
                }
            ) from None
        self.stdout.write(_("Done"))
