"""What publishing costs the editor: a report against a notice, through the admin edit view.

Run from the repository root::

    python benchmarks/bench_publish.py [--runs N]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python benchmarks/bench_publish.py

A throwaway test database is created (in memory with SQLite). A superuser posts the edit
form with 「发布」 (``action-publish``) N times for a correct annual report and for a notice
of the same column, alternately, each post a new revision; the request includes its
transaction's commit and on-commit callbacks, as in production. Two task set-ups are
measured in the same run:

* ``DatabaseBackend`` (the portal's production set-up): publication enqueues the PDF
  (one row); a worker makes it later;
* ``ImmediateBackend``: the PDF is made inside the publish request, as before the tasks.

Prints the median and best of each and the ratio report/notice. No assertion on time:
the figures are for people (docs/performance.md).
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings")

import django  # noqa: E402

django.setup()

BACKENDS = {
    "DatabaseBackend (worker)": "django_tasks_db.DatabaseBackend",
    "ImmediateBackend (in the request)": "django_tasks.backends.immediate.ImmediateBackend",
}


def notice_form_data(page, n: int, category_id: int) -> dict[str, str]:
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "publisher": "",
            "document_number": f"嘉科发〔2023〕{n}号",
            "validity": "valid",
            "written_date": "",
            "release_date": "2023-01-05",
            "category": str(category_id),
            "keywords": "",
            "summary": "",
            "body": rich_text(f"<p>第{n}次修改的通知正文。</p>"),
            "attachments": inline_formset([]),
            "action-publish": "1",
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--profile", help="write a cProfile of the report's publications here")
    options = parser.parse_args()

    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment
    from django.utils import translation
    from wagtail.models import Site

    from tests.reports.conftest import KEJIJU_USCC, correct_document, make_column, make_report
    from tests.reports.forms import report_form_data
    from wagtail_govdisclosure.models import (
        AnnualReportIndexPage,
        NoticeCategory,
        NoticeIndexPage,
        NoticePage,
    )
    from wagtail_govdisclosure.pdf.records import StoredPdfRecord

    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    media = tempfile.mkdtemp(prefix="bench-publish-media-")
    try:
        with (
            override_settings(MEDIA_ROOT=media, ALLOWED_HOSTS=["*"]),
            translation.override("zh-hans"),
        ):
            from django.contrib.auth import get_user_model

            admin = get_user_model().objects.create_superuser("admin", password="x")
            client = Client()
            client.force_login(admin)
            root = Site.objects.get(is_default_site=True).root_page
            column = make_column(root, "嘉祥县科学技术局", KEJIJU_USCC)
            reports = column.add_child(
                instance=AnnualReportIndexPage(title="政府信息公开年报", slug="nianbao")
            )
            notices = column.add_child(
                instance=NoticeIndexPage(title="法定主动公开内容", slug="fdzdgknr")
            )
            notices.save_revision().publish()
            category = NoticeCategory.objects.create(
                theme="综合政务", name="政务公开", slug="zwgk", sort_order=1
            )
            document = correct_document(2022)
            report = make_report(reports, document)
            notice = NoticePage(
                title="关于开展科技项目申报工作的通知",
                slug="notice-1",
                category=category,
                release_date=datetime.date(2023, 1, 5),
                body="<p>通知正文。</p>",
                live=False,
            )
            notices.add_child(instance=notice)
            notice.save_revision()

            def publish(url: str, data: dict[str, str]) -> float:
                start = time.perf_counter()
                response = client.post(url, data)
                took = time.perf_counter() - start
                assert response.status_code == 302, (url, response.status_code)
                return took

            report_url = f"/admin/pages/{report.pk}/edit/"
            notice_url = f"/admin/pages/{notice.pk}/edit/"
            # Warm-up: templates, WeasyPrint's import and fonts, the first queries.
            publish(report_url, report_form_data(document, action="action-publish"))
            publish(notice_url, notice_form_data(notice, 0, category.pk))

            print(
                f"{'set-up':<36} {'report (median/best)':>22} {'notice (median/best)':>22}  ratio"
            )
            for label, backend in BACKENDS.items():
                with override_settings(TASKS={"default": {"BACKEND": backend}}):
                    report_times, notice_times = [], []
                    for n in range(1, options.runs + 1):
                        document.sections["overview"] = f"<p>第{n}次修改。</p>"
                        data = report_form_data(document, action="action-publish")
                        if options.profile and "Database" in backend:
                            import cProfile

                            with cProfile.Profile() as profile:
                                report_times.append(publish(report_url, data))
                            profile.dump_stats(options.profile)
                        else:
                            report_times.append(publish(report_url, data))
                        notice_times.append(
                            publish(notice_url, notice_form_data(notice, n, category.pk))
                        )
                    report_median = statistics.median(report_times)
                    notice_median = statistics.median(notice_times)
                    report_best, notice_best = min(report_times), min(notice_times)
                    print(
                        f"{label:<36} {report_median * 1000:8.0f} / {report_best * 1000:5.0f} ms"
                        f"   {notice_median * 1000:8.0f} / {notice_best * 1000:5.0f} ms"
                        f"  {report_median / notice_median:5.2f}×"
                    )
            made = StoredPdfRecord.objects.filter(page_id=report.pk).count()
            print(f"PDFs made in the requests (immediate backend): {made} kept")
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)
        shutil.rmtree(media, ignore_errors=True)
        shutil.rmtree(f"{media}-govdisclosure-pdfs", ignore_errors=True)


if __name__ == "__main__":
    main()
