"""The editor guide in the admin: in Chinese, with its screenshots, linked from the report."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from wagtail_govdisclosure.views.editor_guide import guide_url, render_guide

from ..reports.conftest import make_report, wrong_document

pytestmark = pytest.mark.django_db


def test_guide_renders_with_its_screenshots(admin_client):
    response = admin_client.get(guide_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h2>一、打开报告的统计表</h2>" in content
    assert "空白单元格填 0" in content
    image = reverse("wagtail_govdisclosure_guide:image", kwargs={"name": "editor-grid.png"})
    assert f'<img src="{image}"' in content
    served = admin_client.get(image)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


def test_guide_is_for_signed_in_editors_and_serves_no_other_file(client, admin_client):
    assert client.get(guide_url()).status_code == 302  # to the admin's login
    for name in ("editor-grid.jpg", "nothing-here.png", "..settings.png"):
        assert admin_client.get(guide_url() + "images/" + name).status_code == 404
    # A path out of the folder never reaches the file (Django redirects or refuses it).
    assert admin_client.get(guide_url() + "images/..%2Fsettings.py").status_code != 200


def test_markdown_text_is_escaped():
    html = render_guide("**粗体** <script>x</script> `code`\n\n![x](../../etc/passwd)", str)
    assert "<strong>粗体</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<code>code</code>" in html
    assert "passwd" not in html


def test_report_editor_links_to_the_guide(admin_client, report_index):
    report = make_report(report_index, wrong_document())
    with translation.override("zh-hans"):
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[report.pk]))
    content = response.content.decode()
    assert f'href="{guide_url()}">编辑指南</a>' in content
