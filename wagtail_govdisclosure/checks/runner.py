"""Running every check on a report document."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .agency import late_publication, regulations_not_competent
from .base import Finding
from .history import carry_over, in_force_continuity, same_agency
from .narrative import text_table_mismatch
from .outdated import outdated_format
from .plan import read_tables
from .tables import cell_findings, rule_findings, sort_findings

if TYPE_CHECKING:
    from ..interchange import ReportDocument


def run_checks(
    document: ReportDocument,
    *,
    previous: ReportDocument | None = None,
    today: datetime.date | None = None,
    former_names: Iterable[str] = (),
) -> list[Finding]:
    """Every finding about ``document``, sorted (see :func:`.tables.sort_findings`).

    ``previous`` is last year's report of the same agency, for ``carry_over`` and
    ``in_force_continuity``; a report of another year or agency is ignored.
    ``former_names`` are the agency's earlier names, which last year's report may carry.
    ``today`` stands in for the publication date of a report not yet published
    (``late_publication``); without it an unpublished report is not judged late.
    Checks that need what the document does not say (the agency's level or kind,
    the publication date) are skipped. A report in a superseded format is judged
    by its own format's rules, and ``outdated_format`` says it is outdated.
    """
    report_format = document.format
    readings = read_tables(report_format, document.tables)

    findings = outdated_format(document)
    findings += cell_findings(report_format, readings)
    findings += rule_findings(report_format, readings)
    if previous is not None and same_agency(document, previous, former_names):
        previous_readings = read_tables(previous.format, previous.tables)
        findings += carry_over(document, readings, previous, previous_readings)
        findings += in_force_continuity(document, readings, previous, previous_readings)
    findings += regulations_not_competent(document, readings)
    findings += text_table_mismatch(document, readings)
    findings += late_publication(document, today)
    return sort_findings(report_format, findings)
