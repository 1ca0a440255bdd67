"""The registers in the Wagtail admin: listings scoped to the agency's staff, personal data,
import (dry run → preview → confirm), export, and the report's "fill from the registers"."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission

from wagtail_govdisclosure.registers.models import Application
from wagtail_govdisclosure.registers.permissions import PERSONAL_DATA_PERMISSION

from .conftest import add_applications, make_report
from .files import read_xlsx, xlsx_bytes
from .test_fill import APPLICATIONS_2022, APPLICATIONS_2023, CASES
from .test_import import HEADER, ROWS

INDEX = "wagtail_govdisclosure_registers_application_modeladmin_index"
EDIT = "wagtail_govdisclosure_registers_application_modeladmin_edit"


def url(name: str, **kwargs) -> str:
    return reverse(f"wagtail_govdisclosure_registers:{name}", kwargs=kwargs)


def refused(response) -> bool:
    """Wagtail turns a PermissionDenied into a redirect to the dashboard with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def staff_client(django_user_model, agency, *, personal: bool, name: str) -> Client:
    """A user who may edit ``agency``'s column and work with the registers."""
    group = Group.objects.create(name=f"{name} group")
    codenames = [
        f"{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("application", "reviewcase")
    ] + (["view_personal_data"] if personal else [])
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="wagtail_govdisclosure_registers", codename__in=codenames
        ),
    )
    GroupPagePermission.objects.create(group=group, page=agency, permission_type="change")
    user = django_user_model.objects.create_user(name, password="pw")
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def entries(agency, other_agency):
    mine = add_applications(agency, APPLICATIONS_2022 + APPLICATIONS_2023)
    theirs = add_applications(other_agency, [("Y01", "natural_person", "2023-05-05", None, "")])
    return mine, theirs


@pytest.fixture
def clerk(django_user_model, agency) -> Client:
    return staff_client(django_user_model, agency, personal=False, name="clerk")


@pytest.fixture
def officer(django_user_model, agency) -> Client:
    return staff_client(django_user_model, agency, personal=True, name="officer")


def listed(client: Client, **query) -> set[str]:
    """The register numbers the listing shows."""
    response = client.get(reverse(INDEX), query)
    assert response.status_code == 200
    return {obj.reference for obj in response.context["object_list"]}


def test_a_clerk_sees_only_the_agencys_entries_and_no_personal_data(clerk, entries) -> None:
    mine, theirs = entries
    assert listed(clerk) == {a.reference for a in mine}
    assert "申请人A01" not in clerk.get(reverse(INDEX)).content.decode()
    # Neither search nor a crafted lookup reaches the applicants' names.
    assert listed(clerk, q="申请人A01") == set()
    assert listed(clerk, applicant_name__contains="不存在") == {a.reference for a in mine}
    # Another agency's entry cannot be opened.
    assert refused(clerk.get(reverse(EDIT, args=[theirs[0].pk])))
    form = clerk.get(reverse(EDIT, args=[mine[0].pk])).content.decode()
    assert "申请人A01" not in form and 'name="applicant_name"' not in form


def test_an_officer_with_the_permission_sees_and_searches_personal_data(officer, entries) -> None:
    assert listed(officer, q="申请人A07") == {"A07"}
    assert "申请人A07" in officer.get(reverse(INDEX), {"q": "申请人A07"}).content.decode()
    form = officer.get(reverse(EDIT, args=[entries[0][0].pk])).content.decode()
    assert 'name="applicant_name"' in form


def test_listing_filters_and_the_overdue_indicator(admin_client, entries) -> None:
    # Open long after their deadline, or answered after it (B02: due 31 January 2023, the
    # Saturday and Sunday before it worked for 春节, answered on 1 February).
    overdue = listed(admin_client, deadline="overdue")
    assert {"A24", "B04", "B02"} <= overdue and not {"A01", "A19"} & overdue
    # A19 waits for the applicant's correction: its deadline does not run.
    assert listed(admin_client, deadline="awaiting_correction") == set()
    assert "w-status" in admin_client.get(reverse(INDEX)).content.decode()
    assert listed(admin_client, year="2022") == {"B01", "B02", "B03", "B04"}
    assert listed(admin_client, year="2023", outcome="pending") == {"A24", "Y01"}
    assert listed(admin_client, outcome="withheld_inquiry") == {"A10"}
    assert listed(admin_client, agency=str(entries[1][0].agency_id)) == {"Y01"}


