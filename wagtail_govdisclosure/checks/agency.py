"""Checks that depend on who publishes the report and when.

``regulations_not_competent``: only the State Council's departments and the
people's governments of provinces and of 设区的市 may make 规章 (《立法法》), so a
county-level or township organ, or any of its departments, reports 0 in that row.

``late_publication``: 《政府信息公开条例》第四十九条 — departments and township
governments publish by 31 January, people's governments at county level and
above their own report by 31 March.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..formats.base import AgencyKind, AgencyLevel
from ..formats.values import CellReading
from .base import CHECKS, Finding
from .labels import cell_name, date_text, number_text, quoted, row_title

if TYPE_CHECKING:
    from ..interchange import ReportDocument

#: regulations_not_competent: the 规章 row, and where such documents belong instead.
REGULATIONS = {"table": "proactive", "row": "regulations", "instead": "normative_documents"}
#: Levels whose organs cannot make 规章.
NOT_COMPETENT = frozenset({AgencyLevel.COUNTY, AgencyLevel.TOWNSHIP})

#: late_publication deadlines (month, day) of the year after the report's.
_DEPARTMENT_DEADLINE = (1, 31)
_GOVERNMENT_DEADLINE = (3, 31)
#: People's governments whose own report is due on 31 March.
_MARCH_LEVELS = frozenset({AgencyLevel.PROVINCE, AgencyLevel.CITY, AgencyLevel.COUNTY})


def regulations_not_competent(
    document: ReportDocument, readings: Mapping[str, CellReading]
) -> list[Finding]:
    """One finding per non-zero cell of the 规章 row, for county-level and township organs."""
    if document.agency_level not in NOT_COMPETENT:
        return []
    try:
        table = document.format.table(REGULATIONS["table"])
        columns = table.columns_of(REGULATIONS["row"])
    except KeyError:
        return []
    instead = ""
    try:
        table.row(REGULATIONS["instead"])
        instead = row_title(table, REGULATIONS["instead"])
    except KeyError:
        pass
    findings = []
    for column in columns:
        cell = table.cell(REGULATIONS["row"], column.key)
        reading = readings[cell.ref]
        if not reading.ok or reading.value == 0:
            continue
        values = {
            "cell": cell_name(cell),
            "actual": number_text(reading.value),
            "agency": document.agency,
            "row": quoted(row_title(table, REGULATIONS["row"])),
            "instead": quoted(instead),
        }
        if instead:
            message = (
                _(
                    "%(cell)s is %(actual)s, but %(agency)s is a county-level or township organ, "
                    "which cannot make %(row)s (only the State Council's departments and the "
                    "people's governments of provinces and of cities with districts can). Write 0; "
                    "the agency's own documents belong in %(instead)s."
                )
                % values
            )
        else:
            message = (
                _(
                    "%(cell)s is %(actual)s, but %(agency)s is a county-level or township organ, "
                    "which cannot make %(row)s (only the State Council's departments and the "
                    "people's governments of provinces and of cities with districts can). Write 0."
                )
                % values
            )
        if "agency_level" in document.inferred:
            message += _(" (The agency's level was inferred from its name.)")
        findings.append(
            Finding(
                "regulations_not_competent",
                CHECKS["regulations_not_competent"].severity,
                (cell.ref,),
                0,
                reading.value,
                capfirst(message),
            )
        )
    return findings


def deadline(document: ReportDocument) -> datetime.date | None:
    """The last day to publish ``document`` (条例 第四十九条), or ``None`` if unknown."""
    if document.agency_kind is AgencyKind.DEPARTMENT:
        month, day = _DEPARTMENT_DEADLINE
    elif document.agency_kind is AgencyKind.GOVERNMENT and document.agency_level is not None:
        if document.agency_level in _MARCH_LEVELS:
            month, day = _GOVERNMENT_DEADLINE
        else:
            month, day = _DEPARTMENT_DEADLINE
    else:
        return None
    return datetime.date(document.year + 1, month, day)


def late_publication(document: ReportDocument, today: datetime.date | None = None) -> list[Finding]:
    """``late_publication``: first published (or, if not yet, ``today``) after the deadline."""
    due = deadline(document)
    published = document.published
    if due is None or (published is None and today is None):
        return []
    if published is not None:
        if published <= due:
            return []
        message = _(
            "The report was first published on %(published)s, after the deadline of "
            "%(deadline)s (Article 49 of the Regulations on the Disclosure of Government "
            "Information)."
        ) % {"published": date_text(published), "deadline": date_text(due)}
        actual = published
    else:
        assert today is not None
        if today <= due:
            return []
        message = _(
            "The report is not yet published and the deadline of %(deadline)s has passed "
            "(Article 49 of the Regulations on the Disclosure of Government Information)."
        ) % {"deadline": date_text(due)}
        actual = today
    return [
        Finding(
            "late_publication",
            CHECKS["late_publication"].severity,
            (),
            due.isoformat(),
            actual.isoformat(),
            capfirst(message),
        )
    ]
