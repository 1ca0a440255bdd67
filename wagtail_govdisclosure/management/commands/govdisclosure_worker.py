"""The portal's background task worker (django-tasks-db's ``db_worker``), safely restartable.

``db_worker`` marks a task it takes as running; a worker that is killed (out of memory,
a deployment, a lost machine) leaves that task running forever. This command gives each
worker a stable name (``--worker-id``, one per worker process of the deployment): on start
it first puts the tasks that a previous run under the same name left running back in
the queue, then works as ``db_worker``. The tasks of this portal are idempotent, so a task
run again after a kill finishes once, with nothing lost or doubled.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Run the task worker (django-tasks-db's db_worker) under a stable worker id, after "
        "putting back in the queue the tasks a killed run under the same id left running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--worker-id",
            required=True,
            help="A name unique in the deployment and stable across restarts, e.g. worker-1.",
        )
        parser.add_argument("--queue-name", default="*", help="Queues to work on ('*': all).")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument("--batch", action="store_true", help="Exit when the queue is empty.")
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--backend", default="default", help="The TASKS alias.")

    def handle(self, *args: Any, **options: Any) -> None:
        requeued = requeue_abandoned(options["worker_id"], options["backend"])
        if requeued:
            self.stdout.write(
                f"Put back in the queue {requeued} task(s) left running by {options['worker_id']}."
            )
        worker_options: dict[str, Any] = {
            "worker_id": options["worker_id"],
            "queue_name": options["queue_name"],
            "interval": options["interval"],
            "batch": options["batch"],
            "backend_name": options["backend"],
            "reload": False,
            "startup_delay": False,
            "verbosity": options["verbosity"],
        }
        if options["max_tasks"]:
            worker_options["max_tasks"] = options["max_tasks"]
        call_command("db_worker", **worker_options)


def requeue_abandoned(worker_id: str, backend: str = "default") -> int:
    """Put the tasks last claimed by ``worker_id`` and still marked running back in the queue.

    Only called when that worker is (re)starting, so none of them is really running.
    """
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update().filter(
            status=TaskResultStatus.RUNNING, backend_name=backend
        )
        abandoned = [
            result.pk
            for result in running
            if result.worker_ids and result.worker_ids[-1] == worker_id
        ]
        DBTaskResult.objects.filter(pk__in=abandoned).update(
            status=TaskResultStatus.READY, started_at=None
        )
    return len(abandoned)
