"""``manage.py check`` tells a portal's developer what the column's set-up lacks."""

from __future__ import annotations

import importlib.util

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from wagtail_govdisclosure import system_checks
from wagtail_govdisclosure.pdf import system as pdf_system
from wagtail_govdisclosure.registers.apps import RegistersAppConfig


def ids(messages: list) -> list[str]:
    return [message.id for message in messages]


def test_the_example_portal_passes_every_check() -> None:
    call_command("check", fail_level="WARNING")


def test_missing_middleware_is_a_warning(settings) -> None:
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != system_checks.MIDDLEWARE]
    (warning,) = system_checks.check_publish_refused_middleware()
    assert warning.id == "wagtail_govdisclosure.W001"
    assert "PublishRefusedMiddleware" in warning.msg
    assert "MessageMiddleware" in warning.hint
    with pytest.raises(SystemCheckError, match="W001"):
        call_command("check", fail_level="WARNING")


def test_a_missing_cjk_font_is_a_warning(monkeypatch) -> None:
    assert system_checks.check_pdf_support() == []
    monkeypatch.setattr(
        pdf_system, "REQUIRED_FONTS", (("No Such CJK Font SC", "Regular"),), raising=True
    )
    (warning,) = system_checks.check_pdf_support()
    assert warning.id == "wagtail_govdisclosure.W002"
    assert "No Such CJK Font SC" in warning.msg
    assert "fonts-noto-cjk" in warning.hint


def test_missing_weasyprint_libraries_are_a_warning(monkeypatch) -> None:
    def no_pango(name: str):
        raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: not found")

    monkeypatch.setattr(pdf_system.importlib, "import_module", no_pango)
    pdf_system._check.cache_clear()
    try:
        (warning,) = system_checks.check_pdf_support()
    finally:
        pdf_system._check.cache_clear()
    assert warning.id == "wagtail_govdisclosure.W002"
    assert "libpango-1.0-0" in warning.msg


STOCK_FRAME = (
    "<html><head><title>{% block title %}{% endblock %}</title>"
    "{% block extra_css %}{% endblock %}</head>"
    '<body class="{% block body_class %}{% endblock %}">{% block content %}{% endblock %}'
    "{% block extra_js %}{% endblock %}</body></html>"
)


def frame_settings(settings, templates: dict[str, str]) -> None:
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "APP_DIRS": False,
            "OPTIONS": {
                "loaders": [("django.template.loaders.locmem.Loader", templates)],
            },
        }
    ]


def test_the_stock_wagtail_frame_has_every_block(settings) -> None:
    frame_settings(settings, {"base.html": STOCK_FRAME})
    settings.WAGTAIL_GOVDISCLOSURE_BASE_TEMPLATE = "base.html"
    assert system_checks.check_base_template() == []


def test_blocks_of_an_extended_frame_count(settings) -> None:
    frame_settings(
        settings,
        {
            "skeleton.html": STOCK_FRAME,
            "site/base.html": '{% extends "skeleton.html" %}{% block content %}x{% endblock %}',
        },
    )
    settings.WAGTAIL_GOVDISCLOSURE_BASE_TEMPLATE = "site/base.html"
    assert system_checks.check_base_template() == []


def test_a_frame_without_extra_css_is_a_warning(settings) -> None:
    frame_settings(
        settings,
        {"base.html": STOCK_FRAME.replace("{% block extra_css %}{% endblock %}",
                                          "{% block extra_head %}{% endblock %}")},
    )
    settings.WAGTAIL_GOVDISCLOSURE_BASE_TEMPLATE = "base.html"
    (warning,) = system_checks.check_base_template()
    assert warning.id == "wagtail_govdisclosure.W003"
    assert "has no block extra_css" in warning.msg


def test_a_frame_that_does_not_exist_is_an_error(settings) -> None:
    frame_settings(settings, {"base.html": STOCK_FRAME})
    settings.WAGTAIL_GOVDISCLOSURE_BASE_TEMPLATE = "portal/base.html"
    (error,) = system_checks.check_base_template()
    assert error.id == "wagtail_govdisclosure.E003"
    assert "'portal/base.html'" in error.msg


def test_registers_without_modeladmin_app_is_an_error(monkeypatch) -> None:
    assert system_checks.check_registers_apps() == []
    is_installed = system_checks.apps.is_installed
    # Changing INSTALLED_APPS itself would reload every app of the running test process.
    monkeypatch.setattr(
        system_checks.apps, "is_installed", lambda name: name != "wagtail_modeladmin"
        and is_installed(name)
    )
    (error,) = system_checks.check_registers_apps()
    assert error.id == "wagtail_govdisclosure.E004"


def test_registers_without_their_extra_name_the_extra(monkeypatch) -> None:
    real_find_spec = importlib.util.find_spec

    def without_holidays(name: str, *args):
        return None if name == "holidays" else real_find_spec(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", without_holidays)
    config = RegistersAppConfig("wagtail_govdisclosure.registers", __import__(
        "wagtail_govdisclosure.registers", fromlist=["_"]))
    with pytest.raises(ImproperlyConfigured) as raised:
        config.import_models()
    assert "holidays" in str(raised.value)
    assert 'pip install "wagtail-govdisclosure[registers]"' in str(raised.value)
