"""The public report page against the portal's plain home page, in one process.

Run from the repository root::

    python benchmarks/bench_report_page.py [--runs R]

A throwaway test database (in memory with SQLite) gets the example portal's home page,
its disclosure columns and 嘉祥县科学技术局's seed report, published. Prints the median
and best of R requests through the test client for each page (routing, queries and
template included), their queries and the ratio report/home. No assertion on time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings")

import django  # noqa: E402

django.setup()


def measure(client, url: str, runs: int) -> tuple[float, float, int]:
    """Median and best time (ms) of ``runs`` requests, and the queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: templates, site root paths, caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), min(times), len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    from django.core.management.color import no_style
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from example_site.portal.demo import DemoContext, columns, home
    from tests.pdf.conftest import seed_document
    from tests.reports.conftest import force_live, make_report
    from wagtail_govdisclosure.models import AnnualReportIndexPage, DisclosureIndexPage

    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        context = DemoContext(stdout=StringIO(), style=no_style())
        home.load(context)
        columns.load(context)
        column = DisclosureIndexPage.objects.get(agency_name="嘉祥县科学技术局")
        index = AnnualReportIndexPage.objects.child_of(column).get()
        document = seed_document()
        document.agency = column.agency_name
        report = make_report(index, document, slug="2022")
        force_live(report)

        client = Client()
        results = {}
        for name, url in (("home page", "/"), ("report page", report.url)):
            median, best, queries = measure(client, url, args.runs)
            results[name] = (median, best)
            print(f"{name:<12} median {median:7.2f} ms   best {best:7.2f} ms   {queries} queries")
        print(
            f"report/home  median {results['report page'][0] / results['home page'][0]:.2f}"
            f"   best {results['report page'][1] / results['home page'][1]:.2f}"
        )
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
