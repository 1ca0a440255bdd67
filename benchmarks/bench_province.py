"""A province on one portal: every page measured on the demo and again at province scale.

Run from the repository root (PostgreSQL on 127.0.0.1:5432, user postgres)::

    python benchmarks/bench_province.py [--scale 1.0] [--runs 5] [--keep]

Creates the database ``govdisclosure_province`` (``--url`` for another), migrates it and
loads the demo portal (嘉祥县: a county government and two departments, their reports,
notices and registers). Every measure is taken on the demo, then the province is built
around it and the same URLs are measured again:

* ``50 × scale`` more counties beside 嘉祥县 under the portal's home page, each a
  county government's column with 20 departments' columns inside (1,074 columns at
  scale 1); each column a 年报 section and a 法定主动公开内容 section;
* 100 notices per column (``insert_notices`` of ``bench_notices.py``: page rows with
  their materialised paths, ``bulk_create``, one ``executemany``);
* five years of reports per column, 2021–2025; for the year due now a realistic mix
  (on time, late, draft, failing, missing); the rows written in bulk from interchange
  documents (``set_document``) and their status-board summaries from the same documents;
* 100 register applications per column (``copy_applications`` of
  ``bench_registers.py``, PostgreSQL ``COPY``).

The bulk rows get search index entries in one ``INSERT … SELECT`` (``update_index``
takes minutes at this size), so that publishing is measured against an index of the
province's size (see ``docs/performance.md``, "Search at province scale"). Publishing is
measured inside a transaction rolled back at the end: the gate, the page save, the
signals and the search index, not the PDF (stored after the commit).

Prints, per measure, the median of ``--runs`` requests (test client: routing, queries and
template included) on the demo and on the province, the ratio, the queries of one request
and the goal, then one line ``province: K of N measures over their goal``. Goals: public
pages and the API at most 2× the demo; the status board, the dashboard and the roll-up
exports at most 300 ms; the registers list at most 100 ms; the explorer and the report
editor at most 2× the demo; publishing, saving and a sitemap page (whose cost is the
number of URLs it lists, 2,000 at most by default) are reported beside the demo.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site"), str(ROOT / "benchmarks")]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/govdisclosure_province"

YEARS = range(2021, 2026)
DEPARTMENTS_PER_COUNTY = 20
NOTICES_PER_COLUMN = 100
APPLICATIONS_PER_COLUMN = 100
PUBLIC_RATIO = 2.0
ADMIN_MS = 300.0
REGISTERS_MS = 100.0


@dataclass
class Measure:
    name: str
    kind: str  # "public", "admin", "registers", "relative", "report"
    run: Callable[[], object]
    queries: Callable[[], int] | None = None


# --- Building the province ------------------------------------------------------------


class Tree:
    """Page rows written in bulk under known parents, their paths computed here."""

    def __init__(self) -> None:
        from django.contrib.contenttypes.models import ContentType

        self.content_types = ContentType.objects
        self.next_step: dict[str, int] = {}
        self.children: dict[str, int] = {}

    def _step(self, parent) -> int:
        from wagtail.models import Page

        if parent.path not in self.next_step:
            last = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .first()
            )
            self.next_step[parent.path] = Page._str2int(last.path[-Page.steplen :]) if last else 0
        self.next_step[parent.path] += 1
        self.children[parent.path] = self.children.get(parent.path, parent.numchild) + 1
        return self.next_step[parent.path]

    def add(self, parent, instance, *, live: bool = True, published=None) -> None:
        """Fill ``instance``'s tree fields as the child of ``parent`` (not saved)."""
        from wagtail.models import Page

        instance.depth = parent.depth + 1
        instance.path = Page._get_path(parent.path, instance.depth, self._step(parent))
        instance.numchild = 0
        instance.url_path = f"{parent.url_path}{instance.slug}/"
        instance.content_type = self.content_types.get_for_model(type(instance))
        instance.locale_id = parent.locale_id
        instance.translation_key = uuid.uuid4()
        instance.draft_title = instance.title
        instance.live = live
        instance.has_unpublished_changes = not live
        instance.first_published_at = published
        instance.last_published_at = published

    def save_numchild(self) -> None:
        from wagtail.models import Page

        for path, count in self.children.items():
            Page.objects.filter(path=path).update(numchild=count)


def insert_pages(pages: list) -> None:
    """Insert specific pages: the base rows with ``bulk_create``, then each model's own row."""
    from django.db import connection
    from wagtail.models import Page

    names = [f.attname for f in Page._meta.concrete_fields if f.attname != "id"]
    bases = [Page(**{name: getattr(page, name) for name in names}) for page in pages]
    Page.objects.bulk_create(bases, batch_size=2000)
    by_model: dict[type, list] = {}
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.id = page.page_ptr_id = base.pk
        by_model.setdefault(type(page), []).append(page)
    for model, instances in by_model.items():
        fields = [f for f in model._meta.local_concrete_fields]
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
        rows = [
            [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
            for obj in instances
        ]
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 2000):
                cursor.executemany(sql, rows[start : start + 2000])


