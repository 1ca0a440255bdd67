"""The PDF's URLs as wired in the app: ``<report page URL>report.pdf`` and the admin preview.

They need the report page's ``report.pdf`` route (``RoutablePageMixin``, calling
``wagtail_govdisclosure.pdf.views.serve_report_pdf``) and the app's ``wagtail_hooks``
importing ``wagtail_govdisclosure.pdf.hooks`` (the preview's admin URL).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.reports.conftest import make_report
from wagtail_govdisclosure.pdf.views import PREVIEW_URL_NAME, pdf_url

from .conftest import REPO, page_texts, squeeze, with_overview

pytestmark = pytest.mark.django_db


def test_the_public_pdf_url(client, report, renders):
    response = client.get(f"{report.url}report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert "已发布的内容" in squeeze("".join(page_texts(body)))
    assert client.get(f"{report.url}report.pdf").status_code == 200
    assert renders == [1]


def test_a_draft_pdf_url_is_404_to_anonymous_visitors(client, report_index, media, renders):
    draft = make_report(report_index, with_overview("草稿内容"))
    assert client.get(f"{draft.url or '/'}report.pdf").status_code == 404
    assert client.get(f"{report_index.url}{draft.slug}/report.pdf").status_code == 404
    assert renders == []


def test_pdf_urls_of_other_pages_private_reports_and_unicode_slugs(
    client, report, report_index, renders
):
    assert client.get(f"{report_index.url}report.pdf").status_code == 404
    assert client.get(f"{report.url}extra/report.pdf").status_code == 404
    PageViewRestriction.objects.create(page=report, restriction_type="password", password="mima")
    # Not the password form of the page: the PDF of a private report does not exist publicly.
    assert client.get(f"{report.url}report.pdf").status_code == 404

    chinese = make_report(report_index, with_overview("中文路径", year=2021), slug="年报2021")
    chinese.get_latest_revision().publish()
    chinese.refresh_from_db()
    response = client.get(pdf_url(chinese))
    assert response.status_code == 200
    assert "中文路径" in squeeze("".join(page_texts(b"".join(response.streaming_content))))
    assert renders == [1]


def test_the_preview_url_needs_an_admin_login_and_the_edit_permission(
    client, report, django_user_model
):
    url = reverse(PREVIEW_URL_NAME, args=[report.pk])
    assert url == f"/admin/govdisclosure/reports/{report.pk}/preview.pdf"

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("wagtailadmin_login"))

    visitor = django_user_model.objects.create_user("fangke", password="x")
    client.force_login(visitor)
    assert client.get(url).status_code in (302, 403)

    editor = django_user_model.objects.create_superuser("bianji", password="x")
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_the_app_wires_the_preview_url_and_the_publication_signals():
    # In a fresh interpreter: this test session imported the modules itself.
    script = (
        "import django; django.setup()\n"
        "from django.urls import reverse\n"
        "from wagtail.signals import page_published\n"
        "from wagtail_govdisclosure.models import AnnualReportPage\n"
        "print(reverse('wagtail_govdisclosure_report_pdf_preview', args=[7]))\n"
        "import sys\n"
        "print('wagtail_govdisclosure.pdf.signals' in sys.modules)\n"
        "print(page_published.has_listeners(AnnualReportPage))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'example_site'}"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["/admin/govdisclosure/reports/7/preview.pdf", "True", "True"]


def test_the_page_editor_offers_the_preview(admin_client, report):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[report.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/admin/govdisclosure/reports/{report.pk}/preview.pdf"' in html
    assert "预览 PDF" in html
