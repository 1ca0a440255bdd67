"""Smoke test of the example portal in a real browser."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command


def test_home_page_and_skip_link(page, screenshot) -> None:
    call_command("load_demo_portal", stdout=StringIO())

    page.goto("/")
    assert "嘉祥县人民政府" in page.title()
    assert page.locator(".portal-brand__name").inner_text() == "嘉祥县人民政府"
    assert page.locator("html").get_attribute("lang") == "zh-Hans"

    # The skip link is the first thing a keyboard user reaches, and it shows when focused.
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.getAttribute('href')]"
    )
    assert focused == ["skip-link", "#main-content"]
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"
    assert screenshot("portal-home").stat().st_size > 0
