"""How heavy the report editor is, beside a notice's editor, measured in one run.

Run from the repository root::

    python benchmarks/bench_editor.py [--runs N] [--no-browser]

On the demo portal (``load_demo_portal``), for the 2022 report of 嘉祥县科学技术局
and a notice of the same column, prints:

* each edit view's HTML size, database queries and server time (Django test
  client, ``CaptureQueriesContext``), and the report / notice ratio;
* in Chromium (Debian's ``/usr/bin/chromium``, through Playwright), the two
  editors loaded in turn in each run: the time from navigation start to
  *ready* (page loaded, every rich text editor mounted, every grid
  initialised), and the ratio.

A throwaway test database is used (``DATABASE_URL``, else SQLite). No assertion on time:
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


def demo_pages() -> tuple[object, object]:
    """The demo's 2022 report of 嘉祥县科学技术局 and one of its notices."""
    from io import StringIO

    from django.core.management import call_command

    from wagtail_govdisclosure.models import AnnualReportPage, NoticePage

    call_command("load_demo_portal", stdout=StringIO())
    report = AnnualReportPage.objects.get(year=2022, title__startswith="嘉祥县科学技术局")
    notice = NoticePage.objects.order_by("pk").first()
    return report, notice


def server_side(client: Client, url: str, runs: int) -> dict[str, float]:
    figures = []
    for _run in range(runs + 1):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.status_code
        figures.append((len(queries), elapsed, len(response.content)))
    later = figures[1:]
    return {
        "queries": max(q for q, _t, _s in later),
        "mean_ms": statistics.mean(t for _q, t, _s in later) * 1000,
        "best_ms": min(t for _q, t, _s in later) * 1000,
        "first_ms": figures[0][1] * 1000,
        "bytes": figures[0][2],
    }


#: Ready: the page loaded, every rich text editor mounted and every grid initialised.
READY = """(grids) => document.readyState === 'complete'
    && document.querySelectorAll('[data-grid-ready]').length === grids
    && document.querySelectorAll('.Draftail-Editor').length
       >= document.querySelectorAll('[data-draftail-input]').length"""


def browser_side(client: Client, pages: list[tuple[str, str, int]], runs: int) -> dict:
    """Time to ready of each editor, the pages loaded in turn in each run (same conditions)."""
    from django.contrib.staticfiles.testing import StaticLiveServerTestCase
    from playwright.sync_api import sync_playwright

    class Server(StaticLiveServerTestCase):
        pass

    Server.setUpClass()
    results: dict[str, list[float]] = {name: [] for name, _url, _grids in pages}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1366, "height": 900})
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
            for run in range(runs + 1):
                for name, url, grids in pages:
                    page.goto(Server.live_server_url + url, wait_until="commit")
                    page.wait_for_function(READY, arg=grids, polling="raf")
                    ready = page.evaluate("() => performance.now()")
                    if run:  # the first run warms the caches
                        results[name].append(ready)
            browser.close()
    finally:
        Server.tearDownClass()
    return {
        name: {"mean_ms": statistics.mean(values), "best_ms": min(values)}
        for name, values in results.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no way out of these machines
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 10 * 60 * 1000
    settings.DEBUG = False
    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        report, notice = demo_pages()
        user = get_user_model().objects.create_superuser("bench", "bench@example.com", "pw")
        client = Client()
        client.force_login(user)
        report_url = reverse("wagtailadmin_pages:edit", args=[report.pk])
        notice_url = reverse("wagtailadmin_pages:edit", args=[notice.pk])
        server = {
            "report": server_side(client, report_url, args.runs),
            "notice": server_side(client, notice_url, args.runs),
        }
        print("Edit views, server side (Django test client, runs after the first)")
        for name, figures in server.items():
            print(
                f"  {name:7s} {figures['bytes'] / 1000:6.0f} KB HTML  {figures['queries']:3d} "
                f"queries  {figures['mean_ms']:6.0f} ms mean  {figures['best_ms']:5.0f} ms best"
            )
        ratio = server["report"]["mean_ms"] / server["notice"]["mean_ms"]
        print(f"  report / notice server time: {ratio:.2f} (target <= 2)")
        print(f"  report HTML: {server['report']['bytes'] / 1000:.0f} KB (target <= 300 KB)")
        if not args.no_browser:
            grids = len(report.report_format.tables)
            browser = browser_side(
                client, [("report", report_url, grids), ("notice", notice_url, 0)], args.runs
            )
            print("Edit views in Chromium: time to ready (grids and rich text editors)")
            for name, figures in browser.items():
                print(
                    f"  {name:7s} {figures['mean_ms']:6.0f} ms mean  "
                    f"{figures['best_ms']:5.0f} ms best"
                )
            ratio = browser["report"]["mean_ms"] / browser["notice"]["mean_ms"]
            print(f"  report / notice time to ready: {ratio:.2f} (target <= 1.5)")
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()