def test_import_dry_run_preview_then_confirm(clerk, agency) -> None:
    # The example portal runs tasks at once (immediate backend): the upload's check and
    # the confirmed import each finish before their redirect.
    upload = io.BytesIO(xlsx_bytes([HEADER, *ROWS]))
    upload.name = "登记表.xlsx"
    response = clerk.post(
        url("import", register="applications"), {"agency": agency.pk, "file": upload}, follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'name="confirm"' in html
    assert "2023-001" in html and "张三" not in html  # no personal data for a clerk
    assert Application.objects.count() == 0
    job_page = response.redirect_chain[-1][0]
    response = clerk.post(job_page, {"confirm": ""})
    assert response.status_code == 302
    assert Application.objects.filter(agency=agency).count() == 3
    assert set(Application.objects.values_list("applicant_name", flat=True)) == {""}
    assert "3" in clerk.get(job_page).content.decode()
    # The confirmed job is done: confirming again does nothing.
    response = clerk.post(job_page, {"confirm": ""})
    assert Application.objects.count() == 3


def test_import_with_a_bad_row_lists_it_and_offers_no_confirmation(clerk, agency) -> None:
    rows = [list(r) for r in ROWS]
    rows[1][4] = "外国人"
    upload = io.BytesIO(xlsx_bytes([HEADER, *rows]))
    upload.name = "登记表.xlsx"
    response = clerk.post(
        url("import", register="applications"), {"agency": agency.pk, "file": upload}, follow=True
    )
    html = response.content.decode()
    assert 'name="confirm"' not in html
    assert "外国人" in html and "申请人类型" in html
    assert response.context["job"].problems[0]["line"] == 3


def test_import_into_another_agency_is_refused(clerk, other_agency) -> None:
    upload = io.BytesIO(xlsx_bytes([HEADER, *ROWS]))
    upload.name = "a.xlsx"
    response = clerk.post(
        url("import", register="applications"), {"agency": other_agency.pk, "file": upload}
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert Application.objects.count() == 0


def test_export_leaves_personal_data_out_unless_a_permitted_user_asks(
    clerk, officer, entries
) -> None:
    query = {"format": "csv", "include_personal": "on"}
    text = clerk.get(url("export", register="applications"), query).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert "申请人姓名或名称" not in lines[0] and len(lines) == 1 + 29
    assert "Y01" not in text
    data = officer.get(url("export", register="applications"), {"format": "xlsx"}).content
    assert "申请人姓名或名称" not in read_xlsx(data)[0][0]
    data = officer.get(url("export", register="applications"), query).content
    assert "申请人姓名或名称" in data.decode("utf-8-sig").splitlines()[0]


@pytest.fixture
def report(agency, report_index):
    from .conftest import add_cases

    add_applications(agency, APPLICATIONS_2022 + APPLICATIONS_2023)
    add_cases(agency, CASES)
    return make_report(report_index, 2023)


def test_the_report_edit_view_offers_the_fill_and_export_buttons(admin_client, report) -> None:
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[report.pk])).content.decode()
    assert url("fill_report", page_id=report.pk) in html
    assert url("export_report", page_id=report.pk, file_format="xlsx") in html


def test_fill_shows_the_changed_cells_then_saves_a_draft(admin_client, report) -> None:
    response = admin_client.get(url("fill_report", page_id=report.pk))
    fill = response.context["fill"]
    assert len(fill.changes) == len(
        [c for t in ("applications", "reviews") for c in report.report_format.table(t).cells]
    )
    html = response.content.decode()
    assert "一、本年新收政府信息公开申请数量" in html
    revisions_before = report.revisions.count()
    response = admin_client.post(
        url("fill_report", page_id=report.pk), {"base_revision": fill.base_revision_id}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.revisions.count() == revisions_before + 1
    assert report.live is False
    draft = report.get_latest_revision_as_object()
    assert draft.get_tables()["applications"]["received"]["total"] == 25
    assert draft.get_tables()["reviews"]["reconsideration"]["total"] == 3
    # Nothing left to change.
    assert not admin_client.get(url("fill_report", page_id=report.pk)).context["fill"].changes


def test_fill_refuses_a_stale_preview(admin_client, report) -> None:
    response = admin_client.post(url("fill_report", page_id=report.pk), {"base_revision": "0"})
    assert response.status_code == 200
    assert report.revisions.count() == 1


def test_report_exports(admin_client, report) -> None:
    response = admin_client.get(url("export_report", page_id=report.pk, file_format="json"))
    document = json.loads(response.content)
    assert document["year"] == 2023 and document["agency"] == "嘉祥县科学技术局"
    response = admin_client.get(url("export_report", page_id=report.pk, file_format="xlsx"))
    assert response["Content-Disposition"].startswith('attachment; filename="report-2023.xlsx"')
    assert len(read_xlsx(response.content)) == 3


def test_report_views_need_edit_permission_on_the_report(clerk, report) -> None:
    # The clerk may edit the agency's column, hence its reports; another user may not.
    assert clerk.get(url("fill_report", page_id=report.pk)).status_code == 200


def test_report_views_refuse_a_user_who_cannot_edit_it(django_user_model, other_agency, report):
    client = staff_client(django_user_model, other_agency, personal=True, name="outsider")
    assert refused(client.get(url("fill_report", page_id=report.pk)))
    assert refused(client.get(url("export_report", page_id=report.pk, file_format="json")))


def test_the_permission_is_offered_to_groups(db) -> None:
    app_label, codename = PERSONAL_DATA_PERMISSION.split(".")
    assert Permission.objects.filter(content_type__app_label=app_label, codename=codename).exists()


def test_the_holiday_calendar_listing_says_how_far_the_package_goes(admin_client) -> None:
    from wagtail_govdisclosure.registers.holidays import library_confirmed_years

    response = admin_client.get(
        reverse("wagtail_govdisclosure_registers_calendarday_modeladmin_index")
    )
    assert response.status_code == 200
    assert str(max(library_confirmed_years())) in response.content.decode()


def test_the_listing_offers_import_and_export(clerk) -> None:
    html = clerk.get(reverse(INDEX)).content.decode()
    assert url("import", register="applications") in html
    assert url("export", register="applications") in html
