"""The checks of an annual report: pure Python, no database, no Wagtail.

``run_checks(document)`` returns the :class:`Finding` list the editor, the
publish guard, the API and the audit all show. The codes, severities and rules
are those of the format specification (``docs/checks.md`` is generated from
:data:`CHECKS`); the arithmetic comes from the format declaration's rules.
"""

from .base import (
    CHECKS,
    CheckInfo,
    Finding,
    Severity,
    finding_lines,
    findings_by_cell,
    has_errors,
    summary,
    summary_line,
)
from .narrative import find_mentions, plain_text
from .runner import run_checks
from .tables import check_table_values, sort_findings
from .totals import compute_totals, fill_totals

__all__ = [
    "CHECKS",
    "CheckInfo",
    "Finding",
    "Severity",
    "check_table_values",
    "compute_totals",
    "fill_totals",
    "find_mentions",
    "finding_lines",
    "findings_by_cell",
    "has_errors",
    "plain_text",
    "run_checks",
    "sort_findings",
    "summary",
    "summary_line",
]
