"""Findings and the registry of check codes.

A :class:`Finding` is what every check produces: a stable code from the
specification, a severity, the cells it is about and a message already rendered
in the active language (the editor, the API and the audit show it as is).
:data:`CHECKS` describes every code, in the specification's order; the
documentation (``docs/checks.md``) is generated from it.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext


class Severity(enum.StrEnum):
    """Errors block publishing; warnings are shown but do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One thing a check found.

    ``cells`` are public references ``table.row.column`` (for a total: the total
    cell first, then its parts), plus ``sections.<key>`` for a narrative section
    a finding quotes. ``expected`` and ``actual`` are what the rule wanted and
    what the report says (see ``docs/checks.md`` for each code). ``message`` is
    rendered when the finding is made, in the language active then.
    """

    code: str
    severity: Severity
    cells: tuple[str, ...]
    expected: object | None
    actual: object | None
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict; decimals and dates become strings."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "cells": list(self.cells),
            "expected": _json_value(self.expected),
            "actual": _json_value(self.actual),
            "message": str(self.message),
        }


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


@dataclass(frozen=True)
class CheckInfo:
    """What a check code means: for the documentation, the API and the editor's help."""

    code: str
    severity: Severity
    title: str | Promise
    description: str | Promise
    #: What the check needs to run beyond the tables (empty: it always runs).
    requires: str | Promise = ""
    #: What ``expected`` and ``actual`` hold in this check's findings.
    values: str | Promise = ""


_INFOS = (
    CheckInfo(
        "blank_cell",
        Severity.ERROR,
        _("Blank cell"),
        _(
            "A cell is blank or holds a placeholder such as “/”, “—” or “无” instead of a "
            "number. The form wants 0 written where there is nothing to report."
        ),
        values=_(
            "expected: for a blank total whose parts are all numbers, the sum it should hold "
            "(else empty); actual: what the cell holds (empty or the placeholder)."
        ),
    ),
    CheckInfo(
        "invalid_number",
        Severity.ERROR,
        _("Invalid number"),
        _(
            "A cell is not a number, is negative, is a fraction where a count is required, or "
            "has more decimal places than its amount allows."
        ),
        values=_("expected: empty; actual: what the cell holds."),
    ),
    CheckInfo(
        "applications_row_total",
        Severity.ERROR,
        _("Applications: row total"),
        _(
            "In the applications table, a row's total differs from the sum of its applicant "
            "columns."
        ),
        values=_("expected: the sum of the parts; actual: the total as written."),
    ),
    CheckInfo(
        "applications_handled_total",
        Severity.ERROR,
        _("Applications: handled total"),
        _(
            "In the applications table, in some column, the total of the outcomes differs "
            "from the sum of the outcome rows above it."
        ),
        values=_("expected: the sum of the parts; actual: the total as written."),
    ),
    CheckInfo(
        "applications_balance",
        Severity.ERROR,
        _("Applications: balance"),
        _(
            "In the applications table, in some column, new applications plus those carried "
            "over from last year differ from the applications handled plus those carried over "
            "to next year (the rule printed in the table's header)."
        ),
        values=_("expected: the sum of the left side; actual: the sum of the right side."),
    ),
    CheckInfo(
        "reviews_total",
        Severity.ERROR,
        _("Reviews and lawsuits: total"),
        _(
            "In the administrative reconsideration and litigation table, a group's total "
            "differs from the sum of its results."
        ),
        values=_("expected: the sum of the parts; actual: the total as written."),
    ),
    CheckInfo(
        "carry_over",
        Severity.ERROR,
        _("Carry-over from last year"),
        _(
            "In some column, the applications carried over from last year differ from the "
            "applications carried over to the next year in last year's report of the same "
            "agency."
        ),
        requires=_("last year's report of the same agency"),
        values=_("expected: last year's figure; actual: this year's figure."),
    ),
    CheckInfo(
        "in_force_continuity",
        Severity.WARNING,
        _("Documents in force"),
        _(
            "For rules and normative documents, the number in force differs from last year's "
            "number in force plus those issued minus those repealed this year. Documents that "
            "expire on their own make this a warning, not an error."
        ),
        requires=_("last year's report of the same agency"),
        values=_("expected: the number computed from last year; actual: the number written."),
    ),
    CheckInfo(
        "regulations_not_competent",
        Severity.ERROR,
        _("Rules reported by an organ that cannot make them"),
        _(
            "The row for rules has a non-zero count while the agency is a county-level or "
            "township organ (a people's government at county or township level, or one of its "
            "departments). Only the State Council's departments and the people's "
            "governments of provinces and of cities with districts can make rules."
        ),
        requires=_("the agency's administrative level (given, or inferred from its name)"),
        values=_("expected: 0; actual: the count written."),
    ),
    CheckInfo(
        "text_table_mismatch",
        Severity.WARNING,
        _("Text contradicts the tables"),
        _(
            "A figure stated in the narrative contradicts the tables: applications received, "
            "carried over from last year or to next year, administrative reconsiderations and "
            "lawsuits (also “no applications received” or “no reconsideration or lawsuit” "
            "while the table says otherwise). Only sentences that name the quantity "
            "unambiguously and for the whole year are read; sentences about a part of it, "
            "another year, another scope (the whole county, a system), deputies' and "
            "committee members' proposals or fees are left alone."
        ),
        requires=_("the narrative sections"),
        values=_("expected: the table's figure; actual: the figure in the text."),
    ),
    CheckInfo(
        "late_publication",
        Severity.WARNING,
        _("Late publication"),
        _(
            "The report was first published after the deadline of Article 49 of the "
            "Regulations: 31 January of the following year for departments and townships, "
            "31 March for the own report of a people's government at county level or above."
        ),
        requires=_(
            "the publication date (or today's date for a report not yet published) and the "
            "agency's kind, plus its level for a people's government"
        ),
        values=_("expected: the deadline; actual: the publication date (ISO dates)."),
    ),
    CheckInfo(
        "outdated_format",
        Severity.ERROR,
        _("Outdated format"),
        _(
            "The tables follow a superseded format (the 2019 trial format) for a year after "
            "that format's last year."
        ),
        values=_("expected: the current format's reference; actual: the format's reference."),
    ),
)

