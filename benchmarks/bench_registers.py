"""The registers at scale, on PostgreSQL: importing a large .xlsx, filling a report.

Run from the repository root (PostgreSQL on 127.0.0.1:5432, user postgres)::

    python benchmarks/bench_registers.py [--import-rows 100000] [--fill-rows 1000000]

The benchmark creates its own database (``DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/govdisclosure_bench``), migrates it, and drops it
at the end (``--keep`` keeps it). It prints:

* **import**: an .xlsx of ``--import-rows`` application rows (made first, not timed)
  read, checked row by row and saved through the django-import-export resource, as
  ``govdisclosure_import_register`` does — one pass, all-or-nothing;
* **fill**: ``fill_report_tables`` for one agency and year over a register of
  ``--fill-rows`` applications (loaded with COPY), in two shapes: the register of a
  whole county (50 agencies over 10 years, the agency's year is ~2,000 rows) and the
  worst case of a single agency holding every row (100,000 received in the year).

No assertion on time: the figures are for people (see ``docs/registers.md``).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import io
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/govdisclosure_bench"


def _admin_connection(url: str):
    import psycopg

    parsed = urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    return psycopg.connect(admin, autocommit=True), parsed.path.lstrip("/")


def create_database(url: str) -> None:
    connection, name = _admin_connection(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    connection, name = _admin_connection(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    # DEBUG would log every query of the import in memory.
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_agencies(count: int) -> list:
    from wagtail.models import Page

    from wagtail_govdisclosure.models import DisclosureIndexPage
    from wagtail_govdisclosure.models.agency import uscc_check_character

    root = Page.get_first_root_node()
    agencies = []
    for number in range(1, count + 1):
        body = f"11370829MB{number:07d}"
        agencies.append(
            root.add_child(
                instance=DisclosureIndexPage(
                    title=f"嘉祥县第{number}局",
                    slug=f"agency-{number}",
                    agency_name=f"嘉祥县第{number}局",
                    uscc=body + uscc_check_character(body),
                    level="county",
                    kind="department",
                )
            )
        )
    return agencies


def timed(function, runs: int) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.mean(times), min(times), result


# --- import ----------------------------------------------------------------------


def make_xlsx(rows: int, seed: int = 1) -> bytes:
    from openpyxl import Workbook

    from wagtail_govdisclosure.registers.columns import APPLICANT_TYPE, CHANNEL, OUTCOME
    from wagtail_govdisclosure.registers.vocabulary import APPLICANT_TYPES, OUTCOMES

    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("登记")
    sheet.append(
        [
            "登记编号",
            "收到申请日期",
            "申请方式",
            "申请人类型",
            "申请人姓名或名称",
            "联系方式",
            "申请内容",
            "是否延期",
            "办理结果",
            "答复日期",
        ]
    )
    channels = list(CHANNEL.export_names.values())
    start = datetime.date(2023, 1, 1)
    for number in range(1, rows + 1):
        received = start + datetime.timedelta(days=rng.randrange(365))
        closed = received + datetime.timedelta(days=rng.randrange(1, 40))
        open_entry = rng.random() < 0.03
        sheet.append(
            [
                f"2023-{number:06d}",
                received,
                rng.choice(channels),
                APPLICANT_TYPE.write(rng.choice(APPLICANT_TYPES)),
                f"申请人{number}",
                f"1380000{number:04d}"[-11:],
                f"申请公开某项政府信息（第{number}件）",
                "是" if rng.random() < 0.1 else "否",
                "" if open_entry else OUTCOME.write(rng.choice(OUTCOMES)),
                None if open_entry else closed,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _peak_rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def bench_import(rows: int, agency, folder: Path) -> tuple[float, float]:
    """Import ``rows`` from an .xlsx file on disk, streamed; returns (rows/s, peak growth MB)."""
    from wagtail_govdisclosure.registers.models import Application
    from wagtail_govdisclosure.registers.resources import RegisterImport

    started = time.perf_counter()
    path = folder / f"bench-{rows}.xlsx"
    path.write_bytes(make_xlsx(rows))
    print(
        f"  made {rows:,} rows of .xlsx ({path.stat().st_size / 1e6:.1f} MB) in "
        f"{time.perf_counter() - started:.1f} s (not timed)"
    )
    gc.collect()
    before = _current_rss_mb()
    peak_before = _peak_rss_mb()
    importer = RegisterImport(Application, agency)
    database_cpu = _database_cpu_seconds()
    load = os.getloadavg()[0]
    cpu = time.process_time()
    started = time.perf_counter()
    with path.open("rb") as source:
        report = importer.run(source, path.name, dry_run=False)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    database_cpu = _database_cpu_seconds() - database_cpu
    assert report.ok and report.new == rows, [str(p) for p in report.problems[:5]]
    assert Application.objects.filter(agency=agency).count() == rows
    # The peak only moves up: its growth during the import bounds what the import used.
    growth = max(_peak_rss_mb() - max(peak_before, before), 0.0)
    print(
        f"  import (read, check every row, save, one transaction): {seconds:.1f} s "
        f"= {rows / seconds:,.0f} rows/s; resident memory {before:.0f} MB before, "
        f"peak {max(_peak_rss_mb(), before):.0f} MB (+{growth:.0f} MB)"
    )
    # The import waits for the database and the database for it: on an idle machine its
    # time is their CPU time together, whatever else shares the cores now.
    print(
        f"  CPU: import process {cpu:.1f} s + database backend {database_cpu:.1f} s "
        f"= {rows / (cpu + database_cpu):,.0f} rows per CPU-second "
        f"(load average {load:.1f} when it started, {os.cpu_count()} cores)"
    )
    return rows / seconds, growth


def _database_cpu_seconds() -> float:
    """CPU time of this connection's PostgreSQL backend (same machine: /proc)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- fill ------------------------------------------------------------------------


