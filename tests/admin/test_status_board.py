"""The report status board: states, deadlines, the roll-up, the views and the exports."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.reports.conftest import correct_document, wrong_document
from wagtail_govdisclosure.interchange import loads
from wagtail_govdisclosure.permissions import board_permission
from wagtail_govdisclosure.views.board import ReportState, build_board, default_year
from wagtail_govdisclosure.views.status import spreadsheet_safe

from .conftest import YEAR, add_column, add_report

pytestmark = pytest.mark.django_db

AFTER_DEADLINES = datetime.date(2023, 6, 1)
BOARD_URL = reverse("wagtail_govdisclosure_status:board")


def states(board) -> dict[str, ReportState]:
    return {row.agency: row.state for row in board.rows}


def test_every_agency_with_its_state(county) -> None:
    board = build_board(YEAR, AFTER_DEADLINES)

    assert states(board) == {
        "嘉祥县人民政府": ReportState.MISSING,
        "嘉祥县科学技术局": ReportState.ON_TIME,
        "嘉祥县教育和体育局": ReportState.LATE,
        "嘉祥县民政局": ReportState.DRAFT,
        "嘉祥县财政局": ReportState.FAILING,
        "嘉祥县卧龙山街道办事处": ReportState.MISSING,
    }
    rows = {row.agency: row for row in board.rows}
    # One wrong total breaks its row's total and the balance of its column.
    assert rows["嘉祥县财政局"].errors == 2
    assert rows["嘉祥县民政局"].errors == 0
    assert rows["嘉祥县科学技术局"].published == datetime.date(2023, 1, 20)
    # The deadlines of Article 49: 31 January for departments and townships, 31 March for
    # the county government's own report.
    assert rows["嘉祥县科学技术局"].deadline == datetime.date(2023, 1, 31)
    assert rows["嘉祥县卧龙山街道办事处"].deadline == datetime.date(2023, 1, 31)
    assert rows["嘉祥县人民政府"].deadline == datetime.date(2023, 3, 31)
    assert [row.agency for row in board.behind] == [
        "嘉祥县人民政府",
        "嘉祥县民政局",
        "嘉祥县财政局",
        "嘉祥县卧龙山街道办事处",
    ]
    assert dict((s.value, n) for s, n in board.counts) == {
        "missing": 2,
        "failing": 1,
        "draft": 1,
        "late": 1,
        "on_time": 1,
    }


def test_nobody_is_behind_before_the_deadline(county) -> None:
    board = build_board(YEAR, datetime.date(2023, 1, 15))
    assert board.behind == []


def test_the_error_count_is_the_gates(county) -> None:
    board = build_board(YEAR, AFTER_DEADLINES)
    row = next(r for r in board.rows if r.state is ReportState.FAILING)
    page = row.report.get_latest_revision_as_object()
    assert row.errors == sum(1 for f in page.get_publish_findings() if f.is_error)


def test_the_board_reads_the_latest_draft(county) -> None:
    from tests.reports.conftest import save_draft

    report = build_board(YEAR, AFTER_DEADLINES).rows[4].report
    assert report.specific.title.startswith("嘉祥县财政局")
    save_draft(report, correct_document(YEAR))
    assert states(build_board(YEAR, AFTER_DEADLINES))["嘉祥县财政局"] is ReportState.DRAFT


def test_a_bounded_number_of_queries(county, site_root) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            build_board(YEAR, AFTER_DEADLINES)
        return len(captured)

    before = queries()
    for serial in range(10, 16):
        column = add_column(county.government, f"嘉祥县第{serial}局", serial)
        add_report(column, correct_document(YEAR), published=datetime.date(2023, 1, 5))
        column = add_column(county.government, f"嘉祥县第{serial}办", serial + 10)
        add_report(column, wrong_document(YEAR))
    assert queries() == before
    assert before <= 6


def test_the_roll_up_sums_published_reports_and_lists_differences(county) -> None:
    government_report = add_report(county.government, correct_document(YEAR))
    board = build_board(YEAR, AFTER_DEADLINES)

    # Two published reports (on time and late), each with 3 applications from people.
    assert sorted(board.rollup.agencies) == ["嘉祥县教育和体育局", "嘉祥县科学技术局"]
    assert board.rollup.document.get("applications.received.natural_person") == 6
    assert board.rollup.document.get("applications.received.total") == 6
    # The county government's draft says 3 where the sum says 6.
    assert board.county is not None
    assert board.county.report.pk == government_report.pk
    assert board.county.published is False
    differences = {d.ref: (d.expected, d.actual, d.delta) for d in board.county.differences}
    assert differences["applications.received.natural_person"] == (6, 3, -3)
    assert differences["applications.received.total"] == (6, 3, -3)
    assert all(ref.startswith("applications.") for ref in differences)


# --- The views ----------------------------------------------------------------------------


@pytest.fixture
def office_client(client, django_user_model):
    """A member of the 政务公开办's group: admin access and the board's permission."""
    group = Group.objects.create(name="政务公开办")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        board_permission(),
    )
    user = django_user_model.objects.create_user("office", password="pw")
    user.groups.add(group)
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(client, django_user_model):
    """An agency editor: admin access, no board permission."""
    user = django_user_model.objects.create_user("staff", password="pw")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(user)
    return client


def test_the_board_view_in_chinese(office_client, county) -> None:
    add_report(county.government, correct_document(YEAR))
    with translation.override("zh-hans"):
        response = office_client.get(BOARD_URL, {"year": YEAR}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("嘉祥县科学技术局", "嘉祥县财政局", "嘉祥县卧龙山街道办事处"):
        assert name in html
    rows = {row.agency: row for row in response.context["rows"]}
    # One wrong total breaks its row's total and the balance of its column.
    assert rows["嘉祥县财政局"].errors == 2
    # The roll-up's tables, and the cells where the county government's draft differs.
    assert 'id="rollup-applications"' in html
    assert "一、本年新收政府信息公开申请数量" in html
    differences = response.context["board"].county.differences
    assert "applications.received.natural_person" in {d.ref for d in differences}
    assert html.count('class="gd-num-cell">-3</td>') >= 1


def test_the_state_filter(office_client, county) -> None:
    response = office_client.get(BOARD_URL, {"year": YEAR, "state": "failing"})
    assert [row.agency for row in response.context["rows"]] == ["嘉祥县财政局"]
    response = office_client.get(BOARD_URL, {"year": YEAR, "state": "<script>"})
    assert len(response.context["rows"]) == 6


def test_the_default_year_is_last_year(office_client, county) -> None:
    response = office_client.get(BOARD_URL, {"year": "nonsense"})
    assert response.context["board"].year == default_year()
    assert YEAR in response.context["years"]


def refused(response) -> bool:
    """Wagtail answers a refused admin view with a redirect to the dashboard."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_the_board_is_refused_without_its_permission(staff_client, county) -> None:
    assert refused(staff_client.get(BOARD_URL))
    export = reverse(
        "wagtail_govdisclosure_status:export", kwargs={"year": YEAR, "file_format": "csv"}
    )
    assert refused(staff_client.get(export))
    home = staff_client.get(reverse("wagtailadmin_home")).content.decode()
    assert BOARD_URL not in home


