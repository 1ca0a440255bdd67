"""Every way Wagtail can publish a page, tried on a report with one wrong total.

Each test asserts that the report stays unpublished (not live, no live
revision, 404 to the public) with its draft intact, then corrects the draft
and publishes it the same way.
"""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import PageLogEntry, Revision, Workflow, WorkflowState

from wagtail_govdisclosure.models import AnnualReportPage
from wagtail_govdisclosure.publishing import REFUSED_LOG_ACTION, PublishRefused

from .conftest import (
    WRONG_REF,
    assert_not_published,
    assert_published,
    correct_document,
    force_live,
    latest_content,
    make_report,
    save_draft,
    wrong_document,
)
from .forms import report_form_data

pytestmark = pytest.mark.django_db


def cell_errors(response, ref: str) -> list[str]:
    """The messages the edit form shows on cell ``ref`` (``table.row.column``)."""
    table = ref.split(".")[0]
    errors = response.context["form"].errors["tables"].as_data()[0].as_json_data()
    tables = errors["blockErrors"][0]["blockErrors"]
    return tables[table]["cellErrors"][ref]


def expected_messages(page: AnnualReportPage, ref: str) -> list[str]:
    """The error findings whose first cell is ``ref``, in the admin's language."""
    page.refresh_from_db()
    with translation.override("zh-hans"):
        return [
            str(f.message)
            for f in page.get_latest_revision_as_object().get_findings()
            if f.is_error and f.cells[0] == ref
        ]


# --- The admin edit and create views -----------------------------------------------------


def test_editor_publish_refused_with_the_finding_on_its_cell(admin_client, wrong_report):
    draft = latest_content(wrong_report)
    expected = expected_messages(wrong_report, WRONG_REF)
    assert expected, "the wrong total makes an error on its cell"
    url = reverse("wagtailadmin_pages:edit", args=(wrong_report.pk,))

    response = admin_client.post(url, report_form_data(wrong_document(), action="action-publish"))

    assert response.status_code == 200
    assert cell_errors(response, WRONG_REF) == expected
    summary = response.context["form"].non_field_errors()[0]
    assert summary in response.content.decode()
    assert_not_published(wrong_report, draft)

    response = admin_client.post(url, report_form_data(correct_document(), action="action-publish"))
    assert response.status_code == 302
    assert_published(wrong_report)


@pytest.mark.parametrize(
    "extra",
    [
        {"action-cancel-workflow": "1"},
        {"action-workflow-action": "1", "workflow-action-name": "reject"},
    ],
    ids=["cancel-workflow", "reject"],
)
def test_publish_with_workflow_fields_is_still_gated_on_the_form(admin_client, wrong_report, extra):
    # Wagtail's edit view reads action-publish before any workflow action: so does the gate.
    draft = latest_content(wrong_report)
    url = reverse("wagtailadmin_pages:edit", args=(wrong_report.pk,))
    data = report_form_data(wrong_document(), action="action-publish", **extra)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert cell_errors(response, WRONG_REF) == expected_messages(wrong_report, WRONG_REF)
    assert_not_published(wrong_report, draft)


def test_editor_schedule_refused(admin_client, wrong_report):
    draft = latest_content(wrong_report)
    url = reverse("wagtailadmin_pages:edit", args=(wrong_report.pk,))
    go_live = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")

    response = admin_client.post(
        url, report_form_data(wrong_document(), action="action-publish", go_live_at=go_live)
    )
    assert response.status_code == 200
    assert cell_errors(response, WRONG_REF)
    assert_not_published(wrong_report, draft)
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()

    response = admin_client.post(
        url, report_form_data(correct_document(), action="action-publish", go_live_at=go_live)
    )
    assert response.status_code == 302
    assert Revision.objects.filter(
        object_id=str(wrong_report.pk), approved_go_live_at__isnull=False
    ).exists()


def test_create_view_publish_refused(admin_client, report_index):
    url = reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_govdisclosure", "annualreportpage", report_index.pk),
    )
    response = admin_client.post(url, report_form_data(wrong_document(), action="action-publish"))

    assert response.status_code == 200
    assert cell_errors(response, WRONG_REF)
    assert not AnnualReportPage.objects.exists()

    response = admin_client.post(url, report_form_data(correct_document(), action="action-publish"))
    assert response.status_code == 302
    assert_published(AnnualReportPage.objects.get())


# --- Scheduled publishing ------------------------------------------------------------------


