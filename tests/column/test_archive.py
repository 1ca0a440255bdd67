"""The report archive: every live report, its PDF slot, and the applications trend chart."""

from __future__ import annotations

import re
from decimal import Decimal

from django.test import Client

from tests.reports.conftest import correct_document, force_live, make_report
from wagtail_govdisclosure.formats import CURRENT
from wagtail_govdisclosure.models import AnnualReportIndexPage
from wagtail_govdisclosure.trend import (
    TREND_CELLS,
    ReportFigures,
    build_chart,
    nice_step,
    series_label,
)

from .conftest import publish


def test_series_labels_come_from_the_declaration() -> None:
    labels = [series_label(CURRENT, ref) for ref in TREND_CELLS]
    assert labels[0] == CURRENT.table("applications").row("received").label
    assert labels[1].endswith(CURRENT.table("applications").row("handled_total").label)
    assert labels[1].startswith("三、")  # the row group above （七）总计


def test_chart_geometry() -> None:
    chart = build_chart(
        ["a", "b", "c"],
        [
            ReportFigures(2023, "/2023/", "r", (10, 8, 2)),
            ReportFigures(2022, "/2022/", "r", (4, None, Decimal(0))),
        ],
    )
    assert [r.year for r in chart.reports] == [2022, 2023]  # oldest first
    assert len(chart.bars) == 5  # the blank value draws no bar
    tallest = max(chart.bars, key=lambda bar: bar.height)
    assert tallest.value == 10 and tallest.y == chart.ticks[-1][0]
    assert [value for _y, value in chart.ticks] == [0, 2, 4, 6, 8, 10]
    assert "2022：a 4，b —，c 0" in chart.description
    assert nice_step(3) == 1 and nice_step(37) == 10 and nice_step(1234) == 500


def test_archive_page_lists_reports_and_draws_the_trend(column) -> None:
    index = publish(
        column.add_child(instance=AnnualReportIndexPage(title="政府信息公开年报", slug="nianbao"))
    )
    reports = []
    for year in (2021, 2022):
        document = correct_document(year)
        document.agency = column.agency_name
        report = make_report(index, document)
        force_live(report)
        reports.append(report)
    draft = make_report(index, correct_document(2023))  # not live: not listed, not charted

    html = Client().get(index.url).content.decode()
    for report in reports:
        assert report.url in html
    assert draft.url not in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "2021：" in svg and "2022：" in svg and "2023：" not in svg
    assert len(re.findall(r'<rect class="gd-trend__bar', svg)) == 6
    table = html[html.index('<table class="gd-data-table"') :]
    rows = re.findall(
        r"<tr>\s*<th scope=\"row\"><a href=\"[^\"]+\">(\d+)</a></th>(.*?)</tr>", table, re.S
    )
    values = {year: re.findall(r"<td>(\S+?)</td>", cells) for year, cells in rows}
    assert values == {"2021": ["3", "3", "0"], "2022": ["3", "3", "0"]}


def test_pdf_link(column, monkeypatch) -> None:
    """Each report links its PDF when it has one (``pdf_url``/``pdf_size`` of the report page)."""
    from wagtail_govdisclosure.models import AnnualReportPage

    index = publish(column.add_child(instance=AnnualReportIndexPage(title="年报", slug="nianbao")))
    report = make_report(index, correct_document(2022))
    force_live(report)
    monkeypatch.setattr(AnnualReportPage, "pdf_url", lambda self: "", raising=False)
    assert "gd-report-list__pdf" not in Client().get(index.url).content.decode()
    monkeypatch.setattr(AnnualReportPage, "pdf_url", lambda self: f"{self.url}report.pdf")
    monkeypatch.setattr(AnnualReportPage, "pdf_size", lambda self: 417 * 1024, raising=False)
    html = Client().get(index.url).content.decode()
    assert f'href="{report.url}report.pdf"' in html
    assert "417" in html[html.index("gd-report-list__pdf") :]
