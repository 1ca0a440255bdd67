"""How long ``run_checks`` takes on a full 2021-format report.

Run from the repository root::

    python benchmarks/bench_checks.py [--runs N]

Prints the mean and best time per call for: the seed report as transcribed (24
blank totals, so 24 findings with messages), the same report with its totals
filled (no finding: the usual state of a report being edited), and a busy report
(every cell non-zero, a narrative stating figures, last year's report given, so
every check runs and several fire). No assertion on time: the figures are for
people.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from wagtail_govdisclosure.checks import fill_totals, run_checks  # noqa: E402
from wagtail_govdisclosure.interchange import loads  # noqa: E402

SEED = ROOT / "tests" / "fixtures" / "jiaxiang-kejiju-2022.json"


def busy_report():
    """The seed with every part non-zero, consistent totals, figures in the text."""
    document = loads(SEED.read_text(encoding="utf-8"))
    for index, cell in enumerate(document.format.cells):
        if not cell.is_total and cell.table.key != "applications":
            document.set(cell.ref, index % 7 + 1)
    document.set("proactive.regulations.issued", 0)
    document.set("proactive.regulations.repealed", 0)
    document.set("proactive.regulations.in_force", 0)
    document.set("proactive.fees.amount", "1.25")
    table = document.format.table("applications")
    columns = [c.key for c in table.columns_of("received") if not c.is_total]
    outcomes = [
        r.key
        for r in table.rows
        if r.key not in ("received", "carried_over_in", "handled_total", "carried_over_out")
    ]
    for position, column in enumerate(columns):
        for index, row in enumerate(outcomes):
            document.set(f"applications.{row}.{column}", (index + position) % 3)
        handled = sum((index + position) % 3 for index in range(len(outcomes)))
        document.set(f"applications.carried_over_in.{column}", 1)
        document.set(f"applications.carried_over_out.{column}", 2)
        document.set(f"applications.received.{column}", handled + 1)
    fill_totals(document)
    document.sections["applications"] = (
        "<p>本年度共收到政府信息公开申请100件，上年结转6件，结转下年度继续办理12件。</p>"
    )
    document.published = datetime.date(2023, 2, 3)
    previous = copy.deepcopy(document)
    previous.year -= 1
    previous.sections = {}
    return document, previous


def measure(label: str, call, runs: int) -> None:
    call()  # warm the per-format caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    findings = len(call())
    print(
        f"{label:<42} mean {statistics.mean(times) * 1000:6.3f} ms   "
        f"median {statistics.median(times) * 1000:6.3f} ms   "
        f"best {min(times) * 1000:6.3f} ms   ({findings} findings, {runs} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    runs = parser.parse_args().runs

    seed = loads(SEED.read_text(encoding="utf-8"))
    filled = copy.deepcopy(seed)
    fill_totals(filled)
    busy, previous = busy_report()
    with translation.override("zh-hans"):
        measure("seed as transcribed (24 blank totals)", lambda: run_checks(seed), runs)
        measure("seed with totals filled", lambda: run_checks(filled), runs)
        measure(
            "busy report, last year's report given",
            lambda: run_checks(busy, previous=previous),
            runs,
        )


if __name__ == "__main__":
    main()
