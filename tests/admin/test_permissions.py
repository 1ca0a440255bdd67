"""Agency permissions: the groups command, and one agency's staff kept out of another's column.

Everything is tried through Wagtail's admin views, as a person would: the edit
view, publishing, the copy form, the move views, bulk publishing and the create view.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupPagePermission

from tests.reports.conftest import correct_document
from tests.reports.forms import report_form_data
from wagtail_govdisclosure.models import AnnualReportPage

from .conftest import YEAR, add_column, add_report

pytestmark = pytest.mark.django_db

A = "嘉祥县科学技术局"
B = "嘉祥县教育和体育局"


def run(*args: str) -> str:
    """The command's output, in English (the tests count its words, whatever the .mo holds)."""
    out = StringIO()
    with translation.override("en"):
        call_command("govdisclosure_create_agency_groups", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def agencies(site_root):
    """Two columns, each with a draft report, and their groups created by the command."""
    a = add_column(site_root, A, 2)
    b = add_column(site_root, B, 3)
    a.report = add_report(a, correct_document(YEAR))
    b.report = add_report(b, correct_document(YEAR))
    run("--all")
    return a, b


def login(client, django_user_model, group_name: str):
    user = django_user_model.objects.create_user(
        f"user{django_user_model.objects.count()}", password="pw"
    )
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return user


@pytest.fixture
def editor_a(client, django_user_model, agencies):
    login(client, django_user_model, f"{A} 编辑")
    return client


@pytest.fixture
def moderator_a(client, django_user_model, agencies):
    login(client, django_user_model, f"{A} 审核")
    return client


def granted(group_name: str) -> dict[int, set[str]]:
    grants: dict[int, set[str]] = {}
    for grant in GroupPagePermission.objects.filter(group__name=group_name).select_related(
        "permission"
    ):
        grants.setdefault(grant.page_id, set()).add(grant.permission.codename)
    return grants


def refused(response) -> bool:
    """Wagtail answers a refused admin view with 403 or a redirect to the dashboard."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


# --- The command ----------------------------------------------------------------------------


def test_the_command_creates_two_groups_per_column_on_the_column_only(agencies) -> None:
    a, b = agencies
    assert granted(f"{A} 编辑") == {a.pk: {"add_page", "change_page", "lock_page"}}
    assert granted(f"{A} 审核") == {
        a.pk: {"add_page", "change_page", "lock_page", "publish_page", "unlock_page"}
    }
    assert granted(f"{B} 编辑") == {b.pk: {"add_page", "change_page", "lock_page"}}
    for name in (f"{A} 编辑", f"{A} 审核", f"{B} 编辑", f"{B} 审核"):
        group = Group.objects.get(name=name)
        assert list(group.permissions.values_list("codename", flat=True)) == ["access_admin"]


def test_the_command_is_idempotent_and_takes_back_publishing_from_editors(agencies) -> None:
    a, _ = agencies
    before = set(GroupPagePermission.objects.values_list("group", "page", "permission"))

    output = run("--all")

    assert set(GroupPagePermission.objects.values_list("group", "page", "permission")) == before
    assert Group.objects.filter(name__startswith="嘉祥县").count() == 4
    assert output.count("unchanged") == 4

    # Someone let the editors publish: running the command again takes it back.
    GroupPagePermission.objects.create(
        group=Group.objects.get(name=f"{A} 编辑"), page=a, permission_type="publish"
    )
    output = run("--column", str(a.pk))
    assert "-publish_page" in output
    assert granted(f"{A} 编辑") == {a.pk: {"add_page", "change_page", "lock_page"}}


def test_the_command_for_one_column_and_an_unknown_id(site_root) -> None:
    a = add_column(site_root, A, 2)
    add_column(site_root, B, 3)
    output = run("--column", str(a.pk))
    names = Group.objects.filter(name__startswith="嘉祥县").values_list("name", flat=True)
    assert sorted(names) == [f"{A} 审核", f"{A} 编辑"]
    assert output.count("created") == 2
    with pytest.raises(CommandError):
        run("--column", "999999")
    with pytest.raises(CommandError):
        run()  # neither --column nor --all


# --- Editing ----------------------------------------------------------------------------------


def test_an_editor_edits_their_own_agencys_report(editor_a, agencies) -> None:
    a, _ = agencies
    url = reverse("wagtailadmin_pages:edit", args=(a.report.pk,))
    assert editor_a.get(url).status_code == 200
    document = correct_document(YEAR)
    document.agency = A
    document.sections["problems"] = "<p>改进措施。</p>"
    response = editor_a.post(url, report_form_data(document))
    assert response.status_code == 302
    assert "改进措施" in a.report.get_latest_revision_as_object().problems


def test_an_editor_cannot_edit_another_agencys_report(editor_a, agencies) -> None:
    _, b = agencies
    url = reverse("wagtailadmin_pages:edit", args=(b.report.pk,))
    revisions = b.report.revisions.count()
    assert refused(editor_a.get(url))
    document = correct_document(YEAR)
    document.sections["problems"] = "<p>篡改。</p>"
    assert refused(editor_a.post(url, report_form_data(document)))
    assert b.report.revisions.count() == revisions
    # Nor its column page.
    assert refused(editor_a.get(reverse("wagtailadmin_pages:edit", args=(b.pk,))))


def test_an_editor_cannot_create_a_page_in_another_column(editor_a, agencies) -> None:
    _, b = agencies
    url = reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_govdisclosure", "annualreportpage", b.report_index.pk),
    )
    assert refused(editor_a.get(url))


# --- Publishing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["editor", "moderator"])
def test_nobody_of_agency_a_publishes_agency_bs_report(who, request, agencies) -> None:
    client = request.getfixturevalue(f"{who}_a")
    _, b = agencies
    url = reverse("wagtailadmin_pages:edit", args=(b.report.pk,))
    document = correct_document(YEAR)
    document.agency = B
    assert refused(client.post(url, report_form_data(document, action="action-publish")))

    bulk = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    client.post(f"{bulk}?id={b.report.pk}&next=/admin/", {})

    b.report.refresh_from_db()
    assert b.report.live is False


def test_only_the_moderator_publishes_their_own_report(
    editor_a, agencies, client, django_user_model
) -> None:
    a, _ = agencies
    bulk = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    editor_a.post(f"{bulk}?id={a.report.pk}&next=/admin/", {})
    a.report.refresh_from_db()
    assert a.report.live is False

    client.logout()
    login(client, django_user_model, f"{A} 审核")
    client.post(f"{bulk}?id={a.report.pk}&next=/admin/", {})
    a.report.refresh_from_db()
    assert a.report.live is True


# --- Copying and moving ------------------------------------------------------------------------


def test_an_editor_cannot_copy_into_another_column(editor_a, agencies) -> None:
    a, b = agencies
    url = reverse("wagtailadmin_pages:copy", args=(a.report.pk,))
    response = editor_a.post(
        url,
        {
            "new_title": a.report.title,
            "new_slug": "copied",
            "new_parent_page": str(b.report_index.pk),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_parent_page"]
    assert not AnnualReportPage.objects.child_of(b.report_index).filter(slug="copied").exists()


def test_an_editor_cannot_copy_another_agencys_page(editor_a, agencies) -> None:
    _, b = agencies
    url = reverse("wagtailadmin_pages:copy", args=(b.report.pk,))
    response = editor_a.post(
        url,
        {
            "new_title": b.report.title,
            "new_slug": "copied",
            "new_parent_page": str(b.report_index.pk),
        },
    )
    assert refused(response)
    assert AnnualReportPage.objects.filter(slug="copied").count() == 0


def test_an_editor_cannot_move_into_or_out_of_another_column(editor_a, agencies) -> None:
    a, b = agencies
    # Distinct slugs, so that only the permissions can stop a move (not a slug clash).
    AnnualReportPage.objects.filter(pk=a.report.pk).update(slug="report-a")
    AnnualReportPage.objects.filter(pk=b.report.pk).update(slug="report-b")
    into_b = reverse("wagtailadmin_pages:move_confirm", args=(a.report.pk, b.report_index.pk))
    assert refused(editor_a.get(into_b))
    assert refused(editor_a.post(into_b))
    out_of_b = reverse("wagtailadmin_pages:move_confirm", args=(b.report.pk, a.report_index.pk))
    assert refused(editor_a.post(out_of_b))
    assert refused(editor_a.get(reverse("wagtailadmin_pages:move", args=(b.report.pk,))))
    a.report.refresh_from_db()
    b.report.refresh_from_db()
    assert a.report.get_parent().pk == a.report_index.pk
    assert b.report.get_parent().pk == b.report_index.pk


def test_the_boards_permission_is_offered_in_the_group_editor(admin_client) -> None:
    response = admin_client.get(reverse("wagtailusers_groups:add"))
    permission = Permission.objects.get(codename="view_annualreportpage")
    assert f'value="{permission.pk}"' in response.content.decode()


def test_a_permitted_move_still_goes_through(admin_client, agencies) -> None:
    a, b = agencies
    AnnualReportPage.objects.filter(pk=a.report.pk).update(slug="report-a", year=YEAR - 1)
    url = reverse("wagtailadmin_pages:move_confirm", args=(a.report.pk, b.report_index.pk))
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url).status_code == 302
    a.report.refresh_from_db()
    assert a.report.get_parent().pk == b.report_index.pk
