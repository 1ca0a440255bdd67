"""Publishing a new report while the create form's autosave is in flight.

Wagtail's create view autosaves: a background POST (JSON) creates the page as a
draft, then the form switches to the edit URL. A clerk who clicks 发布 before that
switch POSTs the same create form again: a second report for the same agency and
year. It is refused through the form, in Chinese, naming and linking the report
the autosave created; nothing is created twice and nothing answers 500.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from wagtail_govdisclosure.formats import CURRENT
from wagtail_govdisclosure.models import AnnualReportPage

from .conftest import correct_document, make_report
from .forms import report_form_data

pytestmark = pytest.mark.django_db

AGENCY = "嘉祥县科学技术局"


def add_url(report_index) -> str:
    return reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_govdisclosure", "annualreportpage", report_index.pk),
    )


def autosave_then_publish(client, report_index):
    """The autosave's create POST, then the publish POST of the same form."""
    form = report_form_data(
        correct_document(2022), title=CURRENT.title_for(AGENCY, 2022), slug="2022"
    )
    autosave = client.post(add_url(report_index), form, HTTP_ACCEPT="application/json")
    publish = client.post(
        add_url(report_index), {**form, "action-publish": "1"}, HTTP_ACCEPT="text/html"
    )
    return autosave, publish


def test_publish_during_autosave_is_refused_with_a_link_to_the_report(admin_client, report_index):
    with translation.override("zh-hans"):
        autosave, publish = autosave_then_publish(admin_client, report_index)
    assert autosave.status_code == 200, autosave.content
    assert autosave.json()["success"] is True
    created = AnnualReportPage.objects.get()
    assert publish.status_code == 200
    assert AnnualReportPage.objects.count() == 1
    (message,) = publish.context["form"].errors["year"]
    assert "本专栏已有" in message and created.title in message
    edit_url = reverse("wagtailadmin_pages:edit", args=[created.pk])
    assert f'href="{edit_url}"' in publish.content.decode()
    created.refresh_from_db()
    assert not created.live


@pytest.fixture
def autosave_saves_during_the_request(monkeypatch, report_index):
    """The two POSTs interleaved: the autosave's report is saved after the second
    POST's form was cleaned and before its page is saved."""
    from wagtail_govdisclosure.forms import AnnualReportPageForm

    clean = AnnualReportPageForm.clean
    saved: list[AnnualReportPage] = []

    def clean_then_autosave(form):
        cleaned = clean(form)
        if not saved:
            saved.append(make_report(report_index, correct_document(2022), slug="2022"))
        return cleaned

    monkeypatch.setattr(AnnualReportPageForm, "clean", clean_then_autosave)
    return saved


def publish_form() -> dict[str, str]:
    return report_form_data(
        correct_document(2022),
        title=CURRENT.title_for(AGENCY, 2022),
        slug="2022",
        action="action-publish",
    )


def test_interleaved_publish_lands_on_the_autosaved_report(
    admin_client, report_index, gate_middleware, autosave_saves_during_the_request
):
    with translation.override("zh-hans"):
        response = admin_client.post(add_url(report_index), publish_form(), follow=True)
    (existing,) = autosave_saves_during_the_request
    assert AnnualReportPage.objects.get().pk == existing.pk
    edit_url = reverse("wagtailadmin_pages:edit", args=[existing.pk])
    assert response.redirect_chain[-1] == (edit_url, 302)
    assert response.status_code == 200
    (message,) = [str(m) for m in response.context["messages"]]
    assert message.startswith("本专栏已有 2022 年度的年报")
    assert f'<a href="{edit_url}">{existing.title}</a>' in message
    existing.refresh_from_db()
    assert not existing.live


def test_interleaved_autosave_gets_a_json_refusal(
    admin_client, report_index, gate_middleware, autosave_saves_during_the_request
):
    """The other order: the autosave's POST is the second; it answers as autosave expects."""
    form = {k: v for k, v in publish_form().items() if k != "action-publish"}
    with translation.override("zh-hans"):
        response = admin_client.post(add_url(report_index), form, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False and body["error_code"] == "validation_error"
    assert body["error_message"].startswith("本专栏已有 2022 年度的年报")
    assert "<a" not in body["error_message"]
    assert AnnualReportPage.objects.count() == 1
