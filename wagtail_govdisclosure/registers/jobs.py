"""Register imports as background tasks: the upload, the task's work, its progress.

The admin stores the upload in a storage and records a :class:`~.models.RegisterImportJob`;
the task :func:`.tasks.import_register` (run by the portal's task backend, in a worker
or at once) checks the file, and after the clerk's confirmation imports it. Everything
the task needs is in the job's row and the stored file, nothing in a process's memory,
so any worker can run it and any server can show it.

The import itself stays all-or-nothing: it runs in one transaction. Its progress is
written on a second database connection, outside that transaction, so that the admin
sees it while the import runs (on SQLite, which allows one writer at a time, progress
shows when each phase ends).
"""

from __future__ import annotations

import datetime
import logging
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Application, RegisterImportJob
from .resources import RESOURCES, ImportReport, Problem, RegisterImport
from .views import REGISTERS

logger = logging.getLogger(__name__)

#: The storage alias (``STORAGES``) uploads wait in; a private one in production.
STORAGE_SETTING = "WAGTAIL_GOVDISCLOSURE_REGISTERS_IMPORT_STORAGE"
#: The folder of the storage uploads wait in.
FOLDER = "govdisclosure-register-imports"
#: Rows shown in the preview of a checked file.
PREVIEW_ROWS = 50
#: A job not confirmed (or not finished) after this long is deleted with its file.
LIFETIME = datetime.timedelta(hours=24)
#: Seconds between two progress writes.
PROGRESS_INTERVAL = 0.5

Status = RegisterImportJob.Status


def import_storage() -> Storage:
    return storages[getattr(settings, STORAGE_SETTING, "default")]


def delete_expired() -> None:
    """Uploads hold personal data: drop the jobs (and files) nobody finished in time."""
    expired = RegisterImportJob.objects.filter(created_at__lt=timezone.now() - LIFETIME)
    for job in expired.exclude(stored_file=""):
        _delete_file(job)
    expired.delete()


def _delete_file(job: RegisterImportJob) -> None:
    if job.stored_file:
        try:
            import_storage().delete(job.stored_file)
        except OSError:
            logger.warning("Could not delete the register upload %s.", job.stored_file)
        job.stored_file = ""


def create_job(
    register: str,
    agency: Any,
    user: Any,
    upload: IO[bytes],
    filename: str,
    *,
    include_personal: bool,
) -> RegisterImportJob:
    """Store ``upload`` and record the job that will check it (not yet enqueued)."""
    delete_expired()
    extension = os.path.splitext(filename)[1].lower()
    if extension not in (".xlsx", ".csv", ".txt", ".xls", ".et"):
        extension = ""
    name = f"{FOLDER}/{secrets.token_hex(16)}{extension}"
    stored = import_storage().save(name, upload)
    return RegisterImportJob.objects.create(
        register=register,
        agency=agency,
        user=user,
        filename=filename[:255],
        stored_file=stored,
        include_personal=include_personal,
        language=translation.get_language() or "",
    )


def enqueue(job: RegisterImportJob) -> None:
    """Hand the job to the task backend (which may run it at once)."""
    from .tasks import import_register

    import_register.enqueue(job.pk)


def confirm(job: RegisterImportJob) -> None:
    """The clerk confirmed a checked file: import it."""
    updated = RegisterImportJob.objects.filter(pk=job.pk, status=Status.CHECKED).update(
        confirmed=True, status=Status.QUEUED, progress=0, rows=0, updated_at=timezone.now()
    )
    if updated:
        enqueue(job)


def cancel(job: RegisterImportJob) -> None:
    _delete_file(job)
    job.delete()


# --- the task's work ----------------------------------------------------------------


class ProgressWriter:
    """Writes a job's progress on its own connection, outside the import's transaction."""

    def __init__(self, job: RegisterImportJob):
        self.job_id = job.pk
        self.last = 0.0
        self.connection = None
        self.enabled = connections[DEFAULT_DB_ALIAS].vendor != "sqlite"

    def __call__(self, rows: int, fraction: float) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < PROGRESS_INTERVAL:
            return
        self.last = now
        table = RegisterImportJob._meta.db_table
        try:
            if self.connection is None:
                self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
            ops = self.connection.ops
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ops.quote_name(table)} SET rows = %s, progress = %s, "
                    f"updated_at = %s WHERE id = %s",
                    [
                        rows,
                        min(int(fraction * 100), 99),
                        ops.adapt_datetimefield_value(timezone.now()),
                        self.job_id,
                    ],
                )
        except DatabaseError:
            # Progress is a courtesy: never fail an import for it.
            logger.warning("Could not record the progress of register import %s.", self.job_id)
            self.enabled = False

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


