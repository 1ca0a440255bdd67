"""The demo loader of the registers."""

from __future__ import annotations

from io import StringIO

from django.core.management.color import no_style

from example_site.portal.demo import DemoContext
from example_site.portal.demo import registers as demo
from wagtail_govdisclosure.registers.fill import fill_report_tables
from wagtail_govdisclosure.registers.models import Application, ReviewCase
from wagtail_govdisclosure.registers.permissions import agencies_for_user, can_view_personal_data

from .conftest import make_column


def run(context: DemoContext | None = None) -> str:
    out = StringIO()
    demo.load(context or DemoContext(stdout=out, style=no_style()))
    return out.getvalue()


def test_without_the_bureaus_column_the_loader_skips(db) -> None:
    assert "skipped" in run()
    assert Application.objects.count() == 0


def test_the_loader_fills_the_bureaus_registers_once(root, django_user_model) -> None:
    agency = make_column(root, demo.AGENCY_NAME, 7)
    run()
    count = Application.objects.filter(agency=agency).count()
    assert count == len(demo.APPLICATIONS) + 2
    assert ReviewCase.objects.filter(agency=agency).count() == len(demo.CASES)
    run()
    assert Application.objects.count() == count
    tables = fill_report_tables(agency, 2023)
    assert tables["applications"]["received"]["total"] == len(demo.APPLICATIONS)
    assert tables["applications"]["carried_over_out"]["total"] == 2
    clerk = django_user_model.objects.get(username=demo.CLERK_USERNAME)
    assert list(agencies_for_user(clerk)) == [agency]
    assert not can_view_personal_data(clerk)
    overdue = Application.objects.filter(agency=agency).overdue()
    assert overdue.filter(reference__endswith="-D01").exists()
    assert (
        Application.objects.filter(agency=agency)
        .due_soon()
        .filter(reference__endswith="-D02")
        .exists()
    )


def test_the_loaders_lines_are_translated(root) -> None:
    from django.utils import translation

    make_column(root, demo.AGENCY_NAME, 7)
    with translation.override("en"):
        out = run()
    assert f"Review and litigation register: {len(demo.CASES)} cases" in out
    assert f"Application register: {len(demo.APPLICATIONS) + 2} applications" in out