def test_publish_scheduled_skips_a_refused_report_and_carries_on(report_index, other_index):
    refused = make_report(report_index, wrong_document())
    other = make_report(other_index, correct_document())
    past = timezone.now() - datetime.timedelta(minutes=5)
    # Both approved for go-live before the gate could see them (e.g. scheduled before an
    # upgrade), the refused one first so the command meets it before the other.
    refused_revision = refused.get_latest_revision()
    Revision.objects.filter(pk=refused_revision.pk).update(
        approved_go_live_at=past - datetime.timedelta(minutes=1)
    )
    Revision.objects.filter(pk=other.get_latest_revision().pk).update(approved_go_live_at=past)
    draft = latest_content(refused)

    call_command("publish_scheduled", stdout=StringIO())

    assert_not_published(refused, draft)
    refused_revision.refresh_from_db()
    assert refused_revision.approved_go_live_at is None
    entry = PageLogEntry.objects.get(page=refused, action=REFUSED_LOG_ACTION)
    assert entry.data["scheduled"] is True
    assert entry.data["codes"]["applications_row_total"] == 1
    assert_published(other)

    # Corrected and scheduled again, it goes live when its time comes.
    draft_page = refused.get_latest_revision_as_object()
    draft_page.set_document(correct_document())
    draft_page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = draft_page.save_revision()
    revision.publish()
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None
    assert_not_published(refused)
    # Time passes: the go-live moment is now behind us.
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled", stdout=StringIO())
    assert_published(refused)


def test_scheduling_a_wrong_revision_in_code_is_refused(wrong_report):
    wrong_report.go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision = wrong_report.save_revision()
    draft = latest_content(wrong_report)
    with pytest.raises(PublishRefused):
        revision.publish()
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None
    assert_not_published(wrong_report, draft)


# --- Workflow ------------------------------------------------------------------------------


def test_workflow_approval_refused(admin_client, admin_user, wrong_report, gate_middleware):
    # Submitted while correct, then an editor saves a draft with a wrong total: approving
    # publishes the latest draft, which the gate refuses.
    edit_url = reverse("wagtailadmin_pages:edit", args=(wrong_report.pk,))
    response = admin_client.post(
        edit_url, report_form_data(correct_document(), action="action-submit")
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(wrong_report.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    response = admin_client.post(edit_url, report_form_data(wrong_document()))
    assert response.status_code == 302
    draft = latest_content(wrong_report)
    task_state = state.current_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(wrong_report.pk, "approve", task_state.pk)
    )

    # From the dashboard's modal (an XHR), then as a plain form post.
    response = admin_client.post(
        approve_url, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.json()["step"] == "success"
    assert response.json()["redirect"] == edit_url
    response = admin_client.post(approve_url, {"comment": ""}, follow=True)

    assert response.status_code == 200
    refusal = [m for m in response.context["messages"] if m.level_tag == "error"]
    assert refusal and "errorlist" in str(refusal[0])
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_IN_PROGRESS
    assert_not_published(wrong_report, draft)

    save_draft(wrong_report, correct_document())
    response = admin_client.post(approve_url, {"comment": ""})
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert_published(wrong_report)


def test_submitting_a_wrong_report_to_workflow_is_refused(admin_client, wrong_report):
    draft = latest_content(wrong_report)
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=(wrong_report.pk,)),
        report_form_data(wrong_document(), action="action-submit"),
    )
    assert response.status_code == 200
    assert cell_errors(response, WRONG_REF)
    assert not WorkflowState.objects.exists()
    assert_not_published(wrong_report, draft)
    assert Workflow.objects.exists()


# --- Bulk publish from the page listing ----------------------------------------------------


def bulk_publish(client, page, next_url: str):
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    return client.post(f"{url}?id={page.pk}&next={next_url}", {}, follow=True)


def test_bulk_publish_refused(admin_client, wrong_report, report_index):
    draft = latest_content(wrong_report)
    listing = reverse("wagtailadmin_explore", args=(report_index.pk,))

    response = bulk_publish(admin_client, wrong_report, listing)

    assert response.redirect_chain[-1][0] == listing
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert any(wrong_report.title in message for message in errors)
    assert_not_published(wrong_report, draft)

    save_draft(wrong_report, correct_document())
    bulk_publish(admin_client, wrong_report, listing)
    assert_published(wrong_report)


def test_bulk_publish_of_descendants_refused(admin_client, wrong_report, report_index, column):
    draft = latest_content(wrong_report)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    admin_client.post(f"{url}?id={report_index.pk}", {"include_descendants": "on"})
    assert_not_published(wrong_report, draft)


# --- Copying with the live state kept ------------------------------------------------------


def correct_live_source(page: AnnualReportPage) -> None:
    """Correct a live report in place (its row and a new live revision)."""
    save_draft(page, correct_document())
    page.get_latest_revision_as_object().save(clean=False)
    force_live(page)


