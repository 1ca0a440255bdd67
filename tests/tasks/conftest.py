"""The PDF tests' fixtures (a column's report index, a published report, counting renders)."""

from tests.pdf.conftest import _zh_hans, media, renders, report, report_index  # noqa: F401