def test_the_dashboard_panel_and_menu(office_client, county) -> None:
    html = office_client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="govdisclosure-status-section"' in html
    assert BOARD_URL in html


def test_csv_export_with_the_comparison(office_client, county) -> None:
    document = correct_document(YEAR)
    document.set("reviews.reconsideration.upheld", "=HYPERLINK(1)")
    add_report(county.government, document)
    url = reverse(
        "wagtail_govdisclosure_status:export", kwargs={"year": YEAR, "file_format": "csv"}
    )

    response = office_client.get(url)

    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'attachment; filename="govdisclosure-rollup-{YEAR}.csv"'
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    by_ref = {row[3]: row for row in rows[1:]}
    assert len(by_ref) == 175 + 15 + 10
    assert by_ref["applications.received.natural_person"][4:] == ["6", "3", "-3"]
    assert by_ref["applications.disclosed.other_org"][4:] == ["0", "0", "0"]
    # The text a report holds cannot run as a formula in Excel or WPS.
    assert by_ref["reviews.reconsideration.upheld"][4:] == ["0", "'=HYPERLINK(1)", ""]


def test_json_export_is_the_interchange_document(office_client, county) -> None:
    url = reverse(
        "wagtail_govdisclosure_status:export", kwargs={"year": YEAR, "file_format": "json"}
    )
    response = office_client.get(url)
    document = loads(response.content)
    assert document.year == YEAR
    assert document.get("applications.received.total") == 6
    assert office_client.get(url.replace("json", "xml")).status_code == 404


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+86", "'+86"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("嘉祥县", "嘉祥县"),
        (-3, "-3"),
        (None, ""),
    ],
)
def test_spreadsheet_safe(value, expected) -> None:
    assert spreadsheet_safe(value) == expected


@pytest.mark.parametrize("year", [1999, 0, 99999, datetime.date.today().year + 2])
def test_the_export_refuses_a_year_the_board_does_not_offer(office_client, county, year) -> None:
    url = reverse(
        "wagtail_govdisclosure_status:export", kwargs={"year": year, "file_format": "json"}
    )
    assert office_client.get(url).status_code == 404
    inside = url.replace(f"/{year}/", f"/{YEAR}/")
    assert office_client.get(inside).status_code == 200


def test_the_board_and_the_registers_share_one_spreadsheet_safety() -> None:
    from wagtail_govdisclosure.registers import exports
    from wagtail_govdisclosure.spreadsheets import FORMULA_PREFIXES, neutralise
    from wagtail_govdisclosure.views import status

    assert not hasattr(status, "FORMULA_TRIGGERS")
    assert not hasattr(exports, "FORMULA_PREFIXES")
    assert exports.neutralise is neutralise
    for prefix in FORMULA_PREFIXES:
        assert spreadsheet_safe(prefix + "x") == neutralise(prefix + "x") == "'" + prefix + "x"
