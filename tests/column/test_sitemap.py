"""The sitemap index: every live public page reachable, drafts and restricted pages never."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from tests.sitemap_helpers import sitemap_pages, sitemap_urls

pytestmark = pytest.mark.django_db


def add_page(parent: Page, slug: str, *, live: bool = True) -> Page:
    page = parent.add_child(instance=Page(title=slug, slug=slug, live=live))
    if live:
        page.save_revision().publish()
    return page


@pytest.fixture
def tree(settings) -> dict[str, list[Page]]:
    """17 live public pages (root included) over three levels, a draft, a restricted section."""
    settings.WAGTAIL_GOVDISCLOSURE_SITEMAP_PAGE_SIZE = 5
    root = Site.objects.get(is_default_site=True).root_page
    public = [root]
    for section in range(4):
        parent = add_page(root, f"section-{section}")
        public.append(parent)
        public += [add_page(parent, f"item-{section}-{item}") for item in range(3)]
    draft = add_page(root, "draft", live=False)
    private = add_page(root, "private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    hidden = [draft, private, add_page(private, "inside-private")]
    return {"public": public, "hidden": hidden}


def test_the_index_lists_every_live_public_page_across_sitemap_pages(tree) -> None:
    pages = sitemap_pages()
    assert len(pages) == 4  # 17 URLs, 5 per sitemap page

    urls = sitemap_urls()
    assert sorted(urls) == sorted(page.full_url for page in tree["public"])
    assert len(urls) == len(set(urls))
    for page in tree["hidden"]:
        assert page.full_url not in urls


def test_a_sitemap_page_is_one_query_whatever_its_pages(tree) -> None:
    client = Client()
    counts = []
    starts = [page.path for page in tree["public"]]
    for query in ({"p": 1}, {"p": 4}, {"p": 2, "from": sorted(starts)[5]}):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/sitemap-pages.xml", query).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] == counts[2]
    assert counts[0] <= 4  # the site, the restrictions, the URLs (and the root's path)


@pytest.mark.parametrize(
    "query",
    [{"p": "0"}, {"p": "5"}, {"p": "x"}, {"p": "99999999999"}, {"p": "1", "from": "0001'--"}],
)
def test_a_sitemap_page_that_does_not_exist(tree, query) -> None:
    assert Client().get("/sitemap-pages.xml", query).status_code == 404


def test_a_sitemap_page_from_a_path_lists_no_hidden_page(tree) -> None:
    """A crafted ``from`` only moves the start: drafts and restricted pages stay out."""
    private = tree["hidden"][1]
    xml = Client().get("/sitemap-pages.xml", {"p": "1", "from": private.path}).content.decode()
    for page in tree["hidden"]:
        assert page.full_url not in xml
