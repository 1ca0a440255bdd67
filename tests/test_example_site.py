"""The example portal: demo loader, page serving, sitemap and API."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from example_site.portal.models import PortalHomePage
from tests.sitemap_helpers import sitemap_urls

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "sites": Site.objects.count(),
        "users": get_user_model().objects.count(),
    }


def test_load_demo_portal_is_idempotent() -> None:
    first = StringIO()
    call_command("load_demo_portal", stdout=first)
    after_first = _counts()
    second = StringIO()
    call_command("load_demo_portal", stdout=second)

    assert _counts() == after_first
    assert "created" in first.getvalue()
    assert "created" not in second.getvalue()
    assert "admin / govdisclosure-demo" in second.getvalue()
    assert "http://127.0.0.1:8000/" in second.getvalue()


def test_home_page_replaces_wagtail_welcome_page(demo_portal: str) -> None:
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, PortalHomePage)
    assert site.root_page.url_path == "/home/"
    # Wagtail's "Welcome to your new Wagtail site!" page is gone, not left beside it.
    assert list(Page.objects.filter(depth=2)) == [site.root_page]
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password("govdisclosure-demo")


def test_load_demo_portal_rebuilds_a_flushed_tree() -> None:
    """Transactional tests flush Wagtail's initial root page; the loader copes with that."""
    Site.objects.all().delete()
    Page.objects.all().delete()
    call_command("load_demo_portal", stdout=StringIO())
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, PortalHomePage)


def test_home_page_renders(client, demo_portal: str) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-Hans"' in html
    assert "嘉祥县人民政府" in html
    assert 'class="skip-link" href="#main-content"' in html
    for label in ("主办单位", "网站标识码", "ICP备", "公网安备"):
        assert label in html
    assert 'aria-current="page"' in html


def test_standard_page_has_breadcrumbs(client, demo_portal: str) -> None:
    response = client.get("/zoujinjiaxiang/")
    assert response.status_code == 200
    assert "当前位置" in response.content.decode()


def test_sitemap(client, demo_portal: str) -> None:
    urls = sitemap_urls(client)
    assert "http://localhost/zoujinjiaxiang/" in urls
    assert len(urls) == len(set(urls))


def test_api_v2_pages(client, demo_portal: str) -> None:
    response = client.get("/api/v2/pages/", {"type": "portal.PortalHomePage", "fields": "intro"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["嘉祥县人民政府"]
    assert "嘉祥县" in items[0]["intro"]


def test_admin_login_page(client) -> None:
    assert client.get("/admin/login/").status_code == 200


def test_pages_under_the_welcome_page_are_kept() -> None:
    welcome = Page.objects.get(depth=2, slug="home")
    welcome.add_child(instance=Page(title="公告", slug="notices"))
    call_command("load_demo_portal", stdout=StringIO())

    home = Site.objects.get(is_default_site=True).root_page
    assert isinstance(home.specific, PortalHomePage)
    assert home.slug == "home"
    notices = Page.objects.get(slug="notices")
    assert notices.get_parent().pk == home.pk
    assert notices.url_path == "/home/notices/"
    assert not Page.objects.filter(pk=welcome.pk).exists()
