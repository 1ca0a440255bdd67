"""National annual-report formats, declared as data.

``FORMATS`` maps a format key (the interchange JSON's ``"format"``) to its
declaration; :data:`CURRENT` is the one editors author.
"""

from .base import (
    AgencyKind,
    AgencyLevel,
    Band,
    Cell,
    CellKind,
    Column,
    ColumnGroup,
    Layout,
    ReportFormat,
    Row,
    RowGroup,
    Section,
    SumRule,
    Table,
)
from .gb2019 import FORMAT_2019
from .gb2021 import FORMAT_2021

FORMATS: dict[str, ReportFormat] = {f.key: f for f in (FORMAT_2021, FORMAT_2019)}
CURRENT: ReportFormat = FORMAT_2021


def get_format(key: str) -> ReportFormat:
    """The declaration for ``key``; ``KeyError`` when no such format is declared."""
    return FORMATS[key]


__all__ = [
    "CURRENT",
    "FORMATS",
    "FORMAT_2019",
    "FORMAT_2021",
    "AgencyKind",
    "AgencyLevel",
    "Band",
    "Cell",
    "CellKind",
    "Column",
    "ColumnGroup",
    "Layout",
    "ReportFormat",
    "Row",
    "RowGroup",
    "Section",
    "SumRule",
    "Table",
    "get_format",
]
