"""StreamField blocks of the disclosure column."""

# Registers the grid editor's telepath adapter for the table block.
from . import adapters  # noqa: F401  (after .tables, which it extends)
from .tables import (
    FormatTablesBlock,
    ReportTableBlock,
    ReportTablesBlock,
    TableValidationError,
    format_block_type,
    format_key_of,
    tables_to_block_value,
)

__all__ = [
    "FormatTablesBlock",
    "ReportTableBlock",
    "ReportTablesBlock",
    "TableValidationError",
    "format_block_type",
    "format_key_of",
    "tables_to_block_value",
]
