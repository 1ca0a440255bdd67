"""Checks against last year's report of the same agency.

These rules are about specific rows of the form, so the rows are named here,
in one place; every label in a message still comes from the declaration. A
rule whose rows or columns a format does not have (the 2019 trial format has no
现行有效件数) is skipped for that format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..formats.base import Cell, ReportFormat
from ..formats.values import CellReading
from .base import CHECKS, Finding
from .labels import cell_name, column_title, number_text, quoted

if TYPE_CHECKING:
    from ..interchange import ReportDocument

#: carry_over: this year's carried-in row must equal last year's carried-out row.
CARRY_OVER = {
    "table": "applications",
    "this_year": "carried_over_in",
    "last_year": "carried_over_out",
}

#: in_force_continuity: rows whose documents in force carry over from year to year,
#: and the columns of the equation in_force = last year's in_force + issued − repealed.
IN_FORCE = {
    "table": "proactive",
    "rows": ("regulations", "normative_documents"),
    "in_force": "in_force",
    "issued": "issued",
    "repealed": "repealed",
}


def same_agency(
    document: ReportDocument, previous: ReportDocument, former_names: Iterable[str] = ()
) -> bool:
    """Whether ``previous`` is the report of the year before by the same agency.

    ``former_names`` are names the agency had before (the column records them):
    last year's report may carry one of them.
    """
    if previous.year != document.year - 1:
        return False
    names = [document.agency, *former_names]
    return any(agency_names_match(name, previous.agency) for name in names if name.strip())


#: A place prefixed to an organ's name: 「淮安市」洪泽区人民政府, 「江苏省」淮安市….
_PLACE = re.compile(r".{1,8}?(?:省|自治区|市|自治州|地区|盟|县|区)")
#: The places above a county: 「江苏省淮安市」.
_PARENT_PLACES = re.compile(r"(?:.{1,8}?(?:省|自治区|市|自治州|地区|盟))+")


def agency_names_match(first: str, second: str) -> bool:
    """Whether two names are one organ's, written with or without its parent's place name.

    「洪泽区人民政府」 and 「淮安市洪泽区人民政府」 match; 「人民政府办公厅」 alone is
    too short a remainder to match 「上海市人民政府办公厅」 (needs its own place name).
    """
    a, b = _name(first), _name(second)
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if not longer.endswith(shorter) or not _PLACE.match(shorter):
        return False
    prefix = longer[: len(longer) - len(shorter)]
    return bool(_PARENT_PLACES.fullmatch(prefix))


def _name(agency: str) -> str:
    return "".join(agency.split())


def _cell(report_format: ReportFormat, table: str, row: str, column: str) -> Cell | None:
    try:
        return report_format.table(table).cell(row, column)
    except KeyError:
        return None


def carry_over(
    document: ReportDocument,
    readings: Mapping[str, CellReading],
    previous: ReportDocument,
    previous_readings: Mapping[str, CellReading],
) -> list[Finding]:
    """``carry_over``: per column, carried in this year = carried out in last year's report."""
    findings = []
    table_key = CARRY_OVER["table"]
    try:
        table = document.format.table(table_key)
        columns = table.columns_of(CARRY_OVER["this_year"])
    except KeyError:
        return []
    for column in columns:
        this = _cell(document.format, table_key, CARRY_OVER["this_year"], column.key)
        last = _cell(previous.format, table_key, CARRY_OVER["last_year"], column.key)
        if this is None or last is None:
            continue
        actual, expected = readings[this.ref], previous_readings[last.ref]
        if not (actual.ok and expected.ok) or actual.value == expected.value:
            continue
        message = _(
            "%(cell)s is %(actual)s, but the %(year)s report gives %(previous)s as "
            "%(expected)s; the two must be equal."
        ) % {
            "cell": cell_name(this),
            "actual": number_text(actual.value),
            "year": previous.year,
            "previous": cell_name(last),
            "expected": number_text(expected.value),
        }
        findings.append(
            Finding(
                "carry_over",
                CHECKS["carry_over"].severity,
                (this.ref,),
                expected.value,
                actual.value,
                capfirst(message),
            )
        )
    return findings


def in_force_continuity(
    document: ReportDocument,
    readings: Mapping[str, CellReading],
    previous: ReportDocument,
    previous_readings: Mapping[str, CellReading],
) -> list[Finding]:
    """``in_force_continuity``: in force = last year's in force + issued − repealed."""
    findings = []
    table_key = IN_FORCE["table"]
    for row_key in IN_FORCE["rows"]:
        cells = {
            role: _cell(document.format, table_key, row_key, IN_FORCE[role])
            for role in ("in_force", "issued", "repealed")
        }
        last = _cell(previous.format, table_key, row_key, IN_FORCE["in_force"])
        if last is None or any(cell is None for cell in cells.values()):
            continue
        values = {role: readings[cell.ref] for role, cell in cells.items()}  # type: ignore[union-attr]
        before = previous_readings[last.ref]
        if not before.ok or not all(v.ok for v in values.values()):
            continue
        expected = before.value + values["issued"].value - values["repealed"].value
        actual = values["in_force"].value
        if expected == actual:
            continue
        in_force = cells["in_force"]
        assert in_force is not None
        band = in_force.band
        message = _(
            "%(cell)s is %(actual)s, but last year's %(in_force)s (%(before)s) plus this "
            "year's %(issued)s (%(issued_value)s) minus %(repealed)s (%(repealed_value)s) "
            "makes %(expected)s. If documents expired on their own, say so in the report."
        ) % {
            "cell": cell_name(in_force),
            "actual": number_text(actual),
            "in_force": quoted(column_title(band, IN_FORCE["in_force"])),
            "before": number_text(before.value),
            "issued": quoted(column_title(band, IN_FORCE["issued"])),
            "issued_value": number_text(values["issued"].value),
            "repealed": quoted(column_title(band, IN_FORCE["repealed"])),
            "repealed_value": number_text(values["repealed"].value),
            "expected": number_text(expected),
        }
        findings.append(
            Finding(
                "in_force_continuity",
                CHECKS["in_force_continuity"].severity,
                tuple(cell.ref for cell in cells.values()),  # type: ignore[union-attr]
                expected,
                actual,
                capfirst(message),
            )
        )
    return findings