def test_copy_keeping_live_refused_in_the_admin(admin_client, wrong_report, other_index):
    force_live(wrong_report)  # a report published before the gate existed
    url = reverse("wagtailadmin_pages:copy", args=(wrong_report.pk,))
    data = {
        "new_title": wrong_report.title,
        "new_slug": "copied-report",
        "new_parent_page": str(other_index.pk),
        "publish_copies": "on",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].errors["publish_copies"]
    assert AnnualReportPage.objects.count() == 1

    # Once the source holds right totals, the copy is published at its new place.
    correct_live_source(wrong_report)
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert_published(AnnualReportPage.objects.child_of(other_index).get())


def test_copy_keeping_live_refused(wrong_report, other_index):
    force_live(wrong_report)

    with pytest.raises(PublishRefused):
        wrong_report.copy(to=other_index, update_attrs={"slug": "copied"}, keep_live=True)

    assert not AnnualReportPage.objects.child_of(other_index).exists()

    # Once the source holds right totals, the copy keeps its live state.
    correct_live_source(wrong_report)
    copied = wrong_report.copy(to=other_index, update_attrs={"slug": "copied"}, keep_live=True)
    assert_published(copied)


def test_copy_into_the_same_column_is_refused(admin_client, wrong_report, report_index):
    url = reverse("wagtailadmin_pages:copy", args=(wrong_report.pk,))
    response = admin_client.post(
        url,
        {
            "new_title": "副本",
            "new_slug": "copy-2022",
            "new_parent_page": str(report_index.pk),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_parent_page"]
    assert AnnualReportPage.objects.count() == 1


# --- The admin API and API v3 --------------------------------------------------------------


def test_admin_api_publish_refused(admin_client, wrong_report):
    draft = latest_content(wrong_report)
    url = reverse("wagtailadmin_api:pages:action", args=(wrong_report.pk, "publish"))

    response = admin_client.post(url, {}, content_type="application/json")

    assert response.status_code == 400
    body = response.json()
    assert WRONG_REF in body
    assert body["__all__"]
    assert_not_published(wrong_report, draft)

    save_draft(wrong_report, correct_document())
    response = admin_client.post(url, {}, content_type="application/json")
    assert response.status_code == 200
    assert_published(wrong_report)


@pytest.fixture
def api_v3(settings):
    pytest.importorskip("wagtail.api.v3", reason="API v3 is new in Wagtail 8")
    settings.ROOT_URLCONF = "tests.reports.urls_v3"


def test_api_v3_publish_refused(client, admin_user, wrong_report, api_v3):
    from wagtail.models import APIToken

    _token, plaintext = APIToken.create_token(user=admin_user, name="test")
    draft = latest_content(wrong_report)
    url = reverse("wagtailapi_v3:pages_actions_publish", args=(wrong_report.pk,))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}

    response = client.post(url, **auth)

    assert response.status_code == 422
    messages = [error["msg"] for error in response.json()["errors"]]
    assert any(wrong_report.title in message for message in messages)
    assert_not_published(wrong_report, draft)
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()

    save_draft(wrong_report, correct_document())
    response = client.post(url, **auth)
    assert response.status_code == 200
    assert_published(wrong_report)


# --- Code ------------------------------------------------------------------------------------


def test_revision_publish_refused(admin_client, wrong_report):
    draft = latest_content(wrong_report)
    revision = wrong_report.get_latest_revision()

    with pytest.raises(PublishRefused) as refused:
        revision.publish()

    assert WRONG_REF in refused.value.message_dict
    assert_not_published(wrong_report, draft)
    entry = PageLogEntry.objects.get(page=wrong_report, action=REFUSED_LOG_ACTION)
    assert entry.data["errors"] == len(refused.value.errors)

    # The page's history says why it did not go live.
    history = admin_client.get(reverse("wagtailadmin_pages:history", args=(wrong_report.pk,)))
    assert history.status_code == 200
    with translation.override("zh-hans"):
        assert str(entry.message) in history.content.decode()

    save_draft(wrong_report, correct_document()).publish()
    assert_published(wrong_report)


def test_save_revision_publish_refused(wrong_report):
    page = wrong_report.get_latest_revision_as_object()
    with pytest.raises(PublishRefused):
        page.save_revision().publish()
    draft = latest_content(wrong_report)
    assert_not_published(wrong_report, draft)

    page.set_document(correct_document())
    page.save_revision().publish()
    assert_published(wrong_report)


def test_saving_a_page_live_without_publishing_is_refused(report_index):
    """A live page added directly (no revision) goes through the same gate."""
    page = AnnualReportPage(title="直接上线", slug="direct", live=True)
    page.set_document(wrong_document())
    with pytest.raises(PublishRefused):
        report_index.add_child(instance=page)
    assert not AnnualReportPage.objects.exists()
    report_index.refresh_from_db()
    assert report_index.numchild == 0
