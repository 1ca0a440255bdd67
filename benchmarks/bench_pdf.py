"""How long the seed report's PDF takes to make and to serve, and how big it is.

Run from the repository root::

    python benchmarks/bench_pdf.py [--runs N] [--images DIR] [--pages K]

Prints, for the seed report (嘉祥县科学技术局 2022, totals filled):

* the first render in this process (WeasyPrint's import, fontconfig and the
  fonts' first load included: what the first visitor after a restart waits for),
* later renders (mean, best),
* the PDF's size and page count,
* publishing it (the PDF is made then when the app's signals are connected),
* serving it: the first request for a publication (render and store), then the
  cached serve (the PDF read from storage), through the view and, when the
  portal's URLs include ``wagtail_govdisclosure.pdf.urls``, through the URL.

``--images DIR`` also writes the first K pages as ``DIR/pdf-page-<n>.png``
(``pdftoppm -r 80``), the images of ``docs/pdf.md``. A throwaway database
(in memory with SQLite) and media directory are used. No assertion on time:
the figures are for people.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from wagtail_govdisclosure.checks import fill_totals  # noqa: E402
from wagtail_govdisclosure.interchange import ReportDocument, loads  # noqa: E402

SEED = ROOT / "tests" / "fixtures" / "jiaxiang-kejiju-2022.json"


def seed_document() -> ReportDocument:
    document = loads(SEED.read_bytes())
    fill_totals(document)
    document.published = datetime.date(2023, 1, 20)
    return document


def line(label: str, seconds: list[float], note: str = "") -> None:
    if len(seconds) == 1:
        figures = f"{seconds[0] * 1000:9.1f} ms"
    else:
        figures = (
            f"mean {statistics.mean(seconds) * 1000:8.1f} ms   "
            f"best {min(seconds) * 1000:8.1f} ms   ({len(seconds)} runs)"
        )
    print(f"{label:<48} {figures}{'   ' + note if note else ''}")


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def bench_render(runs: int) -> bytes:
    from wagtail_govdisclosure.pdf import render_report_pdf

    document = seed_document()
    first, pdf = timed(lambda: render_report_pdf(document))
    line("first render (fresh process, fonts loaded)", [first])
    later = [timed(lambda: render_report_pdf(document))[0] for _ in range(runs)]
    line("render", later)
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"{'PDF size':<48} {len(pdf) / 1024:9.1f} KB   ({len(pdf)} bytes, {pages} pages)")
    return pdf


def bench_serving(runs: int) -> None:
    """Publish the seed in a throwaway database; time the first and the cached serves."""
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import Client, RequestFactory, override_settings
    from django.test.utils import setup_test_environment
    from django.urls import NoReverseMatch, reverse
    from wagtail.models import Site

    from tests.reports.conftest import KEJIJU_USCC, make_column, make_report
    from wagtail_govdisclosure.models import AnnualReportIndexPage, AnnualReportPage
    from wagtail_govdisclosure.pdf.records import StoredPdfRecord
    from wagtail_govdisclosure.pdf.storage import delete_pdfs
    from wagtail_govdisclosure.pdf.views import pdf_url, serve_report_pdf

    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    media = tempfile.mkdtemp(prefix="bench-pdf-media-")
    try:
        with override_settings(MEDIA_ROOT=media, ALLOWED_HOSTS=["*"]):
            root = Site.objects.get(is_default_site=True).root_page
            column = make_column(root, "嘉祥县科学技术局", KEJIJU_USCC)
            index = column.add_child(
                instance=AnnualReportIndexPage(title="政府信息公开年报", slug="nianbao")
            )
            report = make_report(index, seed_document())
            took, _ = timed(report.get_latest_revision().publish)
            at_publication = StoredPdfRecord.objects.filter(page_id=report.pk).exists()
            line(
                "publish",
                [took],
                "PDF made at publication" if at_publication else "PDF queued for the task worker",
            )

            def serve() -> int:
                # A fresh page object, as routing loads it for every request.
                page = AnnualReportPage.objects.get(pk=report.pk)
                request = RequestFactory().get(pdf_url(page))
                request.user = AnonymousUser()
                response = serve_report_pdf(request, page)
                return len(b"".join(response.streaming_content))

            delete_pdfs(report.pk)
            first, size = timed(serve)
            line("first request for a publication (render, store)", [first], f"{size} bytes")
            line("cached serve, view (from storage)", [timed(serve)[0] for _ in range(runs)])

            page = AnnualReportPage.objects.get(pk=report.pk)
            try:
                reverse("wagtail_govdisclosure_report_pdf", kwargs={"page_path": "x/"})
            except NoReverseMatch:
                print("cached serve, URL: the portal's urls.py does not include the PDF URL")
                return
            client = Client()

            def get() -> int:
                response = client.get(pdf_url(page))
                assert response.status_code == 200, response.status_code
                return len(b"".join(response.streaming_content))

            get()
            line(
                "cached serve, URL (routing, Django test client)",
                [timed(get)[0] for _ in range(runs)],
            )
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)
        shutil.rmtree(media, ignore_errors=True)


def write_images(pdf: bytes, directory: Path, pages: int) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "report.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "80",
                "-png",
                "-f",
                "1",
                "-l",
                str(pages),
                source,
                f"{scratch}/page",
            ],
            check=True,
        )
        for image in sorted(Path(scratch).glob("page-*.png")):
            number = int(image.stem.split("-")[-1])
            target = directory / f"pdf-page-{number}.png"
            shutil.copyfile(image, target)
            print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--images", type=Path, help="write page images (pdftoppm) here")
    parser.add_argument("--pages", type=int, default=5, help="how many pages to write")
    options = parser.parse_args()
    with translation.override("zh-hans"):
        pdf = bench_render(options.runs)
        bench_serving(options.runs * 10)
    if options.images:
        write_images(pdf, options.images.resolve(), options.pages)


if __name__ == "__main__":
    main()