#: Every check code of the specification, in its order.
CHECKS: dict[str, CheckInfo] = {info.code: info for info in _INFOS}

#: Position of each code, for sorting findings.
CODE_ORDER: dict[str, int] = {code: index for index, code in enumerate(CHECKS)}


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding blocks publishing."""
    return any(finding.severity is Severity.ERROR for finding in findings)


def findings_by_cell(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Map each reference (cell or ``sections.<key>``) to the findings naming it, in order."""
    result: dict[str, list[Finding]] = {}
    for finding in findings:
        for ref in finding.cells:
            result.setdefault(ref, []).append(finding)
    return result


def summary(findings: Iterable[Finding]) -> dict[str, Any]:
    """Counts for the API: ``{"errors": n, "warnings": n, "codes": {code: count}}``."""
    errors = warnings = 0
    codes: dict[str, int] = {}
    for finding in findings:
        if finding.severity is Severity.ERROR:
            errors += 1
        else:
            warnings += 1
        codes[finding.code] = codes.get(finding.code, 0) + 1
    ordered = dict(sorted(codes.items(), key=lambda item: (CODE_ORDER.get(item[0], 99), item[0])))
    return {"errors": errors, "warnings": warnings, "codes": ordered}


def summary_line(findings: Sequence[Finding]) -> str:
    """``3 errors, 1 warning (blank_cell ×3, late_publication ×1)`` or “no findings”."""
    if not findings:
        return _("No findings: every check passes.")
    counts = summary(findings)
    codes = ", ".join(f"{code} ×{count}" for code, count in counts["codes"].items())
    errors = ngettext("%(count)s error", "%(count)s errors", counts["errors"]) % {
        "count": counts["errors"]
    }
    warnings = ngettext("%(count)s warning", "%(count)s warnings", counts["warnings"]) % {
        "count": counts["warnings"]
    }
    return _("%(errors)s, %(warnings)s (%(codes)s)") % {
        "errors": errors,
        "warnings": warnings,
        "codes": codes,
    }


def finding_lines(findings: Sequence[Finding]) -> list[str]:
    """One line per finding: severity, code, the cells it names, the message."""
    lines = []
    for finding in findings:
        severity = (
            pgettext("finding severity", "error")
            if finding.is_error
            else pgettext("finding severity", "warning")
        )
        where = f" {', '.join(finding.cells)}" if finding.cells else ""
        lines.append(f"[{severity}] {finding.code}{where}: {finding.message}")
    return lines
