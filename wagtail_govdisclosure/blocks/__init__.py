"""StreamField blocks of the disclosure column."""

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
