"""What a hostile report file costs to refuse: memory and time of one read in a fresh process.

Run from the repository root::

    python benchmarks/bench_hostile.py

Each file (built by ``tests/security/hostile.py``) is read by ``read_report``
in its own Python process with Django set up; the figure is the growth of the
process's peak resident memory (``ru_maxrss``) over its baseline after set-up,
and the read's time as a ratio to reading the seed report's text export in
the same run. Nothing here asserts a figure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.security import hostile  # noqa: E402

CHILD = """
import sys, time, resource, django
django.setup()
from wagtail_govdisclosure.importers import read_report
import wagtail_govdisclosure.importers.docx, wagtail_govdisclosure.importers.html
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
result = read_report(data, filename=sys.argv[1])
elapsed = time.perf_counter() - start
print(base, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, elapsed, result.ok)
"""

FILES = {
    "docx, gridSpan=30000000": ("span.docx", hostile.docx_grid_span),
    "docx, gridBefore=30000000": ("before.docx", hostile.docx_grid_before),
    "docx, 200 MB of zeros inside": ("bomb.docx", hostile.docx_zip_bomb),
    "HTML, 300×300 cells colspan=1000": ("wide.html", hostile.html_wide_cells),
    "JSON nested 200,000 levels": ("nested.json", hostile.nested_json),
    "JSON, a 5,000-digit integer": ("big.json", hostile.big_int_json),
}
SEED = ROOT / "tests" / "fixtures" / "jiaxiang-kejiju-2022-annual-report.txt"


def measure(path: Path) -> tuple[float, float, str]:
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "example_site")]),
        "DJANGO_SETTINGS_MODULE": "example_site.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    ).stdout.split()
    base, peak, elapsed, ok = int(out[0]), int(out[1]), float(out[2]), out[3]
    return (peak - base) / 1024, elapsed, ok


def main() -> None:
    _, seed_time, _ = measure(SEED)
    print("| file | size | peak memory growth | time / seed's | read? |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for label, (name, build) in FILES.items():
            path = Path(folder) / name
            path.write_bytes(build())
            growth, elapsed, ok = measure(path)
            size = path.stat().st_size / 1024
            print(
                f"| {label} | {size:,.0f} kB | {growth:.1f} MB | {elapsed / seed_time:.1f}× "
                f"| {'yes' if ok == 'True' else 'refused'} |"
            )


if __name__ == "__main__":
    main()
