"""The disclosure guide: the parts the 条例 requires, in order, and the shared publish gate."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import Page

from wagtail_govdisclosure.models import DisclosureGuidePage, DisclosureIndexPage
from wagtail_govdisclosure.models.guide import GUIDE_MISSING_PART
from wagtail_govdisclosure.publishing import PublishRefused

from .conftest import GUIDE_TEXT


def codes_and_cells(page: DisclosureGuidePage, parent: Page | None = None) -> set[tuple[str, str]]:
    return {
        (finding.code, finding.cells[0] if finding.cells else "")
        for finding in page.get_publish_findings(parent=parent)
    }


def test_a_complete_guide_has_no_findings(guide) -> None:
    assert guide.get_publish_findings() == []
    assert guide.live


def test_every_empty_required_part_is_a_finding(column) -> None:
    page = DisclosureGuidePage(
        title="指南", slug="zhinan", accepts_in_person=False, accepts_by_post=False
    )
    findings = codes_and_cells(page, parent=column)
    assert {code for code, _cell in findings} == {GUIDE_MISSING_PART}
    assert {cell for _code, cell in findings} == {
        *DisclosureGuidePage.REQUIRED_PARTS,
        "accepts_in_person",
    }


def test_empty_rich_text_counts_as_empty(column, application_form) -> None:
    text = {**GUIDE_TEXT, "fees": "<p> </p>", "classification": "<p><br/></p>"}
    page = DisclosureGuidePage(
        title="指南", slug="zhinan", application_form=application_form, **text
    )
    assert {cell for _c, cell in codes_and_cells(page, parent=column)} == {"fees", "classification"}


def test_contact_details_come_from_the_column(site_root, application_form) -> None:
    from .conftest import KEJIJU_USCC, make_column

    column = make_column(site_root, "嘉祥县科学技术局", KEJIJU_USCC)  # no contact details yet
    page = DisclosureGuidePage(
        title="指南", slug="zhinan", application_form=application_form, **GUIDE_TEXT
    )
    assert {cell for _c, cell in codes_and_cells(page, parent=column)} == {
        f"column.{name}" for name in DisclosureIndexPage.REQUIRED_CONTACT_FIELDS
    }


@pytest.mark.parametrize("path", ["revision", "save"])
def test_publishing_is_refused_on_every_path(column, path: str) -> None:
    page = DisclosureGuidePage(
        title="指南", slug="zhinan", live=False, **{**GUIDE_TEXT, "fees": ""}
    )
    column.add_child(instance=page)
    revision = page.save_revision()
    with pytest.raises(PublishRefused) as refused:
        if path == "revision":
            revision.publish()
        else:
            page.live = True
            page.save()
    assert any(f.code == GUIDE_MISSING_PART for f in refused.value.errors)
    page.refresh_from_db()
    assert not page.live
    assert Client().get(page.url).status_code == 404


def test_the_admin_form_marks_the_empty_part(admin_client, column) -> None:
    from wagtail.test.utils.form_data import nested_form_data, rich_text

    data = nested_form_data(
        {
            "title": "嘉祥县科学技术局政府信息公开指南",
            "slug": "zhinan",
            **{name: rich_text("") for name in ("classification", "proactive_scope")},
            "reply_days": 20,
            "extension_days": 20,
            "accepts_in_person": "on",
            "action-publish": "action-publish",
        }
    )
    url = f"/admin/pages/add/wagtail_govdisclosure/disclosureguidepage/{column.pk}/"
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form again, with errors
    form = response.context["form"]
    assert "为空" in " ".join(form.errors.get("classification", []))
    assert not DisclosureGuidePage.objects.filter(live=True).exists()
    # Saving a draft is allowed.
    del data["action-publish"]
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert DisclosureGuidePage.objects.get().live is False


def test_guide_renders_the_parts_in_the_standard_order(guide, column) -> None:
    html = Client().get(guide.url).content.decode()
    html = html[html.index('<article class="gd-guide') :]
    order = [
        "本机关政府信息分为机构职能",  # classification
        "条例第二十条规定的信息",  # proactive scope
        "政府信息公开专栏。",  # channels
        "嘉祥县档案馆",  # places
        "20个工作日内予以公开",  # time limit
        column.contact_office,  # receiving office (from the column)
        column.contact_phone,
        "申请人姓名、身份证明",  # application content
        guide.application_form.url,
        "登记、补正、答复",  # flow
        "不收取费用",  # fees
        "<dd>嘉祥县人民政府</dd>",  # review
        "<dd>嘉祥县人民法院</dd>",  # litigation
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)


def test_application_page_shows_the_guides_application_part(full_column, guide) -> None:
    page = full_column.get_section("disclosureapplicationpage")
    html = Client().get(page.url).content.decode()
    assert "公民、法人或者其他组织可以申请获取政府信息" in html
    assert full_column.contact_address in html
    assert guide.application_form.url in html
    assert guide.url in html


def test_api_exposes_the_guide_with_the_columns_contact(guide, column) -> None:
    data = Client().get(f"/api/v2/pages/{guide.pk}/").json()
    assert data["classification"] == GUIDE_TEXT["classification"]
    assert data["contact"]["office"] == column.contact_office
    assert data["contact"]["phone"] == column.contact_phone
    assert data["application_form"]["id"] == guide.application_form_id
    assert data["reply_days"] == 20 and data["extension_days"] == 20
    assert data["review_body"] == "嘉祥县人民政府"
    assert data["application_channels"] == ["in_person", "by_post"]


def test_a_published_guide_keeps_its_live_version_while_a_draft_is_incomplete(guide) -> None:
    draft = guide.get_latest_revision_as_object()
    draft.fees = ""
    draft.save_revision()
    publish_attempt = guide.get_latest_revision()
    with pytest.raises(PublishRefused):
        publish_attempt.publish()
    html = Client().get(guide.url).content.decode()
    assert "不收取费用" in html


def test_application_channels_are_links(full_column, guide) -> None:
    from django.test import Client

    guide.accepts_in_person = True
    guide.accepts_by_post = True
    guide.accepts_online = True
    guide.save_revision().publish()
    html = Client().get(guide.url).content.decode()
    assert 'class="gd-channels__link gd-channels__link--in_person" href="#gd-guide-office"' in html
    assert 'id="gd-guide-office"' in html
    # No online address on the column: the column's 依申请公开 page.
    assert (
        f'class="gd-channels__link gd-channels__link--online" href="{full_column.url}yishenqing/"'
        in html
    )
