"""Background tasks of the registers (django-tasks; ``django.tasks`` on Django 6).

The portal's ``TASKS`` setting chooses the backend: a database backend with a worker
in production, the immediate backend (the task runs in the request) where none is
configured. Arguments are ids only: the task reads everything else from the database
and the storage, so any worker process can run it.
"""

from __future__ import annotations

from django_tasks import task

from . import jobs


@task()
def import_register(job_id: int) -> str:
    """Check or import the file of the :class:`~.models.RegisterImportJob` ``job_id``."""
    return jobs.run_job(job_id)
