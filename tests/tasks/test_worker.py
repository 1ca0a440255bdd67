"""The task set-up: publication enqueues the PDF; the worker makes it; a killed worker's task
is run again after a restart, once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.pdf.conftest import default_root, with_overview
from tests.reports.conftest import KEJIJU_USCC, make_column, make_report
from wagtail_govdisclosure.models import AnnualReportIndexPage
from wagtail_govdisclosure.pdf import storage
from wagtail_govdisclosure.pdf.records import StoredPdfRecord
from wagtail_govdisclosure.tasks import make_published_pdf

# The worker runs in its own transactions; serialized_rollback brings back the default site.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PDF_TASK = "wagtail_govdisclosure.tasks.make_published_pdf"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def report_index(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = DATABASE_TASKS
    column = make_column(default_root(), "嘉祥县科学技术局", KEJIJU_USCC)
    return column.add_child(
        instance=AnnualReportIndexPage(title="政府信息公开年报", slug="nianbao")
    )


def run_worker(worker_id: str) -> str:
    out = StringIO()
    call_command("govdisclosure_worker", worker_id=worker_id, batch=True, stdout=out)
    return out.getvalue()


def test_publication_queues_the_pdf_and_the_worker_makes_it(report_index):
    page = make_report(report_index, with_overview("由后台任务生成"))
    page.get_latest_revision().publish()
    page.refresh_from_db()
    # Publishing made no PDF: it queued one task for it, after the commit.
    assert not StoredPdfRecord.objects.filter(page=page).exists()
    [queued] = DBTaskResult.objects.filter(task_path=PDF_TASK)
    assert queued.status == TaskResultStatus.READY
    assert queued.args_kwargs["args"] == [page.pk]

    run_worker("worker-1")
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    [record] = StoredPdfRecord.objects.filter(page=page)
    assert queued.return_value == record.name
    assert record.revision_id == page.live_revision_id
    with storage.pdf_storage().open(record.name) as file:
        assert file.read(5) == b"%PDF-"


def test_a_killed_workers_task_runs_again_after_its_restart_once(report_index):
    page = make_report(report_index, with_overview("中途被杀"))
    page.get_latest_revision().publish()
    [abandoned] = DBTaskResult.objects.filter(task_path=PDF_TASK)
    # The worker took it and was killed mid-task; another worker's running task is its own.
    abandoned.claim("worker-1")
    other = make_published_pdf.enqueue(0)
    DBTaskResult.objects.get(pk=other.id).claim("worker-2")

    output = run_worker("worker-1")
    assert "1" in output and "worker-1" in output
    abandoned.refresh_from_db()
    assert abandoned.status == TaskResultStatus.SUCCESSFUL
    assert abandoned.worker_ids == ["worker-1", "worker-1"]
    assert DBTaskResult.objects.get(pk=other.id).status == TaskResultStatus.RUNNING
    assert StoredPdfRecord.objects.filter(page=page).count() == 1
    files = storage.pdf_storage().listdir(storage.page_directory(page.pk))[1]
    assert len(files) == 1


def test_the_task_makes_nothing_for_a_page_no_longer_live(report_index):
    page = make_report(report_index, with_overview("已撤下"))
    page.get_latest_revision().publish()
    page.refresh_from_db()
    page.unpublish()
    run_worker("worker-1")
    [result] = DBTaskResult.objects.filter(task_path=PDF_TASK)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == ""
    assert not StoredPdfRecord.objects.filter(page=page).exists()
