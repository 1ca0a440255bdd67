"""The admin's register import as a background task: stored upload, job state, progress.

Two ways a task runs: at once in the request (the immediate backend, the example
portal's default) and later in a worker process. The second is reproduced with
django-tasks' dummy backend, which only records what was enqueued: the test then runs
the task itself, as a worker would, from nothing but the job's id.
"""

from __future__ import annotations

import io
import os

import django
import pytest
from django.test import override_settings

from wagtail_govdisclosure.registers import jobs
from wagtail_govdisclosure.registers.models import Application, RegisterImportJob
from wagtail_govdisclosure.registers.tasks import import_register

from .files import csv_bytes, xlsx_bytes
from .test_admin import staff_client, url
from .test_import import HEADER, ROWS

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
Status = RegisterImportJob.Status


@pytest.fixture
def clerk(django_user_model, agency):
    return staff_client(django_user_model, agency, personal=False, name="clerk")


def upload(client, agency, data: bytes, name: str = "登记表.xlsx", **kwargs):
    file = io.BytesIO(data)
    file.name = name
    return client.post(
        url("import", register="applications"), {"agency": agency.pk, "file": file}, **kwargs
    )


def stored(job: RegisterImportJob) -> bool:
    return bool(job.stored_file) and jobs.import_storage().exists(job.stored_file)


def test_immediate_backend_checks_then_imports_and_the_status_says_so(clerk, agency) -> None:
    response = upload(clerk, agency, xlsx_bytes([HEADER, *ROWS]))
    job = RegisterImportJob.objects.get()
    assert response.status_code == 302 and response.url == url(
        "import_job", register="applications", job_id=job.pk
    )
    assert job.status == Status.CHECKED and job.rows == 3 and job.new == 3
    assert stored(job)  # kept for the confirmation
    status = clerk.get(url("import_job_status", register="applications", job_id=job.pk)).json()
    assert status["status"] == "checked" and status["finished"] and status["progress"] == 100

    clerk.post(response.url, {"confirm": ""})
    job.refresh_from_db()
    assert job.status == Status.DONE and job.new == 3 and job.finished_at is not None
    assert Application.objects.filter(agency=agency).count() == 3
    assert not job.stored_file and job.preview == {}  # the upload and its preview are gone
    html = clerk.get(response.url).content.decode()
    assert "登记表.xlsx" in html and url("import", register="applications") in html


@pytest.mark.skipif(
    django.VERSION >= (6,),
    reason="on Django 6 the upload's task is not queued on django_tasks' overridden dummy "
    "backend, where this test looks for it (known gap, see docs/registers.md)",
)
@override_settings(TASKS=DUMMY_TASKS)
def test_a_task_run_later_by_a_worker(clerk, agency) -> None:
    from django_tasks import default_task_backend

    response = upload(clerk, agency, xlsx_bytes([HEADER, *ROWS]))
    job = RegisterImportJob.objects.get()
    # Nothing ran: the page shows the waiting job with its progress bar, polling for more.
    assert job.status == Status.QUEUED and stored(job)
    html = clerk.get(response.url).content.decode()
    assert "<progress" in html and "data-status-url" in html
    status_url = url("import_job_status", register="applications", job_id=job.pk)
    assert clerk.get(status_url).json() == {
        "status": "queued",
        "status_label": "等待开始",
        "confirmed": False,
        "finished": False,
        "rows": 0,
        "progress": 0,
        "new": 0,
        "updated": 0,
        "problems": 0,
    }
    (enqueued,) = default_task_backend.results
    assert enqueued.task.name == import_register.name and enqueued.args == [job.pk]

    # The worker: the task, its arguments, the database and the storage; nothing else.
    assert import_register.call(*enqueued.args) == "checked"
    assert clerk.get(status_url).json()["status"] == "checked"
    assert Application.objects.count() == 0
    clerk.post(response.url, {"confirm": ""})
    assert RegisterImportJob.objects.get().status == Status.QUEUED
    assert Application.objects.count() == 0
    second = default_task_backend.results[-1]
    assert import_register.call(*second.args) == "done"
    assert Application.objects.filter(agency=agency).count() == 3
    # A task delivered twice does not import twice.
    assert import_register.call(*second.args) == "done"
    assert Application.objects.count() == 3
    assert clerk.get(status_url).json()["new"] == 3


@override_settings(TASKS=DUMMY_TASKS)
def test_a_worker_that_died_mid_import_runs_it_again_from_the_start(clerk, agency) -> None:
    upload(clerk, agency, xlsx_bytes([HEADER, *ROWS]))
    job = RegisterImportJob.objects.get()
    import_register.call(job.pk)
    jobs.confirm(job)
    # The worker was killed while importing: the job says running, its transaction is gone.
    RegisterImportJob.objects.filter(pk=job.pk).update(status=Status.RUNNING, rows=2)
    assert import_register.call(job.pk) == "done"
    assert Application.objects.count() == 3


def test_a_failed_import_changes_nothing_and_keeps_no_file(clerk, agency) -> None:
    from .conftest import add_applications

    add_applications(agency, [("2023-002", "natural_person", "2023-01-05", None, "")])
    before = list(Application.objects.values_list("reference", "content", "updated_at"))
    rows = [list(r) for r in ROWS]
    rows[2][2] = "明天"
    response = upload(clerk, agency, xlsx_bytes([HEADER, *rows]), follow=True)
    job = response.context["job"]
    assert job.status == Status.FAILED
    assert [(p["line"], p["column"]) for p in job.problems] == [(4, "收到日期")]
    assert 'name="confirm"' not in response.content.decode()
    assert list(Application.objects.values_list("reference", "content", "updated_at")) == before
    assert not job.stored_file and not jobs.import_storage().listdir(jobs.FOLDER)[1]


