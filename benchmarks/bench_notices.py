"""How long the notice listing takes with 100,000 notices: its first and its last page.

Run from the repository root::

    python benchmarks/bench_notices.py [--notices N] [--runs R]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govdisclosure python benchmarks/bench_notices.py

A throwaway test database is created (in memory with SQLite). One column with one
listing gets N notices spread over ten years and seven categories, inserted directly:
treebeard's ``add_child`` takes a lock and reads the parent for every page, so the page
rows are made here with their materialised paths computed (``NoticePage._get_path``), the
base rows with ``bulk_create`` and the notice rows with one ``executemany``. The search
index is left out (the listing does not use it).

Prints, for the listing's first page, its last page and a filtered state (year and
category), the median and best of R requests through the test client (routing, queries and
template included), the number of queries, and the ratio last/first. No assertion on time:
the figures are for people.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings")

import django  # noqa: E402

django.setup()

BATCH = 5_000
CATEGORIES = (
    ("zwgk", "综合政务", "政务公开"),
    ("jgzn", "综合政务", "机构职能"),
    ("ghjh", "综合政务", "规划计划"),
    ("kj", "科技、教育", "科技"),
    ("jy", "科技、教育", "教育"),
    ("cz", "财政、金融、审计", "财政"),
    ("ty", "卫生、体育", "体育"),
)


def insert_notices(index, count: int) -> None:
    """``count`` live notices under ``index``, newest last, written in batches."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page

    from wagtail_govdisclosure.models import NoticeCategory, NoticePage

    categories = [
        NoticeCategory.objects.get_or_create(slug=slug, defaults={"theme": theme, "name": name})[0]
        for slug, theme, name in CATEGORIES
    ]
    content_type = ContentType.objects.get_for_model(NoticePage)
    uscc = index.get_parent().specific.uscc
    depth = index.depth + 1
    first_day = datetime.date(2015, 1, 1)
    now = timezone.now()
    table = NoticePage._meta.db_table
    columns = [
        "page_ptr_id", "index_number", "index_agency", "index_year", "index_serial", "publisher",
        "document_number", "written_date", "release_date", "category_id", "validity", "keywords",
        "summary", "body",
    ]  # fmt: skip
    insert = (
        f"INSERT INTO {connection.ops.quote_name(table)} "
        f"({', '.join(connection.ops.quote_name(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    serials: dict[int, int] = {}
    for start in range(0, count, BATCH):
        stop = min(start + BATCH, count)
        with transaction.atomic():
            pages = []
            details = []
            for n in range(start, stop):
                release = first_day + datetime.timedelta(days=n * 3650 // count)
                serials[release.year] = serials.get(release.year, 0) + 1
                title = f"关于第{n + 1}号科技项目申报工作的通知"
                pages.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=f"notice-{n + 1}",
                        path=NoticePage._get_path(index.path, depth, n + 1),
                        depth=depth,
                        numchild=0,
                        url_path=f"{index.url_path}notice-{n + 1}/",
                        content_type=content_type,
                        locale_id=index.locale_id,
                        translation_key=uuid.uuid4(),
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                    )
                )
                details.append((release, serials[release.year], n))
            Page.objects.bulk_create(pages)
            rows = [
                (
                    page.pk,
                    f"{uscc}/{release.year}-{serial:05d}",
                    uscc,
                    release.year,
                    serial,
                    "",
                    "",
                    release,
                    release,
                    categories[n % len(categories)].pk,
                    "valid",
                    "",
                    "",
                    f"<p>第{n + 1}号通知正文。</p>",
                )
                for page, (release, serial, n) in zip(pages, details, strict=True)
            ]
            with connection.cursor() as cursor:
                cursor.executemany(insert, rows)
    Page.objects.filter(pk=index.pk).update(numchild=count)


def measure(client, url: str, runs: int) -> tuple[float, float, int]:
    """Median and best time (ms) of ``runs`` requests, and the queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: template loading, site root paths
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
    parser.add_argument("--notices", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from wagtail.models import Site

    from tests.column.conftest import JIAOTIJU_USCC, KEJIJU_USCC, make_column
    from wagtail_govdisclosure.models import NoticeIndexPage
    from wagtail_govdisclosure.models.notices import NOTICES_PER_PAGE

    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        root = Site.objects.get(is_default_site=True).root_page
        column = make_column(root, "嘉祥县科学技术局", KEJIJU_USCC)
        index = column.add_child(
            instance=NoticeIndexPage(title="法定主动公开内容", slug="fdzdgknr")
        )
        index.save_revision().publish()
        index.refresh_from_db()
        # The same listing with one page of notices, in another column: the reference.
        small_column = make_column(root, "嘉祥县教育和体育局", JIAOTIJU_USCC)
        small = small_column.add_child(
            instance=NoticeIndexPage(title="法定主动公开内容", slug="fdzdgknr")
        )
        small.save_revision().publish()
        small.refresh_from_db()
        insert_notices(small, NOTICES_PER_PAGE)

        started = time.perf_counter()
        insert_notices(index, args.notices)
        took = time.perf_counter() - started
        where = "memory" if connection.vendor == "sqlite" else database
        print(f"database        {connection.vendor} ({where})")
        print(f"notices         {args.notices:,} inserted in {took:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        last = -(-args.notices // NOTICES_PER_PAGE)
        client = Client()
        cases = [
            (f"{NOTICES_PER_PAGE} notices", small.url),
            ("first page", index.url),
            ("last page", f"{index.url}?page={last}"),
            ("year+category p1", f"{index.url}?year=2020&category=kj"),
            ("year+category last", f"{index.url}?year=2020&category=kj&page=last"),
        ]
        results = {}
        for name, url in cases:
            if url.endswith("page=last"):
                per_year = args.notices // 10 // len(CATEGORIES)
                url = url.replace("page=last", f"page={max(1, -(-per_year // NOTICES_PER_PAGE))}")
            median, best, queries = measure(client, url, args.runs)
            results[name] = median
            print(
                f"{name:<19} median {median:8.1f} ms   best {best:8.1f} ms   "
                f"{queries} queries   {url}"
            )
        reference = results[f"{NOTICES_PER_PAGE} notices"]
        for name in ("first page", "last page"):
            print(f"{name + f' / {NOTICES_PER_PAGE} notices':<26} {results[name] / reference:.2f}")
        print(f"last/first      {results['last page'] / results['first page']:.2f}")
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
