"""Nothing but live, public content reaches an anonymous visitor: pages, search, API, sitemap."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.sitemap_helpers import sitemap_text
from wagtail_govdisclosure.models import DisclosurePolicyPage

from .conftest import publish

SECRET_DRAFT = "未发布草稿科技创新"
SECRET_PRIVATE = "内部资料科技创新"
SECRET_REVISION = "尚未发布修改科技创新"


@pytest.fixture
def hidden(full_column, make_notice):
    """A draft notice, a private notice, a live notice with an unpublished change, a draft page."""
    draft = make_notice(SECRET_DRAFT, live=False)
    private = make_notice(SECRET_PRIVATE)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    changed = make_notice("已发布通知", body="<p>公开正文。</p>")
    revision = changed.get_latest_revision_as_object()
    revision.title = SECRET_REVISION
    revision.body = f"<p>{SECRET_REVISION}</p>"
    revision.save_revision()
    policy = DisclosurePolicyPage(
        title="未发布制度", slug="draft-policy", body="<p>x</p>", live=False
    )
    full_column.add_child(instance=policy)
    policy.save_revision()
    return {"draft": draft, "private": private, "changed": changed, "policy": policy}


SECRETS = (SECRET_DRAFT, SECRET_PRIVATE, SECRET_REVISION, "未发布制度")


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


def test_pages(hidden, full_column, notice_index) -> None:
    client = Client()
    assert client.get(hidden["draft"].url).status_code == 404
    assert client.get(hidden["policy"].url).status_code == 404
    assert client.get(hidden["private"].url).status_code == 200  # the password form …
    assert (
        SECRET_PRIVATE not in client.get(hidden["private"].url).content.decode().split("<form")[1]
    )
    for url in (
        full_column.url,
        notice_index.url,
        hidden["changed"].url,
        notice_index.url + "?year=2023",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert_no_secret(response.content.decode())


def test_search(hidden, full_column) -> None:
    html = Client().get(full_column.url + "search/?q=科技创新").content.decode()
    assert "关于推进科技创新平台建设的通知" in html
    assert_no_secret(html)
    for query in ("未发布", "内部资料", "尚未发布修改"):
        assert_no_secret(Client().get(full_column.url + f"search/?q={query}").content.decode())


def test_api(hidden) -> None:
    client = Client()
    listing = client.get("/api/v2/pages/?type=wagtail_govdisclosure.NoticePage&fields=*&limit=20")
    assert listing.status_code == 200
    assert_no_secret(listing.content.decode())
    for key in ("draft", "private", "policy"):
        assert client.get(f"/api/v2/pages/{hidden[key].pk}/").status_code == 404
    detail = client.get(f"/api/v2/pages/{hidden['changed'].pk}/")
    assert detail.status_code == 200
    assert_no_secret(detail.content.decode())
    assert_no_secret(client.get("/api/v2/pages/?search=科技创新&fields=*").content.decode())


def test_sitemap(hidden) -> None:
    xml = sitemap_text(Client())
    assert hidden["changed"].full_url in xml
    for key in ("draft", "private", "policy"):
        assert hidden[key].full_url not in xml
    assert_no_secret(xml)


def test_republishing_makes_the_change_visible(hidden) -> None:
    changed = hidden["changed"]
    changed.get_latest_revision().publish()
    assert SECRET_REVISION in Client().get(changed.url).content.decode()
    publish(changed)
