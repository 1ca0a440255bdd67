"""The report status board (年报进度): admin view, dashboard panel and exports.

For a year, every agency's report state and the county roll-up beside it
(:mod:`.board` assembles them). The roll-up and its comparison with the county
government's report can be downloaded as CSV or as the interchange JSON.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.generic import TemplateView, View
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..checks.labels import column_title, number_text, row_title
from ..conf import get_setting
from ..permissions import can_view_board
from ..rollup import Difference
from ..spreadsheets import neutralise
from ..summaries import board_generation
from .board import ReportState, StatusBoard, build_board, default_year, report_years

URL_NAMESPACE = "wagtail_govdisclosure_status"
#: Agencies per page of the board.
BOARD_PAGE_SIZE = 100


def spreadsheet_safe(value: object) -> str:
    """A CSV cell that Excel and WPS show as text, never run as a formula.

    Numbers the board computed are written as numbers; any text (labels, names,
    a report's raw cell) is neutralised by :func:`~wagtail_govdisclosure.spreadsheets.neutralise`.
    """
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | Decimal):
        return number_text(value)
    return neutralise("" if value is None else str(value))


#: The first year the board offers: no report of the regulations' format is older.
FIRST_BOARD_YEAR = 2000


def year_in_range(year: int, today: datetime.date) -> bool:
    """Whether ``year`` is a plausible report year for the board and its exports."""
    return FIRST_BOARD_YEAR <= year <= today.year + 1


def _county(request: HttpRequest) -> int | None:
    """The county government's column chosen (``?county=<id>``), if any."""
    raw = request.GET.get("county", "")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


def _year(request: HttpRequest, today: datetime.date) -> int:
    raw = request.GET.get("year", "")
    try:
        year = int(raw)
    except ValueError:
        return default_year(today)
    # Outside any plausible report year: fall back rather than build an empty board.
    return year if year_in_range(year, today) else default_year(today)


class BoardPermissionMixin:
    """Refuse the board's views to users without the board permission."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_view_board(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class StatusBoardView(BoardPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """The full board: the states of every agency, then the county roll-up."""

    template_name = "wagtail_govdisclosure/admin/status_board.html"
    page_title = gettext_lazy("Annual report progress")
    header_icon = "table"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year = _year(self.request, today)
        board = build_board(year, today, county=_county(self.request))
        county = board.selected_county.pk if board.selected_county else None
        state = self.request.GET.get("state", "")
        rows = board.rows
        if state in ReportState._value2member_map_:
            rows = [row for row in rows if row.state.value == state]
        else:
            state = ""
        # A province lists a thousand agencies: a page of them at a time.
        paginator = Paginator(rows, BOARD_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        query = {"year": year}
        if county:
            query["county"] = county
        if state:
            query["state"] = state
        context.update(
            board=board,
            rows=page.object_list,
            page_obj=page,
            page_query=urlencode(query),
            state=state,
            years=report_years(today),
            county=county,
            export_csv_url=export_url("csv", year, county),
            export_json_url=export_url("json", year, county),
        )
        return context


def export_url(file_format: str, year: int, county: int | None = None) -> str:
    """The roll-up's download, of one county's agencies when ``county`` is given."""
    url = reverse(f"{URL_NAMESPACE}:export", kwargs={"file_format": file_format, "year": year})
    return f"{url}?county={county}" if county else url


def rollup_csv(board: StatusBoard) -> str:
    """Every cell of the roll-up, with the county government's figure and the difference."""
    differences: dict[str, Difference] = {}
    county_document = board.county.document if board.county else None
    if board.county is not None:
        differences = {difference.ref: difference for difference in board.county.differences}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            pgettext("status board", "Table"),
            pgettext("status board", "Row"),
            pgettext("status board", "Column"),
            _("Cell reference"),
            _("Sum of the agencies' published reports"),
            _("County government's report"),
            _("Difference (report minus sum)"),
        ]
    )
    comparable = county_document is not None and (
        county_document.format.key == board.report_format.key
    )
    for table in board.report_format.tables:
        for cell in table.cells:
            total = board.rollup.document.read(cell).value
            county: object = ""
            delta: object = ""
            if comparable:
                difference = differences.get(cell.ref)
                if difference is None:
                    county, delta = total, 0
                else:
                    county = difference.actual
                    delta = "" if difference.delta is None else difference.delta
            writer.writerow(
                [
                    spreadsheet_safe(value)
                    for value in (
                        pgettext("report table caption", "Table %(number)s %(title)s")
                        % {"number": table.number, "title": table.title},
                        row_title(table, cell.row.key),
                        column_title(cell.band, cell.column.key),
                        cell.ref,
                        total,
                        county,
                        delta,
                    )
                ]
            )
    return buffer.getvalue()