def uscc_for(county: int, number: int) -> str:
    from wagtail_govdisclosure.models.agency import uscc_check_character

    body = f"1137{county:04d}MB{number:07d}"
    return body + uscc_check_character(body)


def report_states(count: int) -> list[str]:
    """The year due now: 60 % on time, 15 % late, 10 % draft, 5 % failing, 10 % missing."""
    pattern = ["on_time"] * 12 + ["late"] * 3 + ["draft"] * 2 + ["failing"] + ["missing"] * 2
    return [pattern[n % len(pattern)] for n in range(count)]


def build_province(scale: float) -> dict[str, int]:
    from bench_notices import insert_notices
    from bench_registers import copy_applications
    from django.db import connection, transaction
    from django.utils import timezone

    from example_site.portal.models import PortalHomePage
    from tests.reports.conftest import correct_document, wrong_document
    from wagtail_govdisclosure.checks import Severity, run_checks
    from wagtail_govdisclosure.models import (
        AnnualReportIndexPage,
        AnnualReportPage,
        DisclosureIndexPage,
        NoticeIndexPage,
        ReportSummary,
    )

    home = PortalHomePage.objects.get()
    counties = max(1, round(50 * scale))
    tree = Tree()

    def at(date: datetime.date):
        return timezone.make_aware(datetime.datetime.combine(date, datetime.time(10)))

    # Columns: each county government's column under the home page, departments inside.
    columns: list[DisclosureIndexPage] = []
    with transaction.atomic():
        governments = []
        for c in range(1, counties + 1):
            name = f"第{c}县人民政府"
            column = DisclosureIndexPage(
                title=f"{name}政府信息公开", slug=f"county-{c}", agency_name=name,
                uscc=uscc_for(c, 0), level="county", kind="government",
            )  # fmt: skip
            tree.add(home, column, published=at(datetime.date(2020, 1, 1)))
            governments.append(column)
        insert_pages(governments)
        departments = []
        for c, government in enumerate(governments, start=1):
            for d in range(1, DEPARTMENTS_PER_COUNTY + 1):
                name = f"第{c}县第{d}局"
                column = DisclosureIndexPage(
                    title=name, slug=f"dept-{d}", agency_name=name, uscc=uscc_for(c, d),
                    level="county", kind="department",
                )  # fmt: skip
                tree.add(government, column, published=at(datetime.date(2020, 1, 1)))
                departments.append(column)
        insert_pages(departments)
        columns = governments + departments

        sections = []
        for column in columns:
            for section in (
                AnnualReportIndexPage(title="政府信息公开年报", slug="nianbao"),
                NoticeIndexPage(title="法定主动公开内容", slug="fdzdgknr"),
            ):
                tree.add(column, section, published=at(datetime.date(2020, 1, 1)))
                sections.append((column, section))
        insert_pages([section for _, section in sections])

        # Reports: 2021–2024 published on time; the year due now in the mix.
        documents = {"correct": {}, "wrong": {}}
        for year in YEARS:
            documents["correct"][year] = correct_document(year)
            documents["wrong"][year] = wrong_document(year)
        states = report_states(len(columns))
        # The error count a draft's summary holds (as ``summarise`` counts it).
        previous = documents["correct"][YEARS[-2]]
        errors = {
            state: sum(
                1
                for finding in run_checks(
                    documents["wrong" if state == "failing" else "correct"][YEARS[-1]],
                    previous=previous,
                )
                if finding.severity is Severity.ERROR
            )
            for state in ("draft", "failing")
        }
        reports, summaries = [], []
        report_indexes = [s for _, s in sections if isinstance(s, AnnualReportIndexPage)]
        for column, index, state in zip(columns, report_indexes, states, strict=True):
            for year in YEARS:
                current = year == YEARS[-1]
                if current and state == "missing":
                    continue
                document = documents["wrong" if current and state == "failing" else "correct"][year]
                live = not current or state in ("on_time", "late")
                published = datetime.date(year + 1, 2, 10 if current and state == "late" else 20)
                title = f"{column.agency_name}{year}年政府信息公开工作年度报告"
                page = AnnualReportPage(title=title, slug=f"{year}")
                page.set_document(document)
                tree.add(index, page, live=live, published=at(published) if live else None)
                reports.append(page)
                data = document.to_json()
                summaries.append(
                    (
                        page,
                        {
                            "live_format": document.format.key if live else "",
                            "live_tables": data["tables"] if live else None,
                            "latest_document": None if live else data,
                            "latest_errors": 0 if live else errors[current and state],
                        },
                    )
                )
        insert_pages(reports)
        ReportSummary.objects.bulk_create(
            [ReportSummary(page_id=page.pk, **fields) for page, fields in summaries],
            batch_size=1000,
        )
        tree.save_numchild()

    notice_indexes = [s for _, s in sections if isinstance(s, NoticeIndexPage)]
    for index in notice_indexes:
        insert_notices(index, NOTICES_PER_COLUMN)
    copy_applications(columns, APPLICATIONS_PER_COLUMN * len(columns), YEARS)
    fill_search_index()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "counties": counties,
        "columns": len(columns),
        "reports": len(reports),
        "notices": NOTICES_PER_COLUMN * len(notice_indexes),
        "applications": APPLICATIONS_PER_COLUMN * len(columns),
    }


