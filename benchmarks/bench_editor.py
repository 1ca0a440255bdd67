"""How heavy the report editor is with the three tables drawn as grids.

Run from the repository root::

    python benchmarks/bench_editor.py [--runs N] [--no-browser]

Prints, for the seed report (嘉祥县科学技术局 2022, totals filled, every table):

* the page editor's database queries and server time (Django test client,
  ``CaptureQueriesContext``), first request and later ones;
* in Chromium (Debian's ``/usr/bin/chromium``, through Playwright): the time from
  navigation start to the DOM being ready, and to *interactive*: every input of
  the three grids present and the grid script initialised on each table.

A throwaway database (in memory with SQLite) is used. No assertion on time:
the figures are for people.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings")
# Playwright's sync API runs an event loop in this thread; the ORM calls here are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

CHROMIUM = os.environ.get("GOVDISCLOSURE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def make_report() -> object:
    from wagtail.models import Site

    from tests.reports.conftest import KEJIJU_USCC, correct_document, make_column
    from tests.reports.conftest import make_report as add_report
    from wagtail_govdisclosure.models import AnnualReportIndexPage

    root = Site.objects.get(is_default_site=True).root_page
    column = make_column(root, "嘉祥县科学技术局", KEJIJU_USCC)
    index = column.add_child(
        instance=AnnualReportIndexPage(title="政府信息公开年报", slug="nianbao")
    )
    return add_report(index, correct_document())


def server_side(client: Client, url: str, runs: int) -> None:
    figures = []
    for _run in range(runs + 1):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.status_code
        figures.append((len(queries), elapsed, len(response.content)))
    first, later = figures[0], figures[1:]
    print("Page editor, server side (Django test client)")
    print(f"  first request   {first[0]:4d} queries  {first[1] * 1000:7.0f} ms")
    print(
        f"  later requests  {max(q for q, _t, _s in later):4d} queries  "
        f"{statistics.mean(t for _q, t, _s in later) * 1000:7.0f} ms mean, "
        f"{min(t for _q, t, _s in later) * 1000:.0f} ms best"
    )
    print(f"  page size       {first[2] / 1024:.0f} KiB")


INTERACTIVE = """(tables) => document.querySelectorAll('[data-grid-ready]').length === tables
    && document.querySelectorAll('input[data-govdisclosure-cell]').length > 0"""


def browser_side(client: Client, url: str, runs: int, tables: int) -> None:
    from django.contrib.staticfiles.testing import StaticLiveServerTestCase
    from playwright.sync_api import sync_playwright

    class Server(StaticLiveServerTestCase):
        pass

    Server.setUpClass()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_cookies(
                [
                    {
                        "name": "sessionid",
                        "value": client.cookies["sessionid"].value,
                        "url": Server.live_server_url,
                    }
                ]
            )
            page = context.new_page()
            page.set_default_timeout(60_000)
            figures = []
            for _run in range(runs + 1):
                page.goto(Server.live_server_url + url, wait_until="commit")
                page.wait_for_function(INTERACTIVE, arg=tables, polling="raf")
                interactive = page.evaluate("() => performance.now()")
                page.wait_for_load_state("domcontentloaded")
                timing = page.evaluate(
                    """() => {
                        const n = performance.getEntriesByType('navigation')[0];
                        return [n.responseEnd, n.domContentLoadedEventEnd,
                                document.querySelectorAll('input[data-govdisclosure-cell]').length];
                    }"""
                )
                figures.append((timing[0], timing[1], interactive, timing[2]))
            browser.close()
    finally:
        Server.tearDownClass()
    later = figures[1:]
    inputs = figures[0][3]
    print(f"Page editor in Chromium ({inputs} inputs in {tables} grids; runs after the first)")
    for label, index in (
        ("response end", 0),
        ("DOM content loaded", 1),
        ("interactive (grids ready)", 2),
    ):
        values = [f[index] for f in later]
        print(
            f"  {label:26s} {statistics.mean(values):7.0f} ms mean, {min(values):.0f} ms best, "
            f"{max(values):.0f} ms worst"
        )
    print(f"  first load, interactive    {figures[0][2]:7.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no way out of these machines
    settings.DEBUG = False
    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        report = make_report()
        user = get_user_model().objects.create_superuser("bench", "bench@example.com", "pw")
        client = Client()
        client.force_login(user)
        url = reverse("wagtailadmin_pages:edit", args=[report.pk])
        server_side(client, url, args.runs)
        if not args.no_browser:
            browser_side(client, url, args.runs, len(report.report_format.tables))
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()