def copy_applications(agencies: list, rows: int, years: range, seed: int = 2) -> None:
    """Insert ``rows`` applications spread over ``agencies`` and ``years`` with COPY."""
    from django.db import connection
    from django.utils import timezone

    from wagtail_govdisclosure.registers.models import Application
    from wagtail_govdisclosure.registers.vocabulary import APPLICANT_TYPES, OUTCOMES

    rng = random.Random(seed)
    table = Application._meta.db_table
    columns = [
        "agency_id",
        "reference",
        "received_on",
        "channel",
        "applicant_type",
        "applicant_name",
        "applicant_contact",
        "content",
        "extended",
        "outcome",
        "closed_on",
        "notes",
        "created_at",
        "updated_at",
    ]
    now = timezone.now()
    first = datetime.date(years.start, 1, 1)
    span = (datetime.date(years.stop, 1, 1) - first).days
    agency_ids = [a.pk for a in agencies]
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for number in range(rows):
                received = first + datetime.timedelta(days=rng.randrange(span))
                still_open = rng.random() < 0.02
                closed = (
                    None if still_open else received + datetime.timedelta(days=rng.randrange(1, 45))
                )
                copy.write_row(
                    (
                        rng.choice(agency_ids),
                        f"B{number:07d}",
                        received,
                        "online",
                        rng.choice(APPLICANT_TYPES),
                        "",
                        "",
                        "某项政府信息",
                        False,
                        "" if still_open else rng.choice(OUTCOMES),
                        closed,
                        "",
                        now,
                        now,
                    )
                )
        cursor.execute(f"ANALYZE {table}")
    connection.connection.commit()


def truncate_applications() -> None:
    """Empty the register fast (a queryset delete would fetch a million rows first)."""
    from django.db import connection

    from wagtail_govdisclosure.registers.models import Application, ReviewCase

    with connection.cursor() as cursor:
        cursor.execute(
            f"TRUNCATE {Application._meta.db_table}, {ReviewCase._meta.db_table} CASCADE"
        )


def bench_fill(label: str, agency, year: int, runs: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wagtail_govdisclosure.registers.fill import fill_report_tables

    fill_report_tables(agency, year)  # warm the connection and the caches
    connection.force_debug_cursor = True  # count queries with DEBUG off
    with CaptureQueriesContext(connection) as queries:
        tables = fill_report_tables(agency, year)
    connection.force_debug_cursor = False
    mean, best, _ = timed(lambda: fill_report_tables(agency, year), runs)
    applications = tables["applications"]
    print(
        f"  {label}: {len(queries)} queries, mean {mean * 1000:.0f} ms, best "
        f"{best * 1000:.0f} ms (received {applications['received']['total']:,}, carried in "
        f"{applications['carried_over_in']['total']:,}, out "
        f"{applications['carried_over_out']['total']:,})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--fill-rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="Keep the benchmark database.")
    parser.add_argument("--import-only", action="store_true", help="Skip the fill measures.")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must point to PostgreSQL.")

    create_database(url)
    try:
        setup_django(url)
        from django.db import connection

        print(
            f"PostgreSQL {connection.cursor().connection.info.server_version}, "
            f"database {urlparse(url).path.lstrip('/')}"
        )
        agencies = make_agencies(51)
        county, single = agencies[:50], agencies[50]

        with tempfile.TemporaryDirectory() as folder:
            # A small import first: memory is flat if the large one needs no more.
            small = max(args.import_rows // 10, 1)
            print(f"Import of {small:,} applications from .xlsx (for comparison):")
            bench_import(small, county[0], Path(folder))
            print(f"Import of {args.import_rows:,} applications from .xlsx:")
            bench_import(args.import_rows, single, Path(folder))

        truncate_applications()
        if args.import_only:
            return

        print(f"Fill from a register of {args.fill_rows:,} applications:")
        started = time.perf_counter()
        copy_applications(county, args.fill_rows, range(2017, 2027))
        print(
            f"  loaded 50 agencies × 10 years with COPY in "
            f"{time.perf_counter() - started:.1f} s (not timed)"
        )
        bench_fill("one agency's year in a county register", county[0], 2023, args.runs)
        truncate_applications()
        started = time.perf_counter()
        copy_applications([single], args.fill_rows, range(2017, 2027))
        print(
            f"  loaded one agency × 10 years in {time.perf_counter() - started:.1f} s (not timed)"
        )
        bench_fill("one agency holding all rows, one year", single, 2023, args.runs)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(url)


if __name__ == "__main__":
    main()