def fill_search_index() -> None:
    """An index entry for every page the bulk build wrote, as ``update_index`` would leave.

    One ``INSERT … SELECT`` (``update_index`` takes minutes at this size): titles and
    notice bodies as ``simple`` tsvectors, so that the index table has the province's
    size when a publication's indexing is measured.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO wagtailsearch_indexentry
                (content_type_id, object_id, title, autocomplete, body, title_norm,
                 title_text, body_text)
            SELECT p.content_type_id, p.id::text, to_tsvector('simple', p.title),
                   to_tsvector('simple', p.title), to_tsvector('simple', coalesce(n.body, '')),
                   1.0, p.title, coalesce(n.body, '')
            FROM wagtailcore_page p
            LEFT JOIN wagtail_govdisclosure_noticepage n ON n.page_ptr_id = p.id
            ON CONFLICT (content_type_id, object_id) DO NOTHING
            """
        )
        # The title norms as ``update_index`` leaves them (average title length / length),
        # so that no entry still holds the 1.0 a new entry gets.
        cursor.execute(
            """
            UPDATE wagtailsearch_indexentry
            SET title_norm = (SELECT avg(length(title)) FROM wagtailsearch_indexentry
                              WHERE length(title) > 0) / length(title)
            WHERE length(title) > 0
            """
        )


# --- Measuring --------------------------------------------------------------------------


