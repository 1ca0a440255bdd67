"""A clerk imports a register in Chromium: the task's progress page follows it by itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from wagtail_govdisclosure.registers.models import Application, RegisterImportJob
from wagtail_govdisclosure.registers.tasks import import_register

from ..registers.conftest import make_column
from ..registers.files import xlsx_bytes
from ..registers.test_import import HEADER, ROWS
from .test_grid_editor import default_root

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_import_through_a_worker_with_the_page_polling(
    page: Any, live_server: Any, settings: Any, screenshot: Any, tmp_path: Path
) -> None:
    # The task waits for a worker (the dummy backend keeps it): the test is the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None
    agency = make_column(default_root(), "嘉祥县科学技术局", 1)
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    path = tmp_path / "2023年依申请公开登记表.xlsx"
    path.write_bytes(xlsx_bytes([HEADER, *ROWS], title="2023年依申请公开登记表"))

    page.goto("/admin/govdisclosure-registers/applications/import/")
    page.select_option("select[name=agency]", str(agency.pk))
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="检查文件").click()
    page.wait_for_selector("progress")
    screenshot("registers-import-1-waiting")

    job = RegisterImportJob.objects.get()
    assert import_register.call(job.pk) == "checked"
    # The page polls the status view and shows the preview without a click.
    page.wait_for_selector("#import-preview-heading", timeout=15_000)
    screenshot("registers-import-2-preview")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("registers-import-2-preview-390px")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="导入", exact=True).click()
    page.wait_for_selector("progress")
    assert import_register.call(job.pk) == "done"
    page.wait_for_selector("#import-done-heading", timeout=15_000)
    screenshot("registers-import-3-done")
    assert Application.objects.filter(agency=agency).count() == 3
    assert errors == []
