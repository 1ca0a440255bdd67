"""The trend of applications across an agency's annual reports, laid out as an SVG bar chart.

Pure Python: the figures come from each report's tables (the cells named in
:data:`TREND_CELLS`, labelled from the format declaration), the geometry is
computed here and the template only draws it — no chart library, no script.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .formats import ReportFormat
from .formats.values import read_cell
from .interchange import Tables

#: The cells the chart shows, as ``table.row.column`` references of the declaration:
#: applications received, handled and carried over to the next year (totals).
TREND_CELLS = (
    "applications.received.total",
    "applications.handled_total.total",
    "applications.carried_over_out.total",
)

# Chart geometry, in SVG user units (the chart scales to its container).
WIDTH = 720
HEIGHT = 320
MARGIN_LEFT = 64
MARGIN_RIGHT = 16
MARGIN_TOP = 16
MARGIN_BOTTOM = 40
TICKS = 5


@dataclass(frozen=True)
class ReportFigures:
    """One report's figures for the chart: its year, URL and one value (or ``None``) per series."""

    year: int
    url: str
    title: str
    values: tuple[int | Decimal | None, ...]


@dataclass
class Bar:
    series: int
    x: float
    y: float
    width: float
    height: float
    value: int | Decimal


@dataclass
class TrendChart:
    """Everything the template draws: labels, rows of the data table, bars, axes."""

    labels: list[str]
    reports: list[ReportFigures]
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, int]] = field(default_factory=list)
    year_labels: list[tuple[float, int]] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = MARGIN_LEFT
    plot_right: int = WIDTH - MARGIN_RIGHT
    plot_bottom: int = HEIGHT - MARGIN_BOTTOM

    @property
    def description(self) -> str:
        """The chart's figures in words, for its ``<desc>`` (one sentence per year)."""
        parts = []
        for report in self.reports:
            values = "，".join(
                f"{label} {'—' if value is None else value}"
                for label, value in zip(self.labels, report.values, strict=True)
            )
            parts.append(f"{report.year}：{values}")
        return "；".join(parts) + "。"


def series_label(report_format: ReportFormat, ref: str) -> str:
    """A cell's row label after the row groups above it: 三、本年度办理结果（七）总计."""
    table_key, row_key, _column = ref.split(".")
    table = report_format.table(table_key)
    band = table.band_of(row_key)
    return "".join((*band.row_path(row_key), table.row(row_key).label))


def read_figures(report_format: ReportFormat, tables: Tables) -> tuple[int | Decimal | None, ...]:
    """The values of :data:`TREND_CELLS` in ``tables`` (``None`` for blank or unreadable cells)."""
    values: list[int | Decimal | None] = []
    for ref in TREND_CELLS:
        table_key, row_key, column_key = ref.split(".")
        try:
            cell = report_format.table(table_key).cell(row_key, column_key)
            raw = tables[table_key][row_key][column_key]
        except KeyError:
            values.append(None)
            continue
        reading = read_cell(raw, cell.column)
        values.append(reading.value if reading.ok else None)
    return tuple(values)


def nice_step(maximum: float, ticks: int = TICKS) -> int:
    """A round step (1, 2 or 5 × 10ⁿ) giving at most ``ticks`` steps up to ``maximum``."""
    if maximum <= ticks:
        return 1
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return int(factor * magnitude)
    return int(10 * magnitude)  # pragma: no cover


def build_chart(labels: Sequence[str], reports: Iterable[ReportFigures]) -> TrendChart:
    """Lay out a grouped bar chart: one group per year (oldest first), one bar per series."""
    ordered = sorted(reports, key=lambda report: report.year)
    chart = TrendChart(labels=list(labels), reports=ordered)
    if not ordered:
        return chart
    maximum = max((v for r in ordered for v in r.values if v is not None), default=0)
    step = nice_step(float(maximum))
    top = max(step, math.ceil(float(maximum) / step) * step)
    plot_height = chart.plot_bottom - MARGIN_TOP
    plot_width = chart.plot_right - chart.plot_left
    chart.ticks = [
        (chart.plot_bottom - plot_height * value / top, value) for value in range(0, top + 1, step)
    ]
    group_width = plot_width / len(ordered)
    bar_width = min(28.0, group_width * 0.7 / len(labels))
    for index, report in enumerate(ordered):
        centre = chart.plot_left + group_width * (index + 0.5)
        chart.year_labels.append((centre, report.year))
        first_x = centre - bar_width * len(labels) / 2
        for series, value in enumerate(report.values):
            if value is None:
                continue
            height = plot_height * float(value) / top
            chart.bars.append(
                Bar(
                    series=series,
                    x=round(first_x + series * bar_width, 2),
                    y=round(chart.plot_bottom - height, 2),
                    width=round(bar_width - 2, 2),
                    height=round(height, 2),
                    value=value,
                )
            )
    return chart
