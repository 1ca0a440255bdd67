"""The interchange JSON document: parse, validate and produce it.

The same document is what the API exposes, what export writes and what import
and the audit read (see the format specification). Parsing is strict about
*structure* (unknown keys, missing tables or rows, wrong types are refused with
the JSON path named) and faithful about *cells*: a cell may hold a number, a
string or ``null`` exactly as transcribed, and the checks judge what it says
(``blank_cell``, ``invalid_number``), so a transcription keeps 「/」 as 「/」.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from .formats import CURRENT, FORMATS, AgencyKind, AgencyLevel, ReportFormat
from .formats.base import Cell
from .formats.values import CellReading, read_cell, to_json_value

RawCell = int | float | str | None
Tables = dict[str, dict[str, dict[str, RawCell]]]

_TOP_LEVEL_REQUIRED = ("format", "year", "agency", "tables")
_TOP_LEVEL_OPTIONAL = ("agency_level", "agency_kind", "published", "sections")

# Place names are made of a few characters and an administrative unit; an
# organ's level is the last unit its name's leading place names reach.
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,8}?(自治区|自治州|自治县|省|市|州|盟|县|区|旗|镇|乡|街道)")
_UNIT_LEVEL = {
    "省": AgencyLevel.PROVINCE,
    "自治区": AgencyLevel.PROVINCE,
    "市": AgencyLevel.CITY,
    "州": AgencyLevel.CITY,
    "自治州": AgencyLevel.CITY,
    "盟": AgencyLevel.CITY,
    "县": AgencyLevel.COUNTY,
    "自治县": AgencyLevel.COUNTY,
    "区": AgencyLevel.COUNTY,
    "旗": AgencyLevel.COUNTY,
    "镇": AgencyLevel.TOWNSHIP,
    "乡": AgencyLevel.TOWNSHIP,
    "街道": AgencyLevel.TOWNSHIP,
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document, at a JSON path such as ``tables.reviews``."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InterchangeError(ValueError):
    """The document cannot be read; ``problems`` lists every reason with its path."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def infer_agency(name: str) -> tuple[AgencyLevel | None, AgencyKind | None]:
    """Guess an organ's level and kind from its name (…县…局 is a county department).

    Returns ``None`` for what the name does not tell. A 县级市 reads as a city:
    callers must say the values were inferred, and an agency's own record wins.
    """
    level = None
    position = 0
    while match := _PLACE.match(name, position):
        level = _UNIT_LEVEL[match.group(1)]
        position = match.end()
    rest = name[position:]
    if not position:
        kind = None
    elif rest in ("人民政府", "") or rest.endswith("办事处") or rest == "政府":
        kind = AgencyKind.GOVERNMENT
    else:
        kind = AgencyKind.DEPARTMENT
    return level, kind


@dataclass
class ReportDocument:
    """An annual report's tables and metadata, as in the interchange JSON.

    ``tables[table][row][column]`` holds the raw cell as transcribed (see
    :func:`~wagtail_govdisclosure.formats.values.read_cell` for what it means).
    ``inferred`` names the optional fields filled in from the agency's name.
    """

    format: ReportFormat
    year: int
    agency: str
    tables: Tables
    agency_level: AgencyLevel | None = None
    agency_kind: AgencyKind | None = None
    published: datetime.date | None = None
    sections: dict[str, str] = field(default_factory=dict)
    inferred: frozenset[str] = frozenset()

    @classmethod
    def empty(
        cls, year: int, agency: str, report_format: ReportFormat = CURRENT, **kwargs: Any
    ) -> ReportDocument:
        """A document with every cell blank."""
        return cls(report_format, year, agency, blank_tables(report_format), **kwargs)

    def raw(self, cell: Cell) -> RawCell:
        return self.tables[cell.table.key][cell.row.key][cell.column.key]

    def read(self, cell: Cell) -> CellReading:
        return read_cell(self.raw(cell), cell.column)

    def set(self, ref: str, value: RawCell) -> None:
        table, row, column = ref.split(".")
        self.tables[table][row][column] = value

    def get(self, ref: str) -> RawCell:
        table, row, column = ref.split(".")
        return self.tables[table][row][column]

    @property
    def title(self) -> str:
        return self.format.title_for(self.agency, self.year)

    def to_json(self) -> dict[str, Any]:
        """The interchange JSON object (numbers normalised where they read as numbers)."""
        data: dict[str, Any] = {
            "format": self.format.key,
            "year": self.year,
            "agency": self.agency,
        }
        if self.agency_level and "agency_level" not in self.inferred:
            data["agency_level"] = self.agency_level.value
        if self.agency_kind and "agency_kind" not in self.inferred:
            data["agency_kind"] = self.agency_kind.value
        if self.published:
            data["published"] = self.published.isoformat()
        if self.sections:
            data["sections"] = {
                s.key: self.sections[s.key] for s in self.format.sections if s.key in self.sections
            }
        data["tables"] = tables_to_json(self.format, self.tables)
        return data

    def dumps(self, **kwargs: Any) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, **kwargs)


