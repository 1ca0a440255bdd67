"""Load test of the reference deployment: 50 concurrent clients, two servers against one.

Run from the repository root (PostgreSQL must answer on 127.0.0.1:5432)::

    python benchmarks/bench_load.py [--clients 50] [--rounds 4]

Starts the deployment of ``deployment/stack.py`` on 127.0.0.1 (PostgreSQL, Redis, moto's S3
server, two gunicorn servers of 2 processes × 4 threads, one task worker), loads the demo
portal, lets the worker make the PDFs, then sends, from ``--clients`` threads, ``--rounds``
rounds of the four public pages a citizen asks for — a report page, the notice list, a
search and a report's PDF — first spread over servers A and B, then to A alone. Prints, per
URL and overall, the number of requests, errors (anything but 200, or a failed connection)
and the p50/p95/p99 latencies. Every process is stopped at the end. No assertion on time:
the figures are for people (docs/performance.md).
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "deployment"), str(ROOT), str(ROOT / "example_site")]

from stack import Stack  # noqa: E402


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def run(
    stack: Stack, servers: list[str], paths: dict[str, str], clients: int, rounds: int
) -> tuple[dict[str, list[float]], dict[str, int], float]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    reopened = [0]
    lock = threading.Lock()

    def client(number: int) -> None:
        # One keep-alive connection per client and server, as a browser holds.
        connections: dict[str, http.client.HTTPConnection] = {}
        for round_number in range(rounds):
            for offset, (name, path) in enumerate(paths.items()):
                server = servers[(number + round_number + offset) % len(servers)]
                started = time.perf_counter()
                ok = False
                # A kept-alive connection the server closed meanwhile is opened again once,
                # as browsers do; a failure on a fresh connection is an error.
                for _attempt in range(2):
                    reused = server in connections
                    if not reused:
                        connections[server] = http.client.HTTPConnection(
                            "127.0.0.1", stack.ports[server], timeout=120
                        )
                    try:
                        connection = connections[server]
                        connection.request("GET", path)
                        response = connection.getresponse()
                        response.read()
                        ok = response.status == 200
                        break
                    except OSError:
                        connections.pop(server).close()
                        if not reused:
                            break
                        with lock:
                            reopened[0] += 1
                took = time.perf_counter() - started
                with lock:
                    latencies[name].append(took)
                    if not ok:
                        errors[name] += 1
        for connection in connections.values():
            connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(client, range(clients)))
    elapsed = time.perf_counter() - started
    if reopened[0]:
        print(f"  ({reopened[0]} kept-alive connections closed by a server were opened again)")
    return latencies, errors, elapsed


def report(label: str, latencies, errors, elapsed: float) -> None:
    everything = [value for values in latencies.values() for value in values]
    print(
        f"\n{label}: {len(everything)} requests in {elapsed:.1f} s "
        f"({len(everything) / elapsed:.1f} req/s), {sum(errors.values())} errors"
    )
    print(f"  {'URL':<14} {'requests':>8} {'errors':>6} {'p50':>8} {'p95':>8} {'p99':>8}  mean")
    total_errors = sum(errors.values())
    for name, values in [*latencies.items(), ("all", everything)]:
        failed = total_errors if name == "all" else errors.get(name, 0)
        print(
            f"  {name:<14} {len(values):>8} {failed:>6}"
            f" {percentile(values, 0.50) * 1000:6.0f}ms {percentile(values, 0.95) * 1000:6.0f}ms"
            f" {percentile(values, 0.99) * 1000:6.0f}ms  {statistics.mean(values) * 1000:5.0f}ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=4)
    options = parser.parse_args()

    import os

    stack = Stack()
    os.environ.update(stack.environment)
    with stack:
        import django

        django.setup()
        from django_tasks_db.models import DBTaskResult

        from wagtail_govdisclosure.models import (
            AnnualReportPage,
            DisclosureIndexPage,
            NoticeIndexPage,
        )

        report_page = AnnualReportPage.objects.live().order_by("-year").first()
        column = DisclosureIndexPage.objects.live().first()
        paths = {
            "report page": report_page.url,
            "notice list": NoticeIndexPage.objects.live().first().url,
            "search": f"{column.url}search/?q={quote('科技')}",
            "report.pdf": f"{report_page.url}report.pdf",
        }
        # The worker makes the demo's PDFs after its publication: wait for the queue to drain.
        deadline = time.monotonic() + 600
        while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
            if time.monotonic() > deadline:
                raise RuntimeError("the task queue did not drain")
            time.sleep(1)
        for server in ("A", "B"):  # warm each process's first request
            run(stack, [server], paths, 4, 1)
        print(f"{options.clients} clients × {options.rounds} rounds of {', '.join(paths)}")
        report(
            "two servers (A and B)", *run(stack, ["A", "B"], paths, options.clients, options.rounds)
        )
        report("one server (A)", *run(stack, ["A"], paths, options.clients, options.rounds))


if __name__ == "__main__":
    main()
