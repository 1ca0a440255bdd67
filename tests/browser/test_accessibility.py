"""axe-core on every public page type, on a desktop and on a 390 px phone.

axe-core comes from the npm registry (``tests/browser/package.json``, installed by
``make install`` into ``tests/browser/node_modules``) and is injected by Playwright.
No serious or critical violation is allowed on any page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.test_column_walkthrough import portal  # noqa: F401  (fixture)

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                  targets: v.nodes.slice(0, 5).map((n) => n.target.join(' '))}));
}"""


def public_pages(kejiju) -> dict[str, str]:
    from wagtail_govdisclosure.models import AnnualReportPage, DisclosureIndexPage, NoticePage

    county = DisclosureIndexPage.objects.get(kind="government")
    report = AnnualReportPage.objects.descendant_of(kejiju).get(year=2023)
    notice = NoticePage.objects.descendant_of(kejiju).live().first()
    return {
        "portal home": "/",
        "county platform": county.url,
        "column home": kejiju.url,
        "guide": kejiju.url + "zhinan/",
        "policy": kejiju.url + "zhidu/",
        "notice list": kejiju.url + "fdzdgknr/",
        "notice list filtered": kejiju.url + "fdzdgknr/?year=2023",
        "notice": notice.url,
        "report archive": kejiju.url + "nianbao/",
        "report": report.url,
        "application page": kejiju.url + "ysqgk/",
        "search results": kejiju.url + "search/?q=科技创新",
        "search partial results": kejiju.url + "search/?q=科技创新火星",
        "search without results": kejiju.url + "search/?q=火星探测",
    }


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_no_serious_accessibility_violation(page, portal, viewport) -> None:  # noqa: F811
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run make install (npm ci in tests/browser)")
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    problems = {}
    for name, url in public_pages(portal).items():
        response = page.goto(url)
        assert response is not None and response.status == 200, (name, url)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE)
        if violations:
            problems[name] = violations
    assert problems == {}
