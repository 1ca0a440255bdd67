"""An index on Wagtail's page tree by depth and path.

``get_children()`` filters the path range of the parent's subtree and the
child depth: without an index on ``depth`` PostgreSQL reads the whole
subtree (every page of a portal, for the home page's children). An index on
``(depth, path)`` finds the children directly, in tree order. Created on
PostgreSQL and SQLite only (``IF NOT EXISTS`` there); another database keeps
Wagtail's own indexes.
"""

from django.db import migrations

INDEX = "govdisclosure_page_depth_path"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (depth, path)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_govdisclosure", "0006_report_summary"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
