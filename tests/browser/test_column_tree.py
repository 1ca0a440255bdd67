"""The column's left tree: folded above the content on a phone, beside it on a desktop."""

from __future__ import annotations

import pytest

from tests.browser.test_column_walkthrough import portal  # noqa: F401  (fixture)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _pages(portal):  # noqa: F811
    from wagtail_govdisclosure.models import AnnualReportPage, NoticePage

    report = AnnualReportPage.objects.descendant_of(portal).get(year=2023)
    notice = NoticePage.objects.descendant_of(portal).live().first()
    return {"report": report.url, "notice": notice.url, "guide": portal.get_guide().url}


@pytest.mark.parametrize("which", ["report", "notice", "guide"])
def test_tree_is_folded_on_a_phone_and_the_heading_on_the_first_screen(
    page,
    screenshot,
    portal,  # noqa: F811
    which,
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(_pages(portal)[which])
    tree = page.get_by_role("navigation", name="本专栏栏目")
    toggle = tree.locator("summary")
    assert toggle.is_visible()
    assert not tree.locator(".gd-tree__link").first.is_visible()
    heading = page.locator("h1").first.bounding_box()
    assert heading is not None and heading["y"] + heading["height"] <= PHONE["height"]
    screenshot(f"column-tree-phone-{which}")
    # Opened on demand, the current section is marked.
    toggle.click()
    current = tree.locator("[aria-current]")
    assert current.is_visible()


@pytest.mark.parametrize("which", ["report", "notice", "guide"])
def test_tree_stands_beside_the_content_on_a_desktop(
    page,
    screenshot,
    portal,  # noqa: F811
    which,
) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(_pages(portal)[which])
    tree = page.get_by_role("navigation", name="本专栏栏目")
    assert not tree.locator("summary").is_visible()
    links = tree.locator(".gd-tree__link")
    assert links.count() >= 3 and links.first.is_visible()
    assert tree.locator("[aria-current]").is_visible()
    tree_box = tree.bounding_box()
    content = page.locator(".gd-with-tree__main").bounding_box()
    heading = page.locator("h1").first.bounding_box()
    assert tree_box is not None and content is not None and heading is not None
    # Beside: the content (and its heading) starts right of the tree, level with its top.
    assert content["x"] >= tree_box["x"] + tree_box["width"]
    assert heading["x"] >= tree_box["x"] + tree_box["width"]
    assert content["y"] < tree_box["y"] + tree_box["height"]
    screenshot(f"column-tree-desktop-{which}")
