"""Fixtures of the grid editor tests: those of the report tests (a column and its report index)."""

from tests.reports.conftest import column, report_index, site_root  # noqa: F401
