"""The bulk audit: files per second in one process and in two (``audit DIR -j N``).

Run from the repository root::

    python benchmarks/bench_audit.py [--files N] [--pdf-files M]

A province's download is imitated in a temporary folder: N reports (a third
each .docx, web page and text export, agencies and years varied, so the
cross-year checks run) and M PDFs printed from the web page with WeasyPrint.
The audit command runs over the folder as a user runs it, a whole process with
``-j 1`` and with ``-j 2``; the figures are files per second and the speed-up,
measured in one run. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from wagtail_govdisclosure.audit import configure_django  # noqa: E402

configure_django()

from tests.importers import builders  # noqa: E402

AGENCIES = ["嘉祥县科学技术局", "嘉祥县教育和体育局", "洪泽区人民政府", "平潭综合实验区管理委员会"]


def make_province(root: Path, count: int, pdf_count: int) -> None:
    renderers = [
        ("docx", lambda d: builders.render_docx(d, write=builders.messy)),
        ("html", lambda d: builders.render_html(d)),
        ("txt", lambda d: builders.render_text(d).encode("utf-8")),
    ]
    for number in range(count):
        agency = AGENCIES[number % len(AGENCIES)]
        year = 2019 + (number // len(AGENCIES)) % 6
        document = builders.consistent_document(seed=number, agency=agency, year=year)
        suffix, render = renderers[number % len(renderers)]
        folder = root / f"county-{number % 7}" / agency
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{year}-{number}.{suffix}").write_bytes(render(document))
    if pdf_count:
        import weasyprint

        for number in range(pdf_count):
            document = builders.consistent_document(seed=1000 + number)
            page = builders.render_html(document).decode("utf-8")
            pdf = weasyprint.HTML(string=page).write_pdf(presentational_hints=True)
            folder = root / "pdf"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{number}.pdf").write_bytes(pdf)


def run(folder: Path, jobs: int) -> float:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(REPO)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "wagtail_govdisclosure.audit", "--json", "-j", str(jobs), folder],
        env=env,
        stdout=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--pdf-files", type=int, default=30)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        make_province(root / "words", arguments.files, 0)
        make_province(root / "pdfs", 0, arguments.pdf_files)
        print(f"{'files':<28} {'-j 1 files/s':>14} {'-j 2 files/s':>14} {'speed-up':>9}")
        for name, folder, count in (
            (f"{arguments.files} .docx/.html/.txt", root / "words", arguments.files),
            (f"{arguments.pdf_files} PDFs", root / "pdfs", arguments.pdf_files),
        ):
            if not count:
                continue
            one = run(folder, 1)
            two = run(folder, 2)
            print(f"{name:<28} {count / one:>14.1f} {count / two:>14.1f} {one / two:>8.2f}×")


if __name__ == "__main__":
    main()
