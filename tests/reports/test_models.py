"""The page types: agency data, parent/child rules, one report a year, the report as a document."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wagtail_govdisclosure.blocks.tables import format_block_type
from wagtail_govdisclosure.formats import CURRENT, FORMATS, AgencyKind, AgencyLevel
from wagtail_govdisclosure.interchange import blank_tables, tables_to_json
from wagtail_govdisclosure.models import (
    SECTION_FIELDS,
    AnnualReportIndexPage,
    AnnualReportPage,
    DisclosureIndexPage,
    validate_uscc,
)
from wagtail_govdisclosure.publishing import PublishRefused

from .conftest import (
    KEJIJU_USCC,
    correct_document,
    make_report,
    wrong_document,
)
from .forms import report_form_data

# --- 统一社会信用代码 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "91110000600037341L",
        "11100000000013127D",
        "91350100M000100Y43",
        "９１１１０００ ０６０００３７３４１ｌ",  # full-width, a space, lower case
    ],
)
def test_valid_uscc(code):
    validate_uscc(code)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91110000600037341M", "uscc_check"),
        ("9111000060003734", "uscc_length"),
        ("91110000600037341LX", "uscc_length"),
        ("911100006000373I1L", "uscc_character"),
        ("91AB0000600037341L", "uscc_division"),
    ],
)
def test_invalid_uscc(code, error):
    with pytest.raises(ValidationError) as raised:
        validate_uscc(code)
    assert raised.value.code == error


def test_wrong_check_character_names_the_right_one():
    with pytest.raises(ValidationError) as raised:
        validate_uscc("91110000600037341M")
    assert "L" in raised.value.messages[0]


@pytest.mark.django_db
def test_column_stores_the_code_normalised_and_refuses_a_second_column(site_root, column):
    column.uscc = f" {KEJIJU_USCC.lower()} "
    column.full_clean()
    assert column.uscc == KEJIJU_USCC
    second = DisclosureIndexPage(
        title="重复",
        slug="dup",
        agency_name="嘉祥县科学技术局",
        uscc=KEJIJU_USCC,
        level="county",
        kind="department",
    )
    with pytest.raises(ValidationError) as raised:
        site_root.add_child(instance=second)
    assert "uscc" in raised.value.message_dict
    assert DisclosureIndexPage.objects.count() == 1


@pytest.mark.django_db
def test_agency_info(column):
    info = column.agency_info()
    assert (info.name, info.uscc) == ("嘉祥县科学技术局", KEJIJU_USCC)
    assert info.level is AgencyLevel.COUNTY
    assert info.kind is AgencyKind.DEPARTMENT


# --- Parent/child rules ---------------------------------------------------------------------


@pytest.mark.django_db
def test_page_tree_rules(site_root, column, report_index):
    assert AnnualReportIndexPage.can_create_at(column) is False  # one per column
    assert AnnualReportPage.can_create_at(report_index)
    assert not AnnualReportPage.can_create_at(column)
    assert not AnnualReportPage.can_create_at(site_root)
    assert not AnnualReportIndexPage.can_create_at(site_root)
    assert DisclosureIndexPage.can_create_at(column)  # a county's column lists its departments'
    assert AnnualReportPage.allowed_subpage_models() == []


# --- One report per agency and year --------------------------------------------------------


@pytest.mark.django_db
def test_second_report_of_a_year_refused_at_save(report_index, other_index):
    make_report(report_index, correct_document(2022))
    with pytest.raises(ValidationError) as raised:
        make_report(report_index, correct_document(2022), slug="again")
    assert "year" in raised.value.message_dict
    assert AnnualReportPage.objects.count() == 1
    # Another agency's report of the same year is fine.
    make_report(other_index, correct_document(2022))
    # So is another year of the same agency, but not moving it onto a taken year.
    page = make_report(report_index, correct_document(2021))
    page.year = 2022
    with pytest.raises(ValidationError):
        page.save()


@pytest.mark.django_db
def test_second_report_of_a_year_refused_by_the_form(admin_client, report_index):
    make_report(report_index, correct_document(2022))
    url = reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_govdisclosure", "annualreportpage", report_index.pk),
    )
    response = admin_client.post(url, report_form_data(correct_document(2022), slug="again"))
    assert response.status_code == 200
    assert response.context["form"].errors["year"]
    assert AnnualReportPage.objects.count() == 1


@pytest.mark.django_db
def test_new_report_form_proposes_last_year_and_a_title(admin_client, report_index):
    url = reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_govdisclosure", "annualreportpage", report_index.pk),
    )
    form = admin_client.get(url).context["form"]
    year = timezone.localdate().year - 1
    assert form.initial["year"] == year
    assert form.initial["title"] == CURRENT.title_for("嘉祥县科学技术局", year)


@pytest.mark.django_db
def test_year_outside_the_format_refused(admin_client, report_index):
    url = reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_govdisclosure", "annualreportpage", report_index.pk),
    )
    response = admin_client.post(url, report_form_data(correct_document(2020)))
    assert "year" in response.context["form"].errors


# --- The report as a document ----------------------------------------------------------------


@pytest.mark.django_db
def test_new_report_has_every_table_and_every_cell_blank(report_index):
    page = AnnualReportPage(title="空白", slug="blank", year=2022, live=False)
    report_index.add_child(instance=page)
    page.refresh_from_db()
    assert [child.block_type for child in page.tables] == [format_block_type(CURRENT.key)]
    assert page.get_tables() == blank_tables(CURRENT)


@pytest.mark.django_db
def test_document_round_trip(report_index):
    document = correct_document()
    page = make_report(report_index, document)
    page = AnnualReportPage.objects.get(pk=page.pk)

    built = page.document
    assert built.agency == "嘉祥县科学技术局"
    assert built.agency_level is AgencyLevel.COUNTY
    assert built.agency_kind is AgencyKind.DEPARTMENT
    assert built.year == 2022
    assert built.format is CURRENT
    assert built.published is None
    assert tables_to_json(CURRENT, built.tables) == tables_to_json(CURRENT, document.tables)
    assert built.sections["overview"] == document.sections["overview"]

    page.save_revision().publish()
    page = AnnualReportPage.objects.get(pk=page.pk)
    assert page.document.published == timezone.localdate(page.first_published_at)


def test_every_declared_section_has_its_field():
    for report_format in FORMATS.values():
        for section in report_format.sections:
            field = AnnualReportPage._meta.get_field(SECTION_FIELDS[section.key])
            assert field.verbose_name == section.title
    assert AnnualReportPage.check() == []


@pytest.mark.django_db
def test_previous_report_is_the_published_one_of_the_same_agency(report_index, other_index):
    page = make_report(report_index, correct_document(2022))
    earlier = make_report(report_index, correct_document(2021))
    make_report(other_index, correct_document(2021))
    assert page.previous_report() is None  # a draft is not last year's report yet
    earlier.save_revision().publish()
    assert page.previous_report() == earlier


@pytest.mark.django_db
def test_carry_over_from_last_years_report_is_checked(report_index):
    earlier_document = correct_document(2021)
    earlier_document.set("applications.received.natural_person", 5)
    earlier_document.set("applications.carried_over_out.natural_person", 2)
    from wagtail_govdisclosure.checks import fill_totals

    fill_totals(earlier_document)
    earlier = make_report(report_index, earlier_document)
    earlier.save_revision().publish()

    page = make_report(report_index, correct_document(2022))  # carried_over_in: 0, not 2
    codes = {f.code for f in page.get_findings() if f.is_error}
    assert codes == {"carry_over"}
    with pytest.raises(PublishRefused):
        page.get_latest_revision().publish()


@pytest.mark.django_db
def test_alias_in_another_column_is_not_a_second_report(report_index, other_index):
    page = make_report(report_index, correct_document(2022))
    page.save_revision().publish()
    page.refresh_from_db()
    make_report(other_index, correct_document(2022))
    alias = page.create_alias(parent=other_index, update_slug="alias-2022")
    assert alias.live
    assert alias.specific.get_column().agency_name == "嘉祥县科学技术局"


@pytest.mark.django_db
def test_wrong_report_findings(wrong_report):
    errors = [f for f in wrong_report.get_findings() if f.is_error]
    assert {f.code for f in errors} == {"applications_row_total", "applications_balance"}
    assert wrong_document().get("applications.received.total") == 4
