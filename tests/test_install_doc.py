"""docs/installing.md's code blocks: the ones ``make test-wheel`` applies to a stock portal.

The wheel check is slow (a virtualenv and a new portal); this catches a broken block at once
and keeps the example portal consistent with what the doc tells others to do.
"""

from __future__ import annotations

from django.conf import settings

from tests.wheel.run_wheel_check import doc_blocks
from wagtail_govdisclosure.system_checks import MIDDLEWARE


def applied_settings() -> dict:
    namespace: dict = {"INSTALLED_APPS": [], "MIDDLEWARE": []}
    for code in doc_blocks()["settings.py"]:
        exec(compile(code, "docs/installing.md", "exec"), namespace)
    return namespace


def test_the_settings_blocks_run_and_add_the_app() -> None:
    applied = applied_settings()
    assert applied["INSTALLED_APPS"] == [
        "wagtail_govdisclosure",
        "wagtail.api.v2",
        "rest_framework",
        "wagtail_govdisclosure.registers",
        "wagtail_modeladmin",
    ]
    assert applied["MIDDLEWARE"] == [MIDDLEWARE]
    assert applied["TIME_ZONE"] == "Asia/Shanghai"


def test_the_example_portal_has_what_the_doc_adds() -> None:
    applied = applied_settings()
    for app in applied["INSTALLED_APPS"]:
        assert app in settings.INSTALLED_APPS
    assert MIDDLEWARE in settings.MIDDLEWARE
    for name in ("LANGUAGE_CODE", "TIME_ZONE", "USE_TZ", "DATA_UPLOAD_MAX_NUMBER_FIELDS"):
        assert getattr(settings, name) == applied[name], name


def test_the_url_block_compiles_and_includes_the_app_before_page_serving() -> None:
    (code,) = doc_blocks()["urls.py"]
    compile(code, "docs/installing.md", "exec")
    assert 'include("wagtail_govdisclosure.urls")' in code
    assert "wagtail_urls" not in code  # the stock catch-all stays last, after these lines
