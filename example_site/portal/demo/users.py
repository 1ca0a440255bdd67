"""The demo's administrator account."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from example_site.portal.demo import DemoContext

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "govdisclosure-demo"
ADMIN_EMAIL = "admin@example.com"


def load(context: DemoContext) -> None:
    """Create the ``admin`` superuser if missing; an existing account is left untouched."""
    user_model = get_user_model()
    lookup = {user_model.USERNAME_FIELD: ADMIN_USERNAME}
    exists = user_model._default_manager.filter(**lookup).exists()
    if not exists:
        user_model._default_manager.create_superuser(
            ADMIN_USERNAME, email=ADMIN_EMAIL, password=ADMIN_PASSWORD
        )
    context.report("exists" if exists else "created", f"超级用户 {ADMIN_USERNAME}")
    context.logins.append((ADMIN_USERNAME, ADMIN_PASSWORD))