def blank_tables(report_format: ReportFormat = CURRENT) -> Tables:
    """Every row and column of the format, every cell ``None``."""
    return {
        table.key: {
            row.key: {column.key: None for column in table.columns_of(row.key)}
            for row in table.rows
        }
        for table in report_format.tables
    }


def tables_to_json(report_format: ReportFormat, tables: Mapping) -> dict[str, Any]:
    """The ``tables`` object, in the declaration's order, numbers normalised."""
    result: dict[str, Any] = {}
    for table in report_format.tables:
        rows: dict[str, Any] = {}
        for row in table.rows:
            values: dict[str, Any] = {}
            for column in table.columns_of(row.key):
                raw = tables.get(table.key, {}).get(row.key, {}).get(column.key)
                reading = read_cell(raw, column)
                values[column.key] = (
                    to_json_value(reading.value, column) if reading.ok else _json_safe(raw)
                )
            rows[row.key] = values
        result[table.key] = rows
    return result


def _json_safe(raw: object) -> RawCell:
    if isinstance(raw, Decimal):
        return str(raw)
    if isinstance(raw, float) and not math.isfinite(raw):
        return str(raw)
    return raw  # type: ignore[return-value]


#: The most digits an integer in interchange JSON may have: counts are far smaller, and
#: Python refuses to convert integers of more than 4,300 digits at all.
MAX_INTEGER_DIGITS = 30


class _NumberTooLong(ValueError):
    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


def _bounded_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INTEGER_DIGITS:
        raise _NumberTooLong(digits)
    return int(text)


def loads(text: str | bytes) -> ReportDocument:
    """Parse interchange JSON text; :class:`InterchangeError` names what is wrong."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InterchangeError([Problem("", _("The file is not UTF-8 text."))]) from exc
    try:
        data = json.loads(text, parse_float=Decimal, parse_int=_bounded_int)
    except RecursionError as exc:
        # 200,000 nested brackets: the decoder gives up at Python's recursion limit.
        raise InterchangeError(
            [Problem("", _("The JSON is nested too deeply to be a report document."))]
        ) from exc
    except _NumberTooLong as exc:
        raise InterchangeError(
            [
                Problem(
                    "",
                    _("A number in the JSON has %(digits)s digits; a count has at most %(limit)s.")
                    % {"digits": exc.digits, "limit": MAX_INTEGER_DIGITS},
                )
            ]
        ) from exc
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            [
                Problem(
                    "",
                    _("Not valid JSON (line %(line)s, column %(column)s): %(error)s")
                    % {"line": exc.lineno, "column": exc.colno, "error": exc.msg},
                )
            ]
        ) from exc
    return parse(data)


def parse(data: object) -> ReportDocument:
    """Validate a decoded interchange JSON object and build the document."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise InterchangeError([Problem("", _("The document must be a JSON object."))])

    for key in data:
        if key not in _TOP_LEVEL_REQUIRED and key not in _TOP_LEVEL_OPTIONAL:
            problems.append(Problem(str(key), _("Unknown key.")))
    for key in _TOP_LEVEL_REQUIRED:
        if key not in data:
            problems.append(Problem(key, _("This key is required.")))

    report_format = None
    format_key = data.get("format")
    if "format" in data:
        if not isinstance(format_key, str) or format_key not in FORMATS:
            problems.append(
                Problem(
                    "format",
                    _("Unknown format “%(value)s”; known formats: %(known)s.")
                    % {"value": format_key, "known": "、".join(FORMATS)},
                )
            )
        else:
            report_format = FORMATS[format_key]

    year = data.get("year")
    if "year" in data and (isinstance(year, bool) or not isinstance(year, int)):
        problems.append(Problem("year", _("The year must be a whole number such as 2022.")))
    elif isinstance(year, int) and not 2000 <= year <= 2100:
        problems.append(Problem("year", _("The year %(year)s is out of range.") % {"year": year}))

    agency = data.get("agency")
    if "agency" in data and (not isinstance(agency, str) or not agency.strip()):
        problems.append(Problem("agency", _("The agency must be a non-empty text.")))

    level = _enum(data, "agency_level", AgencyLevel, problems)
    kind = _enum(data, "agency_kind", AgencyKind, problems)
    published = _date(data, "published", problems)
    sections = _sections(data, report_format or CURRENT, problems)

    tables: Tables = {}
    if report_format is not None and "tables" in data:
        tables = _tables(data["tables"], report_format, problems)

    if problems:
        raise InterchangeError(problems)
    assert report_format is not None and isinstance(year, int) and isinstance(agency, str)

    inferred = set()
    agency = agency.strip()
    if level is None or kind is None:
        guessed_level, guessed_kind = infer_agency(agency)
        if level is None and guessed_level is not None:
            level, inferred = guessed_level, inferred | {"agency_level"}
        if kind is None and guessed_kind is not None:
            kind, inferred = guessed_kind, inferred | {"agency_kind"}
    return ReportDocument(
        format=report_format,
        year=year,
        agency=agency,
        tables=tables,
        agency_level=level,
        agency_kind=kind,
        published=published,
        sections=sections,
        inferred=frozenset(inferred),
    )


