"""The portal's home page as the default site's root, and its ordinary pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.coreutils import find_available_slug, get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from example_site.portal.demo import DemoContext
from example_site.portal.models import PortalHomePage, PortalStandardPage

HOME_SLUG = "home"
HOME_TITLE = "嘉祥县人民政府"
HOME_INTRO = (
    "<p>欢迎访问嘉祥县人民政府门户网站。嘉祥县隶属山东省济宁市，是宗圣曾子故里，"
    "境内的武氏墓群石刻是全国重点文物保护单位，嘉祥石雕是国家级非物质文化遗产。</p>"
    "<p>本网站发布县政府及其部门的政府信息，提供政务服务和互动交流渠道。"
    "政府信息公开专栏集中发布政府信息公开指南、法定主动公开内容和政府信息公开工作年度报告。</p>"
    "<p>本站为 wagtail-govdisclosure 的演示站点，内容仅供示例。</p>"
)

STANDARD_PAGES = [
    {
        "slug": "zoujinjiaxiang",
        "title": "走进嘉祥",
        "search_description": "县情概况、历史文化",
        "body": (
            "<p>嘉祥县位于山东省西南部，隶属济宁市。相传为曾子出生地，有“曾子故里”之称；"
            "县内武氏墓群石刻以汉代画像石闻名，为第一批全国重点文物保护单位。</p>"
            "<p>本页内容仅供演示。</p>"
        ),
    },
]


def _root() -> Page:
    """The tree's root node; recreated (with the default locale) if the tables were flushed."""
    root = Page.get_first_root_node()
    if root is not None:
        return root
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    Locale.objects.get_or_create(language_code=language)
    return Page.add_root(instance=Page(title="Root", slug="root", live=True))


def _create_home(root: Page, site: Site | None) -> PortalHomePage:
    """Create the home page in place of Wagtail's default "Welcome" page."""
    # Wagtail's migrations create a plain Page with the slug "home" as the default site's
    # root ("Welcome to your new Wagtail site!"); the portal home page takes its place.
    welcome = Page.objects.filter(
        depth=2, slug=HOME_SLUG, content_type=ContentType.objects.get_for_model(Page)
    ).first()
    if welcome is not None:
        if site is not None and site.root_page_id == welcome.pk:
            # Site.root_page cascades on delete: point the site at the root meanwhile.
            site.root_page = root
            site.save(update_fields=["root_page"])
        if welcome.get_children_count() == 0:
            welcome.delete()
            welcome = None
    home = root.add_child(
        instance=PortalHomePage(
            title=HOME_TITLE,
            slug=find_available_slug(root, HOME_SLUG),
            intro=HOME_INTRO,
        )
    )
    home.save_revision().publish()
    if welcome is not None:
        # An editor had put pages under the welcome page: keep them under the new home.
        for child in welcome.get_children():
            child.move(home, pos="last-child")
        welcome.refresh_from_db()
        welcome.delete()
        home.slug = find_available_slug(root, HOME_SLUG, ignore_page_id=home.pk)
        home.save_revision().publish()
    return home


def _default_site(home: PortalHomePage, site: Site | None) -> tuple[Site, str]:
    """Make ``home`` the default site's root; return the site and what was done."""
    if site is None:
        return (
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=settings.WAGTAIL_SITE_NAME,
            ),
            "created",
        )
    changed = []
    if site.root_page_id != home.pk:
        site.root_page = home
        changed.append("root_page")
    if not site.site_name:
        site.site_name = settings.WAGTAIL_SITE_NAME
        changed.append("site_name")
    if changed:
        site.save(update_fields=changed)
    return site, "updated" if changed else "exists"


def load(context: DemoContext) -> None:
    """Create the home page, make it the default site's root, add the ordinary pages."""
    root = _root()
    site = Site.objects.filter(is_default_site=True).first()
    home = PortalHomePage.objects.first()
    status = "exists" if home is not None else "created"
    if home is None:
        home = _create_home(root, site)
    context.report(status, f"门户首页「{home.title}」")
    site, status = _default_site(home, site)
    context.report(status, f"默认站点 {site.hostname}:{site.port} → {home.title}")
    context.home = home

    for spec in STANDARD_PAGES:
        page = home.get_children().filter(slug=spec["slug"]).first()
        if page is None:
            page = home.add_child(instance=PortalStandardPage(show_in_menus=True, **spec))
            page.save_revision().publish()
            context.report("created", f"页面「{page.title}」")
        else:
            context.report("exists", f"页面「{page.title}」")
