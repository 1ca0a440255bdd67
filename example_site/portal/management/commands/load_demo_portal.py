"""``manage.py load_demo_portal``: set up the example county portal's demo content."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from example_site.portal.demo import DemoContext, get_loaders


class Command(BaseCommand):
    help = (
        "Create the demo portal: the home page as the default site's root, the admin user and "
        "the demo content. Idempotent: existing objects are kept as they are."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        context = DemoContext(stdout=self.stdout, style=self.style)
        self.stdout.write("Loading the demo portal:")
        # One transaction: a failing loader leaves no half-built portal behind.
        with transaction.atomic():
            for loader in get_loaders():
                loader(context)

        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo portal ready."))
        self.stdout.write(f"  Site:  {base_url}/")
        self.stdout.write(f"  Admin: {base_url}/admin/")
        for username, password in context.logins:
            self.stdout.write(f"  Login: {username} / {password}")