def test_only_the_uploader_sees_a_job(clerk, agency, django_user_model) -> None:
    response = upload(clerk, agency, xlsx_bytes([HEADER, *ROWS]))
    other = staff_client(django_user_model, agency, personal=False, name="other")
    assert other.get(response.url).status_code == 404
    job = RegisterImportJob.objects.get()
    assert (
        other.get(url("import_job_status", register="applications", job_id=job.pk)).status_code
        == 404
    )
    assert other.post(response.url, {"confirm": ""}).status_code == 404
    assert Application.objects.count() == 0


def test_cancel_deletes_the_upload(clerk, agency) -> None:
    response = upload(clerk, agency, csv_bytes([HEADER, *ROWS], "gb18030"), "登记表.csv")
    job = RegisterImportJob.objects.get()
    name = job.stored_file
    clerk.post(response.url, {"cancel": ""})
    assert not RegisterImportJob.objects.exists()
    assert not jobs.import_storage().exists(name)
    assert Application.objects.count() == 0


def test_progress_is_written_outside_the_import_transaction(agency, monkeypatch) -> None:
    """The progress writer uses its own connection: what it writes is not rolled back."""
    job = RegisterImportJob.objects.create(register="applications", agency=agency, filename="x")
    writes = []

    class Cursor:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def execute(self, sql, params):
            writes.append((sql, params))

    class Connection:
        ops = __import__("django.db", fromlist=["connection"]).connection.ops

        def cursor(self):
            return Cursor()

        def close(self):
            writes.append("closed")

    created = []
    monkeypatch.setattr(
        jobs.connections, "create_connection", lambda alias: created.append(alias) or Connection()
    )
    writer = jobs.ProgressWriter(job)
    writer.enabled = True
    writer(2000, 0.5)
    writer(4000, 0.9)  # within the interval: not written
    writer.close()
    assert created == ["default"]
    (sql, params), closed = writes
    assert sql.startswith("UPDATE") and params[:2] == [2000, 50] and params[-1] == job.pk
    assert closed == "closed"


@override_settings(TASKS=DUMMY_TASKS)
def test_a_job_whose_upload_is_gone_fails_with_a_message(clerk, agency) -> None:
    upload(clerk, agency, xlsx_bytes([HEADER, *ROWS]))
    job = RegisterImportJob.objects.get()
    jobs.import_storage().delete(job.stored_file)
    assert import_register.call(job.pk) == "failed"
    job.refresh_from_db()
    assert [p["message"] for p in job.problems] == ["待导入的文件已过期，请重新上传。"]
    assert Application.objects.count() == 0


@pytest.mark.postgres
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs a second writer during the import (DATABASE_URL=postgres://...)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_admin_shows_progress_while_a_worker_imports(
    django_user_model, monkeypatch, tmp_path
) -> None:
    """A worker thread imports 4,500 rows; mid-way the admin's status view shows its rows."""
    import datetime
    import threading

    from django.db import connections
    from wagtail.models import Page

    from .conftest import make_column

    # A transactional test may start from a flushed database: the tree's root made here then.
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    agency = make_column(root, "嘉祥县科学技术局", 1)
    clerk = staff_client(django_user_model, agency, personal=False, name="clerk")
    rows = [
        [f"2023-{n:05}", datetime.date(2023, 3, 1), "自然人", f"文件{n}"] for n in range(1, 4501)
    ]
    with override_settings(TASKS=DUMMY_TASKS):
        upload(
            clerk,
            agency,
            xlsx_bytes([["登记编号", "收到申请日期", "申请人类型", "申请内容"], *rows]),
        )
        job = RegisterImportJob.objects.get()
        assert import_register.call(job.pk) == "checked"
        jobs.confirm(job)  # enqueued, not run: the worker below runs it

    monkeypatch.setattr(jobs, "PROGRESS_INTERVAL", 0)
    written, release = threading.Event(), threading.Event()
    record = jobs.ProgressWriter.__call__

    def pausing(self, rows: int, fraction: float) -> None:
        record(self, rows, fraction)
        if not written.is_set():
            written.set()
            release.wait(timeout=60)  # the import holds its transaction open meanwhile

    monkeypatch.setattr(jobs.ProgressWriter, "__call__", pausing)
    outcome: list[str] = []

    def worker() -> None:
        try:
            outcome.append(import_register.call(job.pk))
        except BaseException as error:  # pragma: no cover - reported below
            outcome.append(repr(error))
            written.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert written.wait(timeout=120) and not outcome, outcome
        status_url = url("import_job_status", register="applications", job_id=job.pk)
        status = clerk.get(status_url).json()
        assert status["status"] == "running" and status["confirmed"]
        assert status["rows"] == 2000 and 0 < status["progress"] < 100
        assert Application.objects.count() == 0  # nothing visible before the commit
    finally:
        release.set()
        thread.join(timeout=300)
    assert outcome == ["done"]
    assert clerk.get(status_url).json()["rows"] == 4500
    assert Application.objects.filter(agency=agency).count() == 4500


@override_settings(TASKS=DUMMY_TASKS)
def test_an_unexpected_error_ends_the_job_instead_of_leaving_it_running(
    clerk, agency, monkeypatch
) -> None:
    upload(clerk, agency, xlsx_bytes([HEADER, *ROWS]))
    job = RegisterImportJob.objects.get()

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(jobs.RegisterImport, "run", broken)
    with pytest.raises(RuntimeError):
        import_register.call(job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.finished
    assert "服务器出错" in job.problems[0]["message"]
    assert Application.objects.count() == 0
