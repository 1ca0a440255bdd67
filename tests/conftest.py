"""Shared pytest fixtures.

pytest-django reads ``DJANGO_SETTINGS_MODULE = "example_site.settings"`` from pyproject.toml;
the database is SQLite unless ``DATABASE_URL`` points elsewhere (``make test-postgres``).
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True, scope="session")
def _media_in_a_temporary_folder(tmp_path_factory) -> None:
    """Uploads and stored PDFs go to a throw-away folder, never into the example site."""
    from django.conf import settings as django_settings

    django_settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_immediately() -> None:
    """Tasks run as they are enqueued (tests that need the worker start one themselves)."""
    from django.test.utils import override_settings

    override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ).enable()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    # The default PBKDF2 costs ~0.3 s per hash; tests create users often.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_portal(db) -> str:
    """Run ``load_demo_portal`` (home page as site root, admin user); return its output."""
    out = StringIO()
    call_command("load_demo_portal", stdout=out)
    return out.getvalue()