@contextmanager
def _opened(name: str) -> Iterator[IO[bytes]]:
    """The stored upload as a file that can seek (a workbook is read from anywhere in it)."""
    with import_storage().open(name, "rb") as handle:
        seekable = getattr(handle, "seekable", None)
        if seekable is not None and seekable():
            yield handle
            return
        with tempfile.TemporaryFile() as copy:
            shutil.copyfileobj(handle, copy)
            copy.seek(0)
            yield copy


def _problem(problem: Problem) -> dict[str, Any]:
    return {"line": problem.line, "column": problem.column, "message": problem.message}


def render_preview(model: type, report: ImportReport) -> dict[str, Any]:
    """The preview table as text: the file's columns, each row as it will be saved."""
    resource = RESOURCES[model]()
    columns = [c for c in resource.register_columns if c.key in report.columns]
    if model is Application:
        columns.append(next(c for c in resource.register_columns if c.key == "reply_deadline"))
    rows = [
        [line, [str(resource.fields[c.key].export(instance)) for c in columns]]
        for line, instance in report.preview
    ]
    return {
        "columns": [c.header for c in columns],
        "rows": rows,
        "more": max(report.rows - len(rows), 0),
    }


def run_job(job_id: int) -> str:
    """Check (or, once confirmed, import) the job's file; return the job's new status."""
    job = RegisterImportJob.objects.filter(pk=job_id).select_related("agency").first()
    if job is None:
        return "missing"
    if job.status not in (Status.QUEUED, Status.RUNNING):
        # Already finished (a task run twice): never import a file twice.
        return job.status
    # RUNNING again means a worker died mid-task: its transaction was rolled back, so
    # running the job again from the start loses and doubles nothing.
    RegisterImportJob.objects.filter(pk=job.pk).update(
        status=Status.RUNNING, rows=0, progress=0, updated_at=timezone.now()
    )
    with translation.override(job.language or settings.LANGUAGE_CODE):
        importer = RegisterImport(
            REGISTERS[job.register], job.agency, include_personal=job.include_personal
        )
        progress = ProgressWriter(job)
        try:
            with _opened(job.stored_file) as source:
                report = importer.run(
                    source,
                    job.filename,
                    dry_run=not job.confirmed,
                    preview_rows=0 if job.confirmed else PREVIEW_ROWS,
                    progress=progress,
                )
        except FileNotFoundError:
            # The upload was deleted (expired, or cancelled meanwhile).
            report = ImportReport(
                problems=[Problem(_("The file to import has expired: please upload it again."))]
            )
        except Exception:
            # Whatever went wrong was rolled back; the page must not wait for ever.
            logger.exception("Register import %s failed.", job.pk)
            RegisterImportJob.objects.filter(pk=job.pk).update(
                status=Status.FAILED,
                problems=[
                    _problem(
                        Problem(
                            _(
                                "The file could not be imported because of an error on the "
                                "server; nothing was saved. Try again later, or tell the "
                                "portal's administrators."
                            )
                        )
                    )
                ],
                finished_at=timezone.now(),
            )
            raise
        finally:
            progress.close()
        job.rows = report.rows
        job.new, job.updated = report.new, report.updated
        job.problems = [_problem(p) for p in report.problems]
        job.notices = [str(n) for n in report.notices]
        job.file_format, job.encoding = report.file_format, report.encoding
        job.progress = 100
        if report.problems:
            job.status = Status.FAILED
        elif job.confirmed:
            job.status = Status.DONE
        else:
            job.status = Status.CHECKED
            job.preview = render_preview(REGISTERS[job.register], report)
    if job.status != Status.CHECKED:
        # Imported or refused: the upload (personal data) and its preview go.
        _delete_file(job)
        job.preview = {}
        job.finished_at = timezone.now()
    job.save()
    return job.status
