"""How long reading a published report takes: the seed text, a generated .docx and web pages.

Run from the repository root::

    python benchmarks/bench_import.py [--repeat N]

The .docx and the pages are built from the format declaration by the tests'
builders (a 2021-format report with merged header and label cells, numbers
typed with full-width digits, spaces and thousands separators). Each figure is
the median and the fastest of N reads, parsing and building the document
included; the checks are timed apart. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from wagtail_govdisclosure.audit import configure_django  # noqa: E402

configure_django()

from tests.importers import builders  # noqa: E402
from wagtail_govdisclosure.checks import run_checks  # noqa: E402
from wagtail_govdisclosure.importers import read_report  # noqa: E402

SEED = builders.SEED_TEXT


def timed(function: Callable[[], object], repeat: int) -> tuple[float, float]:
    function()  # warm caches (the format index, lxml, python-docx)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    repeat = parser.parse_args().repeat

    document = builders.consistent_document(seed=1)
    cases: dict[str, tuple[bytes, str]] = {}
    if SEED.exists():
        cases["seed text export"] = (SEED.read_bytes(), SEED.name)
    cases["generated .docx (merged cells)"] = (
        builders.render_docx(document, write=builders.messy),
        "report.docx",
    )
    cases["web page, rowspan/colspan"] = (builders.render_html(document), "page.html")
    cases["web page, every cell, tables in <p>"] = (
        builders.render_html(document, layout="flat", write=builders.messy, tables_in_p=True),
        "page.html",
    )

    print(f"{'file':40} {'size':>8} {'median':>9} {'fastest':>9}")
    for name, (data, filename) in cases.items():
        median, fastest = timed(lambda d=data, f=filename: read_report(d, filename=f), repeat)
        print(f"{name:40} {len(data) / 1024:6.1f}kB {median * 1000:7.1f}ms {fastest * 1000:7.1f}ms")

    read = read_report(builders.render_docx(document), filename="report.docx").document
    median, fastest = timed(lambda: run_checks(read), repeat)
    print(f"{'run_checks on one report':40} {'':>8} {median * 1000:7.1f}ms {fastest * 1000:7.1f}ms")

    if SEED.exists():
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "wagtail_govdisclosure.audit", str(SEED)],
                cwd=REPO,
                capture_output=True,
                check=False,
            )
            runs.append(time.perf_counter() - start)
        print(
            f"{'audit command on the seed (process)':40} {'':>8} "
            f"{statistics.median(runs) * 1000:7.1f}ms {min(runs) * 1000:7.1f}ms"
        )


if __name__ == "__main__":
    main()