def _enum(data: dict, key: str, enum_type: type, problems: list[Problem]) -> Any:
    if key not in data or data[key] is None:
        return None
    try:
        return enum_type(data[key])
    except ValueError:
        problems.append(
            Problem(
                key,
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": data[key], "choices": "、".join(e.value for e in enum_type)},
            )
        )
        return None


def _date(data: dict, key: str, problems: list[Problem]) -> datetime.date | None:
    if key not in data or data[key] is None:
        return None
    value = data[key]
    try:
        if not isinstance(value, str):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        problems.append(Problem(key, _("Not a date in the form 2023-01-31.")))
        return None


def _sections(data: dict, report_format: ReportFormat, problems: list[Problem]) -> dict:
    value = data.get("sections")
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(Problem("sections", _("Expected an object.")))
        return {}
    known = {s.key for s in report_format.sections}
    sections = {}
    for key, text in value.items():
        path = f"sections.{key}"
        if key not in known:
            problems.append(Problem(path, _("Unknown key.")))
        elif text is not None and not isinstance(text, str):
            problems.append(Problem(path, _("Expected a text (HTML).")))
        else:
            sections[key] = text or ""
    return sections


def _tables(value: object, report_format: ReportFormat, problems: list[Problem]) -> Tables:
    if not isinstance(value, dict):
        problems.append(Problem("tables", _("Expected an object.")))
        return {}
    tables: Tables = {}
    known_tables = {t.key for t in report_format.tables}
    for key in value:
        if key not in known_tables:
            problems.append(Problem(f"tables.{key}", _("Unknown table.")))
    for table in report_format.tables:
        path = f"tables.{table.key}"
        if table.key not in value:
            problems.append(Problem(path, _("This table is missing.")))
            continue
        rows_value = value[table.key]
        if not isinstance(rows_value, dict):
            problems.append(Problem(path, _("Expected an object.")))
            continue
        known_rows = {r.key for r in table.rows}
        for key in rows_value:
            if key not in known_rows:
                problems.append(Problem(f"{path}.{key}", _("Unknown row.")))
        rows: dict[str, dict[str, RawCell]] = {}
        for row in table.rows:
            row_path = f"{path}.{row.key}"
            if row.key not in rows_value:
                problems.append(Problem(row_path, _("This row is missing.")))
                continue
            cells_value = rows_value[row.key]
            if not isinstance(cells_value, dict):
                problems.append(Problem(row_path, _("Expected an object.")))
                continue
            columns = table.columns_of(row.key)
            known_columns = {c.key for c in columns}
            for key in cells_value:
                if key not in known_columns:
                    problems.append(Problem(f"{row_path}.{key}", _("Unknown column.")))
            cells: dict[str, RawCell] = {}
            for column in columns:
                cell_path = f"{row_path}.{column.key}"
                if column.key not in cells_value:
                    problems.append(Problem(cell_path, _("This cell is missing.")))
                    continue
                raw = cells_value[column.key]
                if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal | str | None):
                    problems.append(
                        Problem(
                            cell_path,
                            _("A cell holds a number, a text or null, not %(type)s.")
                            % {"type": _json_type(raw)},
                        )
                    )
                    continue
                cells[column.key] = raw
            rows[row.key] = cells
        tables[table.key] = rows
    return tables


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("an object")
    return type(value).__name__
