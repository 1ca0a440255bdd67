"""``make test-deployment``: the column on two application servers, a worker, Redis and S3.

Starts the reference deployment of :mod:`stack` on 127.0.0.1 (PostgreSQL, Redis, moto's
S3 server, gunicorn servers A and B, one task worker), loads the demo portal, runs every
step of :data:`STEPS` in order against it, stops every process it started, and ends with
``deployment: <n> passed, <m> failed`` (exit status 1 on any failure).

A step is a function ``step(stack)`` registered with ``@step``; it raises
``AssertionError`` (or any error) to fail. This process talks to the servers over HTTP
and reads the shared database and bucket the way an operator would, to see what the
servers and the worker did.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]

from stack import ROOT, WORKER_ID, Stack  # noqa: E402

sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]

STEPS: list[Callable[[Stack], None]] = []
PDF_TASK = "wagtail_govdisclosure.tasks.make_published_pdf"


def step(function: Callable[[Stack], None]) -> Callable[[Stack], None]:
    """Register a step of the deployment test (run in the order of registration)."""
    STEPS.append(function)
    return function


def wait_until(check: Callable[[], object], what: str, timeout: float = 180) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def admin_session(stack: Stack, server: str):
    """A ``requests`` session logged in to the admin of ``server`` as the demo's admin."""
    import requests

    session = requests.Session()
    login = stack.url(server, "/admin/login/")
    session.get(login, timeout=30)
    response = session.post(
        login,
        data={
            "username": "admin",
            "password": "govdisclosure-demo",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, f"login on {server}: {response.status_code}"
    return session


def post(session, url: str, data: dict[str, str]):
    data = {**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]}
    return session.post(url, data=data, allow_redirects=False, timeout=120)


def pdf_tasks_of(page_ids: list[int]):
    from django_tasks_db.models import DBTaskResult

    return [
        result
        for result in DBTaskResult.objects.filter(task_path=PDF_TASK)
        if result.args_kwargs["args"][:1] and result.args_kwargs["args"][0] in page_ids
    ]


# --- the steps --------------------------------------------------------------------------


@step
def both_servers_serve_the_column(stack: Stack) -> None:
    """The column's home, a report and the notice list answer 200 on A and on B."""
    import requests

    from wagtail_govdisclosure.models import AnnualReportPage, DisclosureIndexPage, NoticeIndexPage

    paths = [
        DisclosureIndexPage.objects.live().first().url,
        AnnualReportPage.objects.live().first().url,
        NoticeIndexPage.objects.live().first().url,
    ]
    for server in ("A", "B"):
        for path in paths:
            response = requests.get(stack.url(server, path), timeout=60)
            assert response.status_code == 200, (server, path, response.status_code)


@step
def publish_on_a_the_worker_makes_the_pdf_b_serves_it(stack: Stack) -> None:
    """Publish a report in A's editor; the worker stores its PDF in S3; B serves it."""
    import requests

    from tests.reports.forms import report_form_data
    from wagtail_govdisclosure.models import AnnualReportPage
    from wagtail_govdisclosure.pdf.records import StoredPdfRecord

    page = AnnualReportPage.objects.live().order_by("pk").first()
    page.unpublish()  # as if never published: no PDF, nothing served
    assert requests.get(stack.url("B", f"{page.url}report.pdf"), timeout=60).status_code == 404
    document = page.get_latest_revision_as_object().get_document()
    session = admin_session(stack, "A")
    response = post(
        session,
        stack.url("A", f"/admin/pages/{page.pk}/edit/"),
        report_form_data(document, title=page.title, slug=page.slug, action="action-publish"),
    )
    assert response.status_code == 302, f"publish on A: {response.status_code}"
    page.refresh_from_db()
    assert page.live

    [task] = wait_until(
        lambda: [t for t in pdf_tasks_of([page.pk]) if t.status == "SUCCESSFUL"],
        "the worker to make the PDF",
    )
    assert task.worker_ids == [WORKER_ID]
    record = StoredPdfRecord.objects.get(page=page, revision_id=page.live_revision_id)
    assert stack.bucket_names(f"govdisclosure/pdf/{page.pk}/") == [record.name]

    response = requests.get(stack.url("B", f"{page.url}report.pdf"), timeout=60)
    assert response.status_code == 200, response.status_code
    assert response.content.startswith(b"%PDF-")
    assert response.headers["ETag"] == f'"{record.fingerprint}"'
    assert len(response.content) == record.size
    # Served from the bucket: no server rendered it again.
    assert StoredPdfRecord.objects.filter(page=page).count() == 1


@step
def unpublish_on_b_gone_on_a_at_once(stack: Stack) -> None:
    """Unpublish the report in B's editor: A answers 404 for its page and its PDF at once."""
    import requests

    from wagtail_govdisclosure.models import AnnualReportPage

    page = AnnualReportPage.objects.live().order_by("pk").first()
    pdf = stack.url("A", f"{page.url}report.pdf")
    assert requests.get(pdf, timeout=60).status_code == 200
    session = admin_session(stack, "B")
    response = post(session, stack.url("B", f"/admin/pages/{page.pk}/unpublish/"), {})
    assert response.status_code == 302, f"unpublish on B: {response.status_code}"
    assert requests.get(stack.url("A", page.url), timeout=60).status_code == 404
    assert requests.get(pdf, timeout=60).status_code == 404
    assert stack.bucket_names(f"govdisclosure/pdf/{page.pk}/") == []


@step
def a_killed_worker_s_task_finishes_after_a_restart(stack: Stack) -> None:
    """Kill the worker mid-task; after its restart every task finishes once, nothing lost."""
    import requests

    from wagtail_govdisclosure.models import AnnualReportPage, DisclosureGuidePage
    from wagtail_govdisclosure.pdf.records import StoredPdfRecord
    from wagtail_govdisclosure.pdf.storage import delete_pdfs
    from wagtail_govdisclosure.tasks import make_published_pdf

    pages = [*AnnualReportPage.objects.live(), *DisclosureGuidePage.objects.live()]
    page_ids = [page.pk for page in pages]
    assert len(page_ids) >= 3, page_ids
    for page_id in page_ids:
        delete_pdfs(page_id)
    before = {task.pk for task in pdf_tasks_of(page_ids)}
    enqueued = [make_published_pdf.enqueue(page_id).id for page_id in page_ids]

    def ours():
        return [task for task in pdf_tasks_of(page_ids) if task.pk not in before]

    [running] = wait_until(
        lambda: [task for task in ours() if task.status == "RUNNING"][:1], "a running task", 120
    )
    stack.stop("worker", signal.SIGKILL)
    running.refresh_from_db()
    assert running.status == "RUNNING"  # abandoned: nobody will finish it but a restart

    stack.start_worker()
    wait_until(
        lambda: all(task.status == "SUCCESSFUL" for task in ours()), "every task to finish", 240
    )
    tasks = ours()
    assert sorted(str(task.pk) for task in tasks) == sorted(str(i) for i in enqueued)
    assert not [task for task in tasks if task.status == "FAILED"]
    running.refresh_from_db()
    assert running.worker_ids == [WORKER_ID, WORKER_ID]
    for page in pages:
        records = list(StoredPdfRecord.objects.filter(page_id=page.pk))
        assert len(records) == 1, (page.pk, records)
        assert stack.bucket_names(f"govdisclosure/pdf/{page.pk}/") == [records[0].name]
        suffix = "report.pdf" if isinstance(page, AnnualReportPage) else "guide.pdf"
        response = requests.get(stack.url("B", f"{page.url}{suffix}"), timeout=60)
        assert response.status_code == 200 and response.content.startswith(b"%PDF-")


# --- running them -----------------------------------------------------------------------


def main() -> int:
    started = time.monotonic()
    stack = Stack()
    os.environ.update(stack.environment)
    passed = failed = 0
    with stack:
        import django

        django.setup()
        print(f"deployment: up in {time.monotonic() - started:.0f} s (logs in {stack.logs})")
        for function in STEPS:
            began = time.monotonic()
            try:
                function(stack)
            except Exception:
                failed += 1
                print(f"FAIL {function.__name__} ({time.monotonic() - began:.1f} s)")
                traceback.print_exc()
            else:
                passed += 1
                print(f"ok   {function.__name__} ({time.monotonic() - began:.1f} s)")
    print(f"deployment: {passed} passed, {failed} failed ({time.monotonic() - started:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
