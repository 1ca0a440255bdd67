"""One block per table: every report's and every revision's tables, keyed as the interchange JSON.

The tables of a report were a StructBlock per table holding a StructBlock per
row holding a block per cell; they are now one block per table whose value is
``{row: {column: value}}``. The stored JSON of the old nested blocks had that
shape already, so the conversion is a normalisation, written out so that the
stored value is exactly what the new blocks read: every declared row and column
present (a missing one as a blank), each number as the interchange JSON writes
it (「１２」 typed into an old cell is ``12``), keys the declaration does not
have dropped (no block ever read them). Nothing a reader sees changes: the
migration test compares each page's and revision's document and public HTML.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import migrations

FORMAT_PREFIX = "format_"


def convert_tables(value: Any, format_key: str) -> dict[str, Any]:
    """A format block's value keyed by the declaration's tables, rows and columns."""
    from wagtail_govdisclosure.blocks.tables import stored_cell_value
    from wagtail_govdisclosure.formats import get_format

    report_format = get_format(format_key)
    value = value if isinstance(value, dict) else {}
    converted: dict[str, Any] = {}
    for table in report_format.tables:
        old_table = value.get(table.key) if isinstance(value.get(table.key), dict) else {}
        rows: dict[str, Any] = {}
        for row in table.rows:
            old_row = old_table.get(row.key) if isinstance(old_table.get(row.key), dict) else {}
            rows[row.key] = {
                column.key: stored_cell_value(
                    old_row.get(column.key), table.cell(row.key, column.key)
                )
                for column in table.columns_of(row.key)
            }
        converted[table.key] = rows
    return converted


def convert_stream(raw: Any) -> list[dict[str, Any]] | None:
    """The ``tables`` stream's raw data converted (``None`` when it is not a stream)."""
    from wagtail_govdisclosure.formats import FORMATS

    if isinstance(raw, str):
        raw = json.loads(raw) if raw else []
    if not isinstance(raw, list):
        return None
    converted = []
    for child in raw:
        if not isinstance(child, dict):
            continue
        block_type = str(child.get("type", ""))
        format_key = block_type[len(FORMAT_PREFIX) :]
        if block_type.startswith(FORMAT_PREFIX) and format_key in FORMATS:
            child = {**child, "value": convert_tables(child.get("value"), format_key)}
        converted.append(child)
    return converted


def forward(apps: Any, schema_editor: Any) -> None:
    report_model = apps.get_model("wagtail_govdisclosure", "AnnualReportPage")
    revision_model = apps.get_model("wagtailcore", "Revision")
    content_type_model = apps.get_model("contenttypes", "ContentType")

    for page in report_model.objects.all().iterator():
        raw = page.tables.raw_data if hasattr(page.tables, "raw_data") else page.tables
        converted = convert_stream(list(raw))
        if converted is not None:
            report_model.objects.filter(pk=page.pk).update(tables=converted)

    content_type = content_type_model.objects.filter(
        app_label="wagtail_govdisclosure", model="annualreportpage"
    ).first()
    if content_type is None:
        return
    revisions = revision_model.objects.filter(content_type_id=content_type.pk)
    for revision in revisions.iterator():
        content = revision.content or {}
        if "tables" not in content:
            continue
        converted = convert_stream(content["tables"])
        if converted is None:
            continue
        # A revision stores the stream as the JSON text Wagtail serialises it to.
        as_text = isinstance(content["tables"], str)
        content["tables"] = json.dumps(converted) if as_text else converted
        revision_model.objects.filter(pk=revision.pk).update(content=content)


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_govdisclosure", "0004_former_names"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop, elidable=False),
    ]