def best_ms(function: Callable[[], object], runs: int) -> float:
    """The best of ``runs`` (the machine's other load only ever adds time)."""
    function()  # warm: templates, the site's root paths
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def count_queries(function: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def measures(public, admin) -> list[Measure]:
    """The same URLs on the demo and on the province (the demo's pages are kept)."""
    from django.urls import reverse

    from wagtail_govdisclosure.models import (
        AnnualReportIndexPage,
        AnnualReportPage,
        DisclosureIndexPage,
        NoticeIndexPage,
        NoticePage,
    )
    from wagtail_govdisclosure.views.board import default_year

    county = (
        DisclosureIndexPage.objects.filter(kind="government", level="county")
        .order_by("path")
        .first()
    )
    department = DisclosureIndexPage.objects.filter(kind="department").order_by("path").first()
    notice_index = NoticeIndexPage.objects.live().order_by("path").first()
    notice = NoticePage.objects.live().order_by("path").first()
    archive = AnnualReportIndexPage.objects.live().descendant_of(county).order_by("path").first()
    report = AnnualReportPage.objects.live().order_by("path").first()
    year = default_year()
    board = reverse("wagtail_govdisclosure_status:board")
    export = reverse("wagtail_govdisclosure_status:export", args=[year, "csv"])
    export_json = reverse("wagtail_govdisclosure_status:export", args=[year, "json"])
    registers = reverse("wagtail_govdisclosure_registers_application_modeladmin_index")

    def get(client, url: str, **params) -> Callable[[], object]:
        def run() -> object:
            response = client.get(url, params)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return run

    def dashboard() -> object:
        # Every dashboard load after a change: the panel rebuilt once, then cached.
        from wagtail_govdisclosure.summaries import new_board_generation

        new_board_generation()
        return get(admin, "/admin/")()

    items = [
        Measure("home page", "public", get(public, "/")),
        Measure("county column home", "public", get(public, county.url)),
        Measure("department column home", "public", get(public, department.url)),
        Measure("notice listing", "public", get(public, notice_index.url)),
        Measure("notice", "public", get(public, notice.url)),
        Measure("report archive", "public", get(public, archive.url)),
        Measure("report page", "public", get(public, report.url)),
        Measure("sitemap index", "public", get(public, "/sitemap.xml")),
        # A sitemap page costs its URLs (up to SITEMAP_PAGE_SIZE): reported, no goal.
        Measure("sitemap page 1", "report", get(public, "/sitemap-pages.xml", p=1)),
        Measure(
            "API notices + fields",
            "public",
            get(
                public,
                "/api/v2/pages/",
                type="wagtail_govdisclosure.NoticePage",
                fields="issuing_organ,category_label,index_number",
                limit=20,
            ),
        ),
        Measure("API report detail", "public", get(public, f"/api/v2/pages/{report.pk}/")),
        Measure("status board", "admin", get(admin, board, year=year)),
        Measure(
            "status board, one county", "admin", get(admin, board, year=year, county=county.pk)
        ),
        Measure("dashboard (panel rebuilt)", "admin", dashboard),
        Measure("dashboard (panel cached)", "admin", get(admin, "/admin/")),
        Measure("roll-up CSV", "admin", get(admin, export)),
        Measure("roll-up JSON", "admin", get(admin, export_json)),
        Measure("registers list", "registers", get(admin, registers)),
        Measure("explorer, county column", "relative", get(admin, f"/admin/pages/{county.pk}/")),
        Measure("report editor", "relative", get(admin, f"/admin/pages/{report.pk}/edit/")),
        Measure("publish a report", "report", publish(report)),
        Measure("save a notice draft", "report", save_draft(notice)),
        Measure("publish a notice (indexed)", "report", publish_notice(notice)),
    ]
    return items


def publish(report) -> Callable[[], object]:
    """Publish a new revision of ``report`` through the gate, rolled back afterwards."""
    from django.db import transaction

    from wagtail_govdisclosure.models import AnnualReportPage

    def run() -> object:
        with transaction.atomic():
            page = AnnualReportPage.objects.get(pk=report.pk)
            revision = page.save_revision()
            revision.publish()
            transaction.set_rollback(True)
        return revision

    return run


def publish_notice(notice) -> Callable[[], object]:
    """Publish a new revision of ``notice`` (indexed for search), rolled back afterwards."""
    from django.db import transaction

    from wagtail_govdisclosure.models import NoticePage

    def run() -> object:
        with transaction.atomic():
            page = NoticePage.objects.get(pk=notice.pk)
            revision = page.save_revision()
            revision.publish()
            transaction.set_rollback(True)
        return revision

    return run


def save_draft(notice) -> Callable[[], object]:
    from django.db import transaction

    from wagtail_govdisclosure.models import NoticePage

    def run() -> object:
        with transaction.atomic():
            page = NoticePage.objects.get(pk=notice.pk)
            revision = page.save_revision()
            transaction.set_rollback(True)
        return revision

    return run


def measure_all(items: list[Measure], runs: int) -> dict[str, tuple[float, int]]:
    results = {}
    for item in items:
        results[item.name] = (best_ms(item.run, runs), count_queries(item.run))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 51 counties, 1,074 columns")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--url", default=os.environ.get("PROVINCE_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    from bench_registers import create_database, drop_database, setup_django

    create_database(args.url)
    setup_django(args.url)
    try:
        return run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(args.url)


def run(args) -> int:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    started = time.perf_counter()
    call_command("load_demo_portal", stdout=open(os.devnull, "w"))
    print(f"demo portal loaded in {time.perf_counter() - started:.1f} s")
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "bench")
    public, admin = Client(), Client()
    admin.force_login(user)

    items = measures(public, admin)
    demo = measure_all(items, args.runs)

    started = time.perf_counter()
    sizes = build_province(args.scale)
    took = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM wagtailcore_page")
        pages = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    print(
        f"province (scale {args.scale}): {sizes['counties'] + 1} counties, "
        f"{sizes['columns'] + 3:,} columns, {sizes['reports']:,} reports, "
        f"{sizes['notices']:,} notices, {pages:,} pages, {sizes['applications']:,} "
        f"applications; {size}; built in {took:.0f} s"
    )
    province = measure_all(measures(public, admin), args.runs)

    over = 0
    print(f"{'measure':<28}{'demo ms':>9}{'province ms':>13}{'ratio':>7}{'queries':>12}  goal")
    for item in items:
        demo_ms, demo_queries = demo[item.name]
        ms, queries = province[item.name]
        ratio = ms / demo_ms if demo_ms else 0.0
        if item.kind in ("public", "relative"):
            goal, failed = f"≤ {PUBLIC_RATIO:g}× demo", ratio > PUBLIC_RATIO
        elif item.kind == "admin":
            goal, failed = f"≤ {ADMIN_MS:g} ms", ms > ADMIN_MS
        elif item.kind == "registers":
            goal, failed = f"≤ {REGISTERS_MS:g} ms", ms > REGISTERS_MS
        else:
            goal, failed = "reported", False
        over += failed
        print(
            f"{item.name:<28}{demo_ms:>9.1f}{ms:>13.1f}{ratio:>7.2f}"
            f"{demo_queries:>6} → {queries:<4} {goal}{'  OVER' if failed else ''}"
        )
    goals = sum(1 for item in items if item.kind != "report")
    print(f"province: {over} of {goals} measures over their goal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