class ExportView(BoardPermissionMixin, View):
    """The roll-up of a year as CSV (with the comparison) or as interchange JSON."""

    def get(self, request: HttpRequest, file_format: str, year: int) -> HttpResponse:
        # The URL takes any number: a year the board would not show has no roll-up.
        if not year_in_range(year, timezone.localdate()):
            raise Http404
        county = _county(request)
        board = build_board(year, county=county)
        if county is not None and board.selected_county is None:
            raise Http404
        if file_format == "json":
            response = HttpResponse(
                board.rollup.document.dumps(indent=2), content_type="application/json"
            )
        elif file_format == "csv":
            # A byte-order mark: Excel and WPS read UTF-8 CSV as such only with one.
            response = HttpResponse(
                "\ufeff" + rollup_csv(board), content_type="text/csv; charset=utf-8"
            )
        else:
            raise Http404
        suffix = f"-{board.selected_county.pk}" if board.selected_county else ""
        filename = f"govdisclosure-rollup-{year}{suffix}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class StatusPanel(Component):
    """The dashboard panel: this year's counts and the agencies behind, with a link."""

    name = "govdisclosure_status"
    template_name = "wagtail_govdisclosure/admin/status_panel.html"
    order = 150
    #: How many agencies that are behind the panel names before linking to the board.
    shown = 8

    def __init__(self, request: HttpRequest):
        self.request = request

    def get_context_data(self, parent_context: Any) -> dict[str, Any]:
        panel = dashboard_summary(self.shown)
        return {**panel, "board_url": reverse(f"{URL_NAMESPACE}:board")}


@dataclass(frozen=True)
class PanelRow:
    """An agency behind, as the dashboard panel names it."""

    agency: str
    state: ReportState
    errors: int
    deadline: datetime.date | None


@dataclass(frozen=True)
class PanelBoard:
    year: int
    counts: list[tuple[ReportState, int]]


def dashboard_summary(shown: int) -> dict[str, Any]:
    """The panel's figures, cached until a report, a column or the tree changes.

    Every 政务公开办 user sees the panel on each visit to the dashboard: the
    board is built once per change (and per day, as states follow the date).
    """
    today = timezone.localdate()
    key = f"wagtail_govdisclosure:panel:{board_generation()}:{today.isoformat()}:{shown}"
    summary = cache.get(key)
    if summary is None:
        board = build_board(default_year(today), today)
        behind = board.behind
        summary = {
            "board": PanelBoard(board.year, board.counts),
            "behind": [
                PanelRow(row.agency, row.state, row.errors, row.deadline) for row in behind[:shown]
            ],
            "more": max(0, len(behind) - shown),
        }
        cache.set(key, summary, get_setting("STATUS_PANEL_CACHE_SECONDS"))
    return summary


def admin_urls() -> list[Any]:
    """The board's admin URLs, under ``govdisclosure-status/``."""
    urls = [
        path("", StatusBoardView.as_view(), name="board"),
        path("<int:year>/rollup.<str:file_format>", ExportView.as_view(), name="export"),
    ]
    return [path("govdisclosure-status/", include((urls, URL_NAMESPACE), namespace=URL_NAMESPACE))]
