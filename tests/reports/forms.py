"""POST data for the report's admin forms, built like the editor builds it."""

from __future__ import annotations

from typing import Any

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from wagtail_govdisclosure.blocks.tables import format_block_type
from wagtail_govdisclosure.conf import get_setting
from wagtail_govdisclosure.interchange import ReportDocument
from wagtail_govdisclosure.models import SECTION_FIELDS


def cell_text(value: object) -> str:
    return "" if value is None else str(value)


def tables_form_value(document: ReportDocument) -> dict[str, Any]:
    """The format block's form value: every cell as the text the editor would hold."""
    return {
        table.key: {
            row.key: {
                column.key: cell_text(document.tables[table.key][row.key][column.key])
                for column in table.columns_of(row.key)
            }
            for row in table.rows
        }
        for table in document.format.tables
    }


def report_form_data(
    document: ReportDocument,
    *,
    title: str = "",
    slug: str = "",
    action: str | None = None,
    **extra: str,
) -> dict[str, str]:
    """The report's edit/create form as POSTed; ``action`` e.g. ``"action-publish"``."""
    features = get_setting("REPORT_RICH_TEXT_FEATURES")
    data: dict[str, Any] = {
        "title": title or f"{document.agency}{document.year}年政府信息公开工作年度报告",
        "slug": slug or f"report-{document.year}",
        "year": str(document.year),
        "tables": streamfield(
            [(format_block_type(document.format.key), tables_form_value(document))]
        ),
    }
    for key, field in SECTION_FIELDS.items():
        data[field] = rich_text(document.sections.get(key, ""), features=features)
    flat = nested_form_data(data)
    if action:
        flat[action] = "1"
    flat.update(extra)
    return flat
