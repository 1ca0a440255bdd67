"""StreamField blocks of the disclosure column."""

# Registers the grid editor's telepath adapters for the table and row blocks.
from . import adapters  # noqa: F401  (after .tables, which it extends)
from .tables import (
    CellBlock,
    FormatTablesBlock,
    ReportTableBlock,
    ReportTablesBlock,
    RowBlock,
    format_block_type,
    format_key_of,
    tables_to_block_value,
)

__all__ = [
    "CellBlock",
    "FormatTablesBlock",
    "ReportTableBlock",
    "ReportTablesBlock",
    "RowBlock",
    "format_block_type",
    "format_key_of",
    "tables_to_block_value",
]
