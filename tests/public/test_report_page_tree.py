"""The public report page shows its column's tree with 政府信息公开年报 marked as its place."""

from __future__ import annotations

import re

from django.test import Client


def test_report_page_marks_the_report_archive(published_report, report_index) -> None:
    client = Client()
    html = client.get(published_report.url).content.decode()
    start = html.index('<nav class="gd-tree"')
    nav = html[start : html.index("</nav>", start)]
    links = re.findall(
        r'class="gd-tree__link" href="([^"]+)"(?: aria-current="([^"]+)")?>([^<]+)<', nav
    )
    assert [(href, current) for href, current, _ in links] == [(report_index.url, "true")]
    assert client.get(report_index.url).status_code == 200
