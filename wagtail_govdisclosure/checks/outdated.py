"""``outdated_format``: tables laid out in a superseded national format.

A superseded format stays right for the years it was in force (a 2020 report
in the 2019 trial format is correct), so the check fires only for a year after
the format's last year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from ..formats import FORMATS
from .base import CHECKS, Finding

if TYPE_CHECKING:
    from ..interchange import ReportDocument


def is_outdated(document: ReportDocument) -> bool:
    report_format = document.format
    if not report_format.superseded_by:
        return False
    return report_format.last_year is None or document.year > report_format.last_year


def outdated_format(document: ReportDocument) -> list[Finding]:
    if not is_outdated(document):
        return []
    old = document.format
    current = FORMATS.get(old.superseded_by)
    if current is None:  # pragma: no cover - a declaration naming an undeclared successor
        raise LookupError(f"Format {old.key!r} is superseded by an undeclared format.")
    values = {
        "reference": old.reference,
        "first": old.first_year,
        "last": old.last_year,
        "year": document.year,
        "name": current.name,
        "current": current.reference,
    }
    if old.last_year is not None:
        message = (
            _(
                "The tables follow the superseded format %(reference)s, used for the reports of "
                "%(first)s to %(last)s; a report for %(year)s uses 《%(name)s》 (%(current)s). "
                "Re-enter the figures in the current tables."
            )
            % values
        )
    else:
        message = (
            _(
                "The tables follow the superseded format %(reference)s; a report for %(year)s "
                "uses 《%(name)s》 (%(current)s). Re-enter the figures in the current tables."
            )
            % values
        )
    return [
        Finding(
            "outdated_format",
            CHECKS["outdated_format"].severity,
            (),
            current.reference,
            old.reference,
            message,
        )
    ]
