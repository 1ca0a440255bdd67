"""A citizen reads a report's tables and the trend chart on a 390 px phone."""

from __future__ import annotations

import pytest

from tests.browser.test_column_walkthrough import portal  # noqa: F401  (fixture)

PHONE = {"width": 390, "height": 844}

# After the swipe: the cell, the label of its row and the header of its column, each on
# screen, inside the scroll region and not hidden under another cell.
SWIPE_AND_LOOK = """
([tableId, rowKey]) => {
  const table = document.getElementById(tableId);
  const region = table.closest('.gd-table-scroll');
  const row = [...table.querySelectorAll('tbody tr')][rowKey];
  const cell = row.querySelector('td:last-child');
  // The swipe: the region scrolled sideways to its end, and down to the cell.
  region.scrollLeft = region.scrollWidth;
  region.scrollTop = cell.offsetTop - region.clientHeight / 2;
  region.scrollIntoView({block: 'nearest'});
  const ids = cell.getAttribute('headers').split(' ');
  const byId = (id) => document.getElementById(id);
  const label = ids.map(byId).filter((el) => el.classList.contains('gd-label')).pop();
  const header = ids.map(byId).filter((el) => el.closest('thead')).pop();
  const view = region.getBoundingClientRect();
  const seen = (el) => {
    const box = el.getBoundingClientRect();
    const x = Math.min(Math.max(box.left + 4, view.left + 1), view.right - 2);
    const y = Math.min(Math.max(box.top + box.height / 2, view.top + 1), view.bottom - 2);
    const top = document.elementFromPoint(x, y);
    return {
      text: el.textContent.trim(),
      inside: box.right > view.left && box.left < view.right && box.bottom > view.top
        && box.top < view.bottom && box.top >= 0 && box.bottom <= innerHeight + 1,
      uncovered: top === el || el.contains(top),
    };
  };
  return {scrolledBy: region.scrollLeft, cell: seen(cell), label: seen(label),
          header: seen(header)};
}
"""


def _report(portal):  # noqa: F811
    from wagtail_govdisclosure.models import AnnualReportPage

    return AnnualReportPage.objects.descendant_of(portal).get(year=2023)


@pytest.mark.parametrize("row", [3, 12, 22])
def test_table_three_keeps_its_labels_after_a_swipe(page, screenshot, portal, row) -> None:  # noqa: F811
    page.set_viewport_size(PHONE)
    page.goto(_report(portal).url)
    assert page.locator(".gd-report-table--applications .gd-scroll-hint").is_visible()
    seen = page.evaluate(SWIPE_AND_LOOK, ["report-applications", row])
    assert seen["scrolledBy"] > 100
    for part in ("cell", "label", "header"):
        assert seen[part]["inside"], (part, seen)
        assert seen[part]["uncovered"], (part, seen)
    assert seen["header"]["text"] == "总计"
    if row == 22:
        screenshot("phone-table3-after-swipe")


def test_every_column_is_kept_on_a_phone(page, portal) -> None:  # noqa: F811
    page.set_viewport_size(PHONE)
    page.goto(_report(portal).url)
    # No cell is hidden: each table's cells are all displayed, and the page itself
    # does not scroll sideways (only the table's region does).
    hidden = page.evaluate(
        """() => [...document.querySelectorAll('.gd-table th, .gd-table td')]
              .filter((c) => getComputedStyle(c).display === 'none').length"""
    )
    assert hidden == 0
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_trend_chart_text_is_readable_on_a_phone(page, screenshot, portal) -> None:  # noqa: F811
    page.set_viewport_size(PHONE)
    page.goto(portal.url + "nianbao/")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('svg.gd-trend__chart text')].map((t) => {
              const box = t.getBBox();
              const scale = t.ownerSVGElement.getScreenCTM().a;
              return parseFloat(getComputedStyle(t).fontSize) * scale;
           })"""
    )
    assert len(sizes) >= 4
    assert min(sizes) >= 12, sizes
    screenshot("phone-trend-chart")


def test_notice_list_starts_on_the_first_screen(page, screenshot, portal) -> None:  # noqa: F811
    page.set_viewport_size(PHONE)
    page.goto(portal.url + "fdzdgknr/")
    first = page.locator(".gd-notice-table tbody tr").first
    assert first.bounding_box()["y"] + 30 < PHONE["height"]
    # The filters are folded, one tap away, and still work.
    assert not page.locator(".gd-filters a", has_text="2023").is_visible()
    page.locator(".gd-filters summary").click()
    page.locator(".gd-filters a", has_text="2023").click()
    page.wait_for_load_state()
    assert page.url.endswith("?year=2023")
    assert "2023" in page.locator(".gd-filters summary").inner_text()
    screenshot("phone-notice-list")


def test_notice_body_on_the_first_screen(page, screenshot, portal) -> None:  # noqa: F811
    from wagtail_govdisclosure.models import NoticePage

    page.set_viewport_size(PHONE)
    page.goto(NoticePage.objects.get(slug="2024-kjjh-shenbao").url)
    body = page.locator(".gd-notice__body")
    assert body.bounding_box()["y"] + 40 < PHONE["height"]
    box = page.locator("table.gd-metabox")
    assert not box.is_visible()
    page.locator(".gd-metabox-fold summary").click()
    assert "11370829MB1734215L" in box.inner_text()
    screenshot("phone-notice")


def test_report_reading_tools_and_neighbours(page, portal) -> None:  # noqa: F811
    from wagtail_govdisclosure.models import AnnualReportPage

    page.set_viewport_size(PHONE)
    page.goto(_report(portal).url)
    neighbours = page.locator(".gd-neighbours")
    older = AnnualReportPage.objects.descendant_of(portal).get(year=2022)
    # The 2023 report is the newest: no 上一篇; 下一篇 is 2022's.
    assert neighbours.locator("a[rel=next]").get_attribute("href") == older.url
    assert neighbours.locator("a[rel=prev]").count() == 0
    before = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.gd-report p')).fontSize)"
    )
    page.get_by_role("button", name="大字").click()
    after = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.gd-report p')).fontSize)"
    )
    assert after > before
    assert page.get_by_role("button", name="打印").is_visible()
