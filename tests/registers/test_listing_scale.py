"""The registers listing at province scale: its order is indexed, its year filter cheap."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail_govdisclosure.registers.models import Application, ReviewCase

from .conftest import add_applications

INDEX = "wagtail_govdisclosure_registers_application_modeladmin_index"


def test_the_listing_order_has_an_index() -> None:
    for model, date_field in ((Application, "received_on"), (ReviewCase, "filed_on")):
        ordering = [f"-{date_field}", "-pk"]
        assert model._meta.ordering == ordering
        assert [f"-{date_field}", "-id"] in [index.fields for index in model._meta.indexes]


def test_the_year_filter_asks_once_for_the_first_and_last_day(admin_client, agency) -> None:
    add_applications(
        agency,
        [
            ("2021-001", "natural_person", "2021-03-01", None, ""),
            ("2023-001", "natural_person", "2023-06-01", None, ""),
        ],
    )
    table = Application._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse(INDEX))
    html = response.content.decode()
    # Every year from the first entry to the last, the empty 2022 included.
    assert all(f"?year={year}" in html for year in (2021, 2022, 2023))
    assert "?year=2020" not in html and "?year=2024" not in html
    on_register = [q["sql"] for q in queries if table in q["sql"]]
    assert len([sql for sql in on_register if "MIN(" in sql.upper()]) == 1
    assert not [sql for sql in on_register if "DISTINCT" in sql.upper()]
