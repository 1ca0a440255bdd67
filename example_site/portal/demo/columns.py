"""The county's disclosure platform: the county government's column and two departments'.

``政府信息公开`` under the home page is the column of 嘉祥县人民政府 itself; the columns of
嘉祥县科学技术局 and 嘉祥县教育和体育局 sit inside it, as on a county portal where the
platform lists its departments. Each column has its 政府信息公开年报 section.

The 统一社会信用代码 are fictional (机关 codes ``11`` of 嘉祥县, division ``370829``)
with correct check characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Page

from example_site.portal.demo import DemoContext
from example_site.portal.models import PortalHomePage
from wagtail_govdisclosure.models import AnnualReportIndexPage, DisclosureIndexPage
from wagtail_govdisclosure.models.agency import uscc_check_character

REPORT_INDEX_SLUG = "nianbao"
REPORT_INDEX_TITLE = "政府信息公开年报"


def uscc(first17: str) -> str:
    """A code from its first 17 characters and the check character they call for."""
    return first17 + uscc_check_character(first17)


@dataclass(frozen=True)
class ColumnSpec:
    slug: str
    title: str
    agency_name: str
    uscc: str
    kind: str
    intro: str
    short_name: str = ""


COUNTY = ColumnSpec(
    slug="zfxxgk",
    title="政府信息公开",
    agency_name="嘉祥县人民政府",
    uscc=uscc("11370829004213581"),
    kind="government",
    short_name="县政府",
    intro=(
        "<p>嘉祥县人民政府政府信息公开平台集中发布县政府及其部门依照《中华人民共和国政府信息"
        "公开条例》主动公开的政府信息。</p>"
    ),
)
DEPARTMENTS = (
    ColumnSpec(
        slug="kjj",
        title="嘉祥县科学技术局",
        agency_name="嘉祥县科学技术局",
        uscc=uscc("11370829MB1734215"),
        kind="department",
        short_name="科技局",
        intro="<p>嘉祥县科学技术局政府信息公开专栏。</p>",
    ),
    ColumnSpec(
        slug="jtj",
        title="嘉祥县教育和体育局",
        agency_name="嘉祥县教育和体育局",
        uscc=uscc("11370829004214036"),
        kind="department",
        short_name="教体局、教育局",
        intro="<p>嘉祥县教育和体育局政府信息公开专栏。</p>",
    ),
)


def _column(parent: Page, spec: ColumnSpec, context: DemoContext) -> DisclosureIndexPage:
    column = DisclosureIndexPage.objects.filter(uscc=spec.uscc).first()
    if column is not None:
        if spec.short_name and not column.agency_short_name:
            column.agency_short_name = spec.short_name
            column.save_revision().publish()
        context.report("exists", f"公开专栏「{column.title}」")
        return column
    column = parent.add_child(
        instance=DisclosureIndexPage(
            title=spec.title,
            slug=spec.slug,
            agency_name=spec.agency_name,
            agency_short_name=spec.short_name,
            uscc=spec.uscc,
            level="county",
            kind=spec.kind,
            intro=spec.intro,
            show_in_menus=parent.depth <= 2,
        )
    )
    column.save_revision().publish()
    context.report("created", f"公开专栏「{column.title}」")
    return column


def _report_index(column: DisclosureIndexPage, context: DemoContext) -> AnnualReportIndexPage:
    index = AnnualReportIndexPage.objects.child_of(column).first()
    if index is None:
        index = column.add_child(
            instance=AnnualReportIndexPage(title=REPORT_INDEX_TITLE, slug=REPORT_INDEX_SLUG)
        )
        index.save_revision().publish()
        context.report("created", f"{column.agency_name}「{index.title}」")
    else:
        context.report("exists", f"{column.agency_name}「{index.title}」")
    return index


def load(context: DemoContext) -> None:
    """Create the county's column, the two departments' columns and their report indexes."""
    home = context.home or PortalHomePage.objects.first()
    if home is None:
        context.report("skipped", "公开专栏：没有门户首页")
        return
    county = _column(home, COUNTY, context)
    _report_index(county, context)
    for spec in DEPARTMENTS:
        _report_index(_column(county, spec, context), context)
