"""The common core of the importers: paragraphs and table grids → a report document.

Every parser (.docx, HTML, plain text) reduces its file to a
:class:`SourceDocument`: the paragraphs in reading order with the tables where
they stand, each table a grid of cell strings. :func:`build_document` then does
everything that does not depend on the file type, reading all it needs from
the format declarations (``formats.FORMATS``):

* which declared format the tables follow (2021, or the superseded 2019 trial
  format, so that the checks can say ``outdated_format``);
* which grid is which table, by the labels it contains, never by position;
* which row is which by its verbatim label, which column is which by the header
  labels above it, so a report with an extra column or a table split across
  two grids still reads right;
* every cell's value: a number normalised (full-width digits, spaces, thousands
  separators), a blank as ``None``, anything else (「/」「—」) kept as written for
  the checks to report;
* the agency and the year from the title, the narrative of the six sections.

What cannot be read is reported as an :class:`ImportProblem` naming the place,
never guessed: a cell is only ever filled from the cell under its row label and
column header.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..formats import (
    CURRENT,
    FORMATS,
    Band,
    CellKind,
    Column,
    ColumnGroup,
    Layout,
    ReportFormat,
    Row,
    RowGroup,
    Section,
    Table,
)
from ..formats.values import PLACEHOLDERS, CellStatus, normalise_text, read_cell, to_json_value
from ..interchange import InterchangeError, RawCell, ReportDocument, blank_tables, parse

# --- results -----------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    """Something in a file that could not be read, and where it is.

    ``severity`` is ``"error"`` when numbers, the agency or the year could not be
    read (the document is incomplete), ``"warning"`` when only narrative or
    content the form does not have was left out.
    """

    where: str
    message: str
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        if not self.where:
            return self.message
        return _("%(where)s: %(message)s") % {"where": self.where, "message": self.message}

    def to_json(self) -> dict[str, str]:
        return {"where": self.where, "message": self.message, "severity": self.severity}


@dataclass
class ImportResult:
    """What reading a file gave: the document (if the tables and title were found) and problems.

    ``document`` is ``None`` when the file is not a report that can be read at
    all (no report table, no agency or year in the title, a damaged file).
    ``preamble`` is the HTML of the paragraphs between the title and section 一
    (「本报告由…编制」), which the standard sections have no place for.
    """

    document: ReportDocument | None
    problems: list[ImportProblem] = field(default_factory=list)
    #: ``"docx"``, ``"html"``, ``"text"`` or ``"json"``.
    source: str = ""
    preamble: str = ""

    @property
    def ok(self) -> bool:
        """Whether the whole report was read: a document and no error-level problem."""
        return self.document is not None and not any(p.is_error for p in self.problems)


class UnreadableFile(Exception):
    """Raised by a parser for a file it cannot open at all; the message is for the user."""


# --- the intermediate every parser produces ----------------------------------


@dataclass(frozen=True)
class SourceCell:
    """The text at one position of a table grid.

    ``origin`` is the ``(row, column)`` of the cell this position copies when a
    merged cell (rowspan/colspan, Word's gridSpan/vMerge) covers it, else ``None``.
    """

    text: str
    origin: tuple[int, int] | None = None

    @property
    def is_copy(self) -> bool:
        return self.origin is not None


@dataclass
class SourceTable:
    """A table as a grid of cells, rows top to bottom.

    ``spans_resolved`` is ``False`` when the source did not say which cells are
    merged (the plain-text export: a merged cell appears once, rows have
    different lengths); the core then aligns such rows on their right-hand end,
    where the numbers are, and widens the header's group labels by the widths
    the declaration gives them.
    """

    rows: list[list[SourceCell]]
    spans_resolved: bool = True


Block = str | SourceTable


@dataclass
class SourceDocument:
    """A file reduced to paragraphs and tables in reading order."""

    blocks: list[Block]
    #: Other places that may hold the title (an HTML page's ``<title>``, its ArticleTitle meta).
    title_hints: list[str] = field(default_factory=list)
    #: The publication date the file states in a machine-readable way, if any.
    published: datetime.date | None = None
    #: Who the file's properties say published it (a PDF's Author), for a title without agency.
    agency_hints: list[str] = field(default_factory=list)


class GridBuilder:
    """Places cells with row and column spans on a grid, recording which positions are copies."""

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], SourceCell] = {}
        self._row = -1
        self._width = 0

    def new_row(self) -> None:
        self._row += 1

    def next_free(self, column: int) -> int:
        """The first column from ``column`` on that no span from above covers."""
        while (self._row, column) in self._cells:
            column += 1
        return column

    def put(self, column: int, text: str, rowspan: int = 1, colspan: int = 1) -> int:
        """Place a cell at ``column`` of the current row; return the column after it."""
        origin = (self._row, column)
        for dy in range(max(rowspan, 1)):
            for dx in range(max(colspan, 1)):
                position = (self._row + dy, column + dx)
                self._cells[position] = SourceCell(text, None if (dy, dx) == (0, 0) else origin)
        self._width = max(self._width, column + max(colspan, 1))
        return column + max(colspan, 1)

    def continue_from_above(self, column: int, colspan: int = 1) -> int:
        """Word's vMerge="continue": the positions copy the cell above (empty if none)."""
        for dx in range(max(colspan, 1)):
            above = self._cells.get((self._row - 1, column + dx))
            if above is None:
                self._cells[(self._row, column + dx)] = SourceCell("")
            else:
                origin = above.origin or (self._row - 1, column + dx)
                self._cells[(self._row, column + dx)] = SourceCell(above.text, origin)
        self._width = max(self._width, column + max(colspan, 1))
        return column + max(colspan, 1)

    def table(self) -> SourceTable:
        """The grid, every row as wide as the widest (missing positions are empty cells)."""
        rows = [
            [self._cells.get((r, c), SourceCell("")) for c in range(self._width)]
            for r in range(self._row + 1)
        ]
        return SourceTable(rows, spans_resolved=True)


# --- labels --------------------------------------------------------------------

_QUOTES = str.maketrans(dict.fromkeys("“”„‟〝〞「」『』", '"') | dict.fromkeys("‘’‛", "'"))
_CHINESE_NUMBER = re.compile(r"^([一二三四五六七八九十]+)[、.,](?=\D)")
_ARABIC_NUMBER = re.compile(r"^(\d+)[、.,](?=\D)")
_SECTION_NUMBER = re.compile(r"^([一二三四五六七八九十]+)、")


@functools.lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """A label as compared: NFKC, no whitespace or line breaks, one style of quotes and numbering.

    「商业\\n企业」 reads as 「商业企业」, 「3.危及"三安全一稳定"」 as the form's
    「3.危及“三安全一稳定”」, 「1、属于国家秘密」 and 「1．属于国家秘密」 as 「1.属于国家秘密」.
    """
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text).translate(_QUOTES)
    text = _CHINESE_NUMBER.sub(r"\1、", text)
    return _ARABIC_NUMBER.sub(r"\1.", text)


def _leaves(nodes: Iterable) -> Iterator:
    for node in nodes:
        if isinstance(node, RowGroup | ColumnGroup):
            yield from _leaves(node.children)
        else:
            yield node


def _groups(nodes: Iterable) -> Iterator:
    for node in nodes:
        if isinstance(node, RowGroup | ColumnGroup):
            yield node
            yield from _groups(node.children)


@dataclass
class _TableIndex:
    """A declared table's labels, keyed by :func:`label_key`."""

    table: Table
    rows: dict[str, list[Row]] = field(default_factory=dict)
    row_groups: set[str] = field(default_factory=set)
    headings: dict[str, Band] = field(default_factory=dict)
    header: set[str] = field(default_factory=set)
    #: Header labels that cover several value positions, with how many.
    widths: dict[str, int] = field(default_factory=dict)
    labels: set[str] = field(default_factory=set)
    #: Header labels under a column group, with the group's label.
    parents: dict[str, str] = field(default_factory=dict)
    #: Declared variants of row labels (also in ``rows``), with the label each stands for.
    variants: dict[str, Row] = field(default_factory=dict)
    #: Row groups a report may print as one line of figures, with the row that takes them.
    single_lines: dict[str, tuple[RowGroup, Row]] = field(default_factory=dict)

    @classmethod
    def build(cls, table: Table) -> _TableIndex:
        index = cls(table)
        if table.note:
            index.header.add(label_key(table.note))
        for band in table.bands:
            if band.heading:
                index.headings[label_key(band.heading)] = band
            if band.stub_label:
                index.header.add(label_key(band.stub_label))
            for column in _leaves(band.columns):
                index.header.add(label_key(column.label))
            for group in _groups(band.columns):
                index.header.add(label_key(group.label))
                index.widths[label_key(group.label)] = len(list(_leaves(group.children)))
                for child in group.children:
                    index.parents.setdefault(label_key(child.label), label_key(group.label))
            if table.layout is Layout.ACROSS:
                # Printed across, the rows are column groups over the band's columns.
                width = len(band.leaf_columns)
                for row in band.leaf_rows:
                    index.header.add(label_key(row.label))
                    index.widths[label_key(row.label)] = width
                for group in _groups(band.rows):
                    index.header.add(label_key(group.label))
                    index.widths[label_key(group.label)] = width * len(
                        list(_leaves(group.children))
                    )
            else:
                for row in band.leaf_rows:
                    index.rows.setdefault(label_key(row.label), []).append(row)
                for row in band.leaf_rows:
                    for variant in row.variants:
                        if label_key(variant) not in index.rows:
                            index.rows[label_key(variant)] = [row]
                            index.variants[label_key(variant)] = row
                for group in _groups(band.rows):
                    index.row_groups.add(label_key(group.label))
                    if group.single_line_row:
                        target = next(
                            r for r in _leaves(group.children) if r.key == group.single_line_row
                        )
                        index.single_lines[label_key(group.label)] = (group, target)
        # The form's own labels: a variant is read, but does not tell which format a file is.
        own_rows = set(index.rows) - set(index.variants)
        index.labels = own_rows | index.row_groups | set(index.headings) | index.header
        return index


@dataclass
class _FormatIndex:
    report_format: ReportFormat
    tables: list[_TableIndex]
    labels: set[str]


@functools.cache
def _format_index(key: str) -> _FormatIndex:
    report_format = FORMATS[key]
    tables = [_TableIndex.build(table) for table in report_format.tables]
    return _FormatIndex(report_format, tables, set().union(*(t.labels for t in tables)))


# --- positions -----------------------------------------------------------------


@dataclass(frozen=True)
class _Pos:
    """A cell at a position: the grid column, or counted from the right for unresolved rows."""

    pos: int
    text: str
    key: str
    copy: bool = False

    @property
    def empty(self) -> bool:
        return not normalise_text(self.text)


def _positioned(row: list[SourceCell], resolved: bool) -> list[_Pos]:
    # Unresolved rows (merged cells written once) agree only at their right-hand end.
    offset = 0 if resolved else len(row)
    return [
        _Pos(i - offset, cell.text, label_key(cell.text), cell.is_copy)
        for i, cell in enumerate(row)
    ]


def _header_positions(row: list[SourceCell], resolved: bool, widths: dict[str, int]) -> list[_Pos]:
    """A header line with every group label covering the positions the declaration gives it.

    A resolved grid already repeats a merged cell; in a layout that writes every
    cell, a group label is followed by empty cells, which it covers up to its
    declared width. An unresolved line writes a merged cell once: it is widened.
    """
    if not resolved:
        expanded: list[tuple[str, str, bool]] = []
        for cell in row:
            key = label_key(cell.text)
            width = widths.get(key, 1)
            expanded.extend([(cell.text, key, False)] + [(cell.text, key, True)] * (width - 1))
        return [_Pos(i - len(expanded), t, k, c) for i, (t, k, c) in enumerate(expanded)]
    cells = _positioned(row, resolved=True)
    i = 0
    while i < len(cells):
        cell = cells[i]
        width = widths.get(cell.key, 0)
        i += 1
        if not width or cell.copy:
            continue
        covered = 1
        while i < len(cells) and covered < width:
            following = cells[i]
            if following.copy and following.key == cell.key:
                pass
            elif not following.key and not following.copy:
                cells[i] = replace(following, text=cell.text, key=cell.key, copy=True)
            else:
                break
            covered += 1
            i += 1
    return cells


def _under_parent(
    line: list[_Pos], header: list[list[_Pos]], resolved: bool, index: _TableIndex
) -> list[_Pos]:
    """A header line of unresolved rows set under its group in the line above.

    Rows copied from a web page leave out the positions a cell merged from above
    covers, so 「商业企业 科研机构 …」 under 「法人或其他组织」, with 「其他」「总计」
    merged down on their right, do not end at the right-hand end: the line is moved
    to start where its group starts.
    """
    if resolved or not header:
        return line
    first = next((cell for cell in line if cell.key in index.parents), None)
    if first is None:
        return line
    starts = [
        cell.pos
        for above in header
        for cell in above
        if cell.key == index.parents[first.key] and not cell.copy
    ]
    if not starts:
        return line
    shift = starts[-1] - first.pos
    if shift >= 0 or line.index(first) != 0:
        return line
    return [replace(cell, pos=cell.pos + shift) for cell in line]


def _column_positions(header: list[list[_Pos]], columns: Iterable[Column]) -> dict[str, list[int]]:
    """For each column key, the positions whose header names it."""
    wanted = {label_key(column.label): column.key for column in columns}
    found: dict[str, list[int]] = {}
    for line in header:
        for cell in line:
            key = wanted.get(cell.key)
            if key is not None and cell.pos not in found.setdefault(key, []):
                found[key].append(cell.pos)
    return found


def _across_positions(header: list[list[_Pos]], table: Table) -> dict[tuple[str, str], list[int]]:
    """For a table printed across: each ``(row, column)`` with the positions under both labels."""
    rows = {label_key(row.label): row.key for row in table.rows}
    columns = {
        label_key(column.label): column.key for band in table.bands for column in band.leaf_columns
    }
    paths: dict[int, list[str]] = {}
    for line in header:
        for cell in line:
            paths.setdefault(cell.pos, []).append(cell.key)
    found: dict[tuple[str, str], list[int]] = {}
    for pos, keys in sorted(paths.items()):
        row = next((rows[k] for k in reversed(keys) if k in rows), None)
        column = next((columns[k] for k in reversed(keys) if k in columns), None)
        if row and column:
            found.setdefault((row, column), []).append(pos)
    return found


# --- reading the tables ----------------------------------------------------------


def cell_value(text: str, column: Column) -> RawCell:
    """A cell's text as the interchange JSON holds it.

    A number is normalised (「 0」「１２」「1,200」 → 0, 12, 1200; amounts as
    strings); a blank is ``None``; anything else is kept as written (「/」 stays
    「/」) so that the checks report it.
    """
    reading = read_cell(text, column)
    if reading.status is CellStatus.BLANK:
        return None
    if reading.ok:
        return to_json_value(reading.value, column)
    return " ".join(text.split())


#: An amount written with its unit: 「251000元」「5949.09万元」.
_AMOUNT_WITH_UNIT = re.compile(r"(?P<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+))(?P<unit>万元|元)")
#: Yuan in one unit of each unit an amount column may be declared in.
_YUAN = {"元": Decimal(1), "万元": Decimal(10000)}


def amount_value(text: str, column: Column) -> tuple[RawCell, str] | None:
    """An amount as offices write it beyond the form: a trailing unit (converted into the
    column's unit), more decimals than the column keeps (rounded half up). ``(value,
    how)`` to read with a warning, or ``None`` when the cell is read as it is."""
    if column.kind is not CellKind.AMOUNT or column.decimals < 0:
        return None
    normal = normalise_text(text)
    match = _AMOUNT_WITH_UNIT.fullmatch(normal)
    number_text = match["number"] if match else normal
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", number_text):
        return None
    number = Decimal(number_text)
    notes: list[str] = []
    if match and match["unit"] != column.unit and column.unit in _YUAN:
        number = number * _YUAN[match["unit"]] / _YUAN[column.unit]
        notes.append(
            _("written in %(written)s, converted to %(unit)s")
            % {"written": match["unit"], "unit": column.unit}
        )
    elif match:
        notes.append(_("the unit %(unit)s is left off") % {"unit": match["unit"]})
    quantum = Decimal(1).scaleb(-column.decimals)
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > column.decimals:
        number = number.quantize(quantum, rounding=ROUND_HALF_UP)
        notes.append(_("rounded to %(decimals)s decimal places") % {"decimals": column.decimals})
    if not notes:
        return None
    return to_json_value(number, column), pgettext("list separator", ", ").join(notes)


def _shown(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class _TableState:
    """What has been read of one declared table, across the grids that make it up."""

    index: _TableIndex
    values: dict[str, dict[str, RawCell]]
    read_rows: set[str] = field(default_factory=set)
    #: Rows whose label was found, read or not (a row not read is reported where it stands).
    seen_rows: set[str] = field(default_factory=set)
    #: Header problems already reported, so that one bad header is one problem.
    reported: set[tuple] = field(default_factory=set)
    grids: int = 0
    #: The last header seen, for a continuation grid that does not repeat it.
    header: list[list[_Pos]] = field(default_factory=list)
    header_resolved: bool = True
    header_width: int = 0


#: Labels a grid must show to be taken for a report table (a list of proposals
#: in section 六 may well have a 「总计」 and an 「其他」 column).
_MIN_LABELS = 3
_FIGURE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _near_miss(key: str, index: _TableIndex) -> Row | None:
    """The one row label ``key`` misspells: within a quarter of its length in edits, with
    the same number (「2.」) and closer than any other label."""
    if len(key) < 4:
        return None
    number = re.match(r"^(\d+\.|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", key)
    scored: list[tuple[int, Row]] = []
    for label, rows in index.rows.items():
        if label in index.variants:
            continue
        limit = max(1, len(label) // 4)
        if number is not None and not label.startswith(number.group()):
            continue
        distance = _edit_distance(key, label, limit)
        if distance <= limit:
            scored.append((distance, rows[0]))
    scored.sort(key=lambda s: s[0])
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


def _is_figure(cell: _Pos) -> bool:
    """Whether a cell holds what a report writes in a number's place (a number or 「/」)."""
    text = normalise_text(cell.text)
    return (
        bool(_FIGURE.fullmatch(text)) or text in PLACEHOLDERS or cell.text.strip() in PLACEHOLDERS
    )


class _GridReader:
    """Reads the grids of one declared format into its tables, collecting problems."""

    def __init__(self, report_format: ReportFormat) -> None:
        self.format = report_format
        self.index = _format_index(report_format.key)
        blank = blank_tables(report_format)
        self.states = {t.table.key: _TableState(t, blank[t.table.key]) for t in self.index.tables}
        self.problems: list[ImportProblem] = []

    def identify(self, grid: SourceTable) -> _TableIndex | None:
        """The declared table whose labels the grid shows most (at least ``_MIN_LABELS``)."""
        keys = {label_key(cell.text) for row in grid.rows for cell in row}
        scored = [(len(keys & t.labels), -i, t) for i, t in enumerate(self.index.tables)]
        best = max(scored, key=lambda s: (s[0], s[1]))
        return best[2] if best[0] >= _MIN_LABELS else None

    def where(self, table: Table, line: int | None = None) -> str:
        place = _("table %(number)s “%(title)s”") % {"number": table.number, "title": table.title}
        if line is None:
            return place
        return _("%(table)s, line %(line)s") % {"table": place, "line": line}

    def problem(self, where: str, message: str, severity: str = "error") -> None:
        self.problems.append(ImportProblem(where, message, severity))

    def read(self, grid: SourceTable, index: _TableIndex) -> None:
        state = self.states[index.table.key]
        state.grids += 1
        width = max((len(row) for row in grid.rows), default=0)
        # A grid that starts without a header continues the previous one (a table
        # split over two pages or two HTML tables) when their lines can line up.
        if state.header and (
            state.header_resolved != grid.spans_resolved
            or (grid.spans_resolved and state.header_width != width)
        ):
            state.header = []
        if index.table.layout is Layout.ACROSS:
            self._read_across(grid, state, width)
        else:
            self._read_rows(grid, state, width)

    # -- tables printed one line per row -----------------------------------------

    def _start_header(self, state: _TableState, resolved: bool, width: int) -> list[list[_Pos]]:
        header: list[list[_Pos]] = []
        state.header, state.header_resolved, state.header_width = header, resolved, width
        return header

    def _unknown_line(self, where: str, cells: list[_Pos], index: _TableIndex) -> None:
        """A line with no row label: report figures that cannot be placed.

        A line without figures is a caption or a unit (「单位：件」) and is passed
        over; figures beside a heading the form leaves empty are left out with a
        warning; figures beside an unknown label are an error.
        """
        others = [c for c in cells if not c.empty and not c.copy and c.key not in index.row_groups]
        figures = [c for c in others if _is_figure(c)]
        if not figures:
            return
        groups = [cell for cell in cells if cell.key in index.row_groups]
        texts = [c for c in others if not _is_figure(c)]
        if groups and not texts:
            self.problem(
                where,
                _(
                    "The heading “%(label)s” carries figures (%(values)s) that the form "
                    "does not have; they are left out."
                )
                % {
                    "label": _shown(groups[-1].text),
                    "values": "、".join(_shown(c.text, 12) for c in figures),
                },
                "warning",
            )
        elif texts:
            self.problem(
                where,
                _("“%(text)s” is not a row label of this table; the line is not read.")
                % {"text": _shown(texts[0].text)},
            )
        else:
            self.problem(where, _("A line of figures has no row label; it is not read."))

    def _read_rows(self, grid: SourceTable, state: _TableState, width: int) -> None:
        index, table = state.index, state.index.table
        resolved = grid.spans_resolved
        header: list[list[_Pos]] = state.header
        in_header = False
        for line, row in enumerate(grid.rows, 1):
            cells = _positioned(row, resolved)
            if all(cell.empty and not cell.key for cell in cells):
                continue
            where = self.where(table, line)
            if any(cell.key in index.headings for cell in cells):
                # A band's heading: its own header lines follow.
                header, in_header = self._start_header(state, resolved, width), False
                continue
            labelled = [cell for cell in cells if cell.key in index.rows]
            single_line = None
            if not labelled and not any(cell.key in index.header for cell in cells):
                labelled, single_line = self._other_label(where, cells, index)
            if labelled:
                in_header = False
                label = labelled[-1]
                if len({cell.key for cell in labelled}) > 1:
                    self.problem(
                        where,
                        _("The line holds two row labels, “%(first)s” and “%(second)s”.")
                        % {"first": _shown(labelled[0].text), "second": _shown(label.text)},
                    )
                    continue
                candidates = index.rows[label.key]
                if len(candidates) > 1:  # pragma: no cover - no declared table repeats a label
                    self.problem(
                        where,
                        _("The row label “%(label)s” is ambiguous.")
                        % {"label": _shown(label.text)},
                    )
                    continue
                declared = candidates[0]
                if label.key in index.variants:
                    self.problem(
                        where,
                        _(
                            "The row label “%(written)s” is read as the form's “%(label)s”, "
                            "a common way of writing it."
                        )
                        % {"written": _shown(label.text), "label": declared.label},
                        "warning",
                    )
                state.seen_rows.add(declared.key)
                band = table.band_of(declared.key)
                if not header:
                    band_number = table.bands.index(band)
                    if ("no header", band_number) not in state.reported:
                        state.reported.add(("no header", band_number))
                        self.problem(
                            where,
                            _(
                                "No column header with the labels %(labels)s was found above "
                                "the row “%(label)s”; its figures cannot be placed."
                            )
                            % {
                                "labels": "、".join(f"「{c.label}」" for c in band.leaf_columns),
                                "label": declared.label,
                            },
                        )
                    continue
                self._read_row(where, state, declared, band, label, cells, header)
                if single_line is not None and declared.key in state.read_rows:
                    zeros = {column.key: 0 for column in band.leaf_columns}
                    for other in _leaves(single_line.children):
                        if other.key != declared.key and other.key not in state.read_rows:
                            state.seen_rows.add(other.key)
                            self._store(where, state, other.key, other.label, dict(zeros))
            elif any(cell.key in index.header for cell in cells):
                if not in_header:
                    header, in_header = self._start_header(state, resolved, width), True
                header.append(
                    _under_parent(
                        _header_positions(row, resolved, index.widths), header, resolved, index
                    )
                )
            else:
                in_header = False
                self._unknown_line(where, cells, index)

    def _other_label(
        self, where: str, cells: list[_Pos], index: _TableIndex
    ) -> tuple[list[_Pos], RowGroup | None]:
        """A line whose label is not the form's verbatim: a declared variant, a row group
        written as one line of figures, or a near-miss typo; each read with a warning.

        Returns the label cell (keyed as the row it stands for) and, for a row group
        written as one line, the group.
        """
        texts = [c for c in cells if not c.empty and not c.copy and not _is_figure(c)]
        if not any(_is_figure(c) for c in cells if not c.copy) and not any(
            c.key in index.variants for c in texts
        ):
            return [], None
        for cell in texts:
            if cell.key in index.single_lines:
                group, row = index.single_lines[cell.key]
                others = [r.label for r in _leaves(group.children) if r.key != row.key]
                self.problem(
                    where,
                    _(
                        "“%(group)s” is written as one line of figures, as in the 2019 "
                        "format: they are read as “%(row)s”, and %(others)s as 0."
                    )
                    % {
                        "group": group.label,
                        "row": row.label,
                        "others": "、".join(f"“{label}”" for label in others),
                    },
                    "warning",
                )
                return [replace(cell, key=label_key(row.label))], group
        for cell in texts:
            row = _near_miss(cell.key, index)
            if row is not None:
                self.problem(
                    where,
                    _(
                        "The row label “%(written)s” differs from the form's “%(label)s”; "
                        "it is read as that row. Check the label in the report."
                    )
                    % {"written": _shown(cell.text), "label": row.label},
                    "warning",
                )
                return [replace(cell, key=label_key(row.label))], None
        return [], None

    def _read_row(
        self,
        where: str,
        state: _TableState,
        row: Row,
        band: Band,
        label: _Pos,
        cells: list[_Pos],
        header: list[list[_Pos]],
    ) -> None:
        columns = band.leaf_columns
        positions = _column_positions(header, columns)
        absent = [c for c in columns if c.key not in positions]
        if absent:
            reported = ("absent", tuple(c.key for c in absent), id(header))
            if reported not in state.reported:
                state.reported.add(reported)
                self.problem(
                    where,
                    _(
                        "The column header has no “%(labels)s”; the figures of the rows under "
                        "it cannot be placed."
                    )
                    % {"labels": "、".join(c.label for c in absent)},
                )
            return
        at = {cell.pos: cell for cell in cells}
        after_label = [cell for cell in cells if cell.pos > label.pos]
        values: dict[str, RawCell] = {}
        for column in columns:
            present = [at[p] for p in positions[column.key] if p in at and p > label.pos]
            if not present:
                self.problem(
                    where,
                    _(
                        "The row “%(row)s” has %(found)s cells after its label where the "
                        "header has %(expected)s columns; its figures are not read."
                    )
                    % {"row": row.label, "found": len(after_label), "expected": len(columns)},
                )
                return
            text = self._one_text(where, present, row, column)
            if text is None:
                return
            values[column.key] = self._value(where, text, row, column)
        placed = {p for ps in positions.values() for p in ps}
        stray = [c for c in after_label if c.pos not in placed and not c.empty and not c.copy]
        if stray:
            self.problem(
                where,
                _(
                    "In the row “%(row)s”, “%(text)s” is under no column of the header; the "
                    "row's figures are not read."
                )
                % {"row": row.label, "text": _shown(stray[0].text)},
            )
            return
        self._store(where, state, row.key, row.label, values)

    def _value(self, where: str, text: str, row: Row, column: Column) -> RawCell:
        """A cell's value; an amount with its unit or extra decimals is read with a warning."""
        amount = amount_value(text, column)
        if amount is None:
            return cell_value(text, column)
        value, how = amount
        self.problem(
            where,
            _(
                "In the row “%(row)s”, “%(column)s” is written “%(written)s”: read as "
                "%(value)s (%(how)s)."
            )
            % {
                "row": row.label,
                "column": column.label,
                "written": _shown(text),
                "value": value,
                "how": how,
            },
            "warning",
        )
        return value

    def _one_text(self, where: str, present: list[_Pos], row: Row, column: Column) -> str | None:
        """The text under a column that a merged header covers at several positions."""
        originals = [c for c in present if not c.copy] or present
        texts = [c.text for c in originals if not c.empty]
        if len({normalise_text(t) for t in texts}) > 1:
            self.problem(
                where,
                _(
                    "In the row “%(row)s”, two different cells, “%(first)s” and “%(second)s”, "
                    "are under “%(column)s”; the row's figures are not read."
                )
                % {
                    "row": row.label,
                    "first": _shown(texts[0]),
                    "second": _shown(texts[1]),
                    "column": column.label,
                },
            )
            return None
        return texts[0] if texts else originals[0].text

    def _store(
        self, where: str, state: _TableState, key: str, label: str, values: dict[str, RawCell]
    ) -> None:
        if key in state.read_rows:
            if state.values[key] != values:
                self.problem(
                    where,
                    _(
                        "The row “%(row)s” appears a second time with other figures; the "
                        "first one is kept."
                    )
                    % {"row": label},
                )
            return
        state.values[key] = values
        state.read_rows.add(key)

    # -- the table printed across (行政复议、行政诉讼) ---------------------------

    def _read_across(self, grid: SourceTable, state: _TableState, width: int) -> None:
        index, table = state.index, state.index.table
        resolved = grid.spans_resolved
        header: list[list[_Pos]] = state.header
        in_header = False
        expected = [(r, c) for r in table.rows for c in table.columns_of(r.key)]
        for line, row in enumerate(grid.rows, 1):
            cells = _positioned(row, resolved)
            where = self.where(table, line)
            if any(cell.key in index.header or cell.key in index.headings for cell in cells):
                if not in_header:
                    header, in_header = self._start_header(state, resolved, width), True
                header.append(
                    _under_parent(
                        _header_positions(row, resolved, index.widths), header, resolved, index
                    )
                )
                continue
            after_header, in_header = in_header, False
            positions = _across_positions(header, table) if header else {}
            at = {cell.pos: cell for cell in cells}
            blank = all(cell.empty and not cell.key for cell in cells)
            if blank and not (
                # The figures' line left blank is read (as blanks) when it fits the header.
                after_header
                and all(
                    any(p in at for p in positions.get((r.key, c.key), ())) for r, c in expected
                )
            ):
                continue
            if not blank and not any(_is_figure(cell) for cell in cells):
                continue  # a caption or a unit line
            # The line of figures: its rows are accounted for, read or reported here.
            state.seen_rows.update(row.key for row in table.rows)
            absent = [(r, c) for r, c in expected if (r.key, c.key) not in positions]
            if absent:
                r, c = absent[0]
                self.problem(
                    where,
                    _(
                        "The header above the figures does not name “%(row)s › %(column)s”; "
                        "the figures cannot be placed."
                    )
                    % {"row": r.label, "column": c.label},
                )
                continue
            values: dict[str, dict[str, RawCell]] = {}
            for r, c in expected:
                present = [at[p] for p in positions[(r.key, c.key)] if p in at]
                if not present:
                    self.problem(
                        where,
                        _(
                            "The line has %(found)s cells where the header has %(expected)s "
                            "columns; its figures are not read."
                        )
                        % {"found": len(cells), "expected": len(expected)},
                    )
                    break
                text = self._one_text(where, present, r, c)
                if text is None:
                    break
                values.setdefault(r.key, {})[c.key] = self._value(where, text, r, c)
            else:
                placed = {p for ps in positions.values() for p in ps}
                stray = [c for c in cells if c.pos not in placed and not c.empty and not c.copy]
                if stray:
                    self.problem(
                        where,
                        _("“%(text)s” is under no column of the header; the line is not read.")
                        % {"text": _shown(stray[0].text)},
                    )
                    continue
                for r in table.rows:
                    self._store(where, state, r.key, r.label, values[r.key])

    # -- after all grids ------------------------------------------------------------

    def finish(self) -> None:
        for state in self.states.values():
            table = state.index.table
            if not state.grids:
                self.problem(
                    self.where(table),
                    _("This table was not found in the file; its figures are missing."),
                )
                continue
            for row in table.rows:
                if row.key not in state.seen_rows:
                    self.problem(
                        self.where(table),
                        _("The row “%(row)s” was not found.") % {"row": row.label},
                    )

    @property
    def tables(self) -> dict[str, dict[str, dict[str, RawCell]]]:
        return {key: state.values for key, state in self.states.items()}


def _choose_format(grids: list[SourceTable]) -> ReportFormat:
    """The declared format whose table labels the file shows best (the current one on a tie)."""
    found = {label_key(cell.text) for grid in grids for row in grid.rows for cell in row}

    def score(report_format: ReportFormat) -> tuple[int, bool]:
        labels = _format_index(report_format.key).labels
        return (len(found & labels) - len(labels - found), report_format is CURRENT)

    return max(FORMATS.values(), key=score)


# --- title and narrative ----------------------------------------------------------


def _title_pattern(report_format: ReportFormat) -> tuple[re.Pattern[str], str]:
    """A pattern for the declared title, and the words that follow the year in it."""
    template = report_format.report_title
    match = re.fullmatch(r"\{agency\}(.*?)\{year\}(.*)", template)
    if match is None:  # pragma: no cover - every declared title names the agency, then the year
        raise ValueError(f"Unsupported report title template {template!r}")
    between, tail = (label_key(part) for part in match.groups())
    # An agency's name has no digits and none of the marks of a site's navigation
    # (「当前位置：首页 > …」「• 政务公开」), which a PDF of the page keeps as text.
    pattern = re.compile(
        rf"(?P<agency>[^\d>:•|/]+?){re.escape(between)}(?P<year>\d{{4}})(?P<rest>.+)"
    )
    return pattern, tail


_TITLE_SIMILARITY = 0.7
_AGENCY_STRIP = "《》<>\"'“”:：,，。.、 "


_CHINESE_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
_CHINESE_YEAR = re.compile(r"[〇零○Ｏ一二三四五六七八九]{4}(?=年)")


def _title_key(text: str) -> str:
    """The text as compared with the declared title; a year in Chinese numerals as digits."""
    return _CHINESE_YEAR.sub(lambda m: m.group().translate(_CHINESE_DIGITS), label_key(text))


def _match_title(text: str, report_format: ReportFormat) -> tuple[str, int, float] | None:
    """``(agency, year, similarity)`` when ``text`` reads as the declared title."""
    pattern, tail = _title_pattern(report_format)
    match = pattern.fullmatch(_title_key(text))
    if match is None:
        return None
    similarity = difflib.SequenceMatcher(None, match["rest"], tail).ratio()
    if similarity < _TITLE_SIMILARITY:
        return None
    agency = match["agency"].strip(_AGENCY_STRIP)
    agency = agency.removesuffix("关于").strip(_AGENCY_STRIP)
    year = int(match["year"])
    if len(agency) < 2 or not 2000 <= year <= 2100:
        return None
    return agency, year, similarity


def _year_first_pattern(report_format: ReportFormat) -> tuple[re.Pattern[str], str]:
    """Titles that put the year first: 「2019年上海市人民政府办公厅政府信息公开工作年度报告」,
    「2023年度平潭…」, and 「2022年政府信息公开工作年度报告」 (no agency: ``agency`` is empty).
    Returns the pattern and the declared words after the agency."""
    _pattern, tail = _title_pattern(report_format)
    words = tail.removeprefix("年")
    start = re.escape(words[:6])
    pattern = re.compile(rf"(?P<year>\d{{4}})年度?(?P<agency>[^\d>:•|/]*?)(?P<rest>{start}.*)")
    return pattern, words


def _match_year_first(text: str, report_format: ReportFormat) -> tuple[str, int, float] | None:
    """``(agency, year, similarity)`` for a year-first title; ``agency`` may be empty."""
    pattern, words = _year_first_pattern(report_format)
    match = pattern.fullmatch(_title_key(text))
    if match is None:
        return None
    similarity = difflib.SequenceMatcher(None, match["rest"], words).ratio()
    year = int(match["year"])
    if similarity < _TITLE_SIMILARITY or not 2000 <= year <= 2100:
        return None
    agency = match["agency"].strip(_AGENCY_STRIP)
    agency = agency if len(agency) >= 2 else ""
    return agency, year, similarity


#: The line of an article page naming its publisher: 「来源：嘉祥县科学技术局」「发布机构：…」.
_PUBLISHER = re.compile(
    r"(?:信息来源|来源|发布机构|发布单位|发文机关|发布部门)[:：]\s*"
    r"(?P<agency>[^\s:：|｜【\[（(]{2,40}?)(?=\s|$|【|\[|（|\(|发布|浏览|字体|时间|日期)"
)


#: How the name of an organ ends (「本站」「办公室 张三」 or a person's name do not).
_ORGAN_NAME = re.compile(r"..*(政府|委员会|局|委|办公室|办|厅|院|中心|部|所|站|馆|队|处|司|署|会)")


def is_organ_name(text: str) -> bool:
    return bool(_ORGAN_NAME.fullmatch(text.strip())) and text.strip() not in {"本站", "本网站"}


def publisher(paragraphs: Iterable[str]) -> str:
    """The agency a page names as its publisher (来源/发布机构), or ``""``."""
    for text in paragraphs:
        match = _PUBLISHER.search(text)
        if match:
            agency = match["agency"].strip(_AGENCY_STRIP)
            if is_organ_name(agency):
                return agency
    return ""


#: Generic titles naming neither agency nor year: the agency and the year come from elsewhere.
_GENERIC_TITLE = re.compile(r"政府信息公开(?:工作)?(?:年度报告|年报)")


def _title_problem(paragraphs: list[str], report_format: ReportFormat) -> str:
    """Why no title was read: a line that ends like the title lacks the year or the agency."""
    _pattern, tail = _title_pattern(report_format)
    windows = (
        "".join(paragraphs[start : start + size])
        for start in range(len(paragraphs))
        for size in (1, 2, 3)
        if start + size <= len(paragraphs)
    )
    for text in windows:
        key = _title_key(text)
        if len(key) > len(tail) + 40:
            continue
        if difflib.SequenceMatcher(None, key[-len(tail) :], tail).ratio() < 0.8:
            continue
        values = {"title": _shown(text, 60)}
        year = re.search(r"\d{4}", key)
        if year is None:
            return _("The title “%(title)s” does not name the year of the report.") % values
        if year.start() < 2:
            return _("The title “%(title)s” does not name the agency.") % values
    return _(
        "No title naming the agency and the year, such as “%(example)s”, was found at the "
        "top of the report."
    ) % {"example": report_format.title_for(_("(agency)"), 2022)}


def _find_title(
    paragraphs: list[str], report_format: ReportFormat
) -> tuple[tuple[str, int] | None, int]:
    """``((agency, year), index after the title)``.

    A title is often broken over two or three lines (「…2022年政府信息公开」
    「工作年度报告」): from the first line that starts one, the number of lines
    that reads most like the declared title is taken.
    """
    for start in range(len(paragraphs)):
        best: tuple[float, int, tuple[str, int]] | None = None
        for size in (1, 2, 3):
            if start + size > len(paragraphs):
                break
            text = "".join(paragraphs[start : start + size])
            found = _match_title(text, report_format) or _match_year_first(text, report_format)
            if found and not found[0]:
                found = None  # a year-first title without the agency: see build_document
            if found and (best is None or found[2] > best[0]):
                best = (found[2], size, found[:2])
        if best is not None:
            return best[2], start + best[1]
    return None, 0


def _section_heading(text: str, section: Section) -> bool:
    """Whether a paragraph is the heading of ``section``: its number and a similar title.

    Headings vary (「四、政府信息公开行政复议和行政诉讼情况」); Word's automatic
    numbering drops the 「四、」, so an unnumbered line must be nearly the title.
    """
    key, title = label_key(text), label_key(section.title)
    if len(key) > len(title) + 8:
        return False
    number = _SECTION_NUMBER.match(title)
    own = _SECTION_NUMBER.match(key)
    rest = title[number.end() :] if number else title
    if own:
        if not number or own.group(1) != number.group(1):
            return False
        return difflib.SequenceMatcher(None, key[own.end() :], rest).ratio() >= 0.6
    return difflib.SequenceMatcher(None, key, rest).ratio() >= 0.85


def _paragraph_html(paragraphs: Iterable[str]) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _flatten(blocks: list[Block], report_grids: set[int]) -> list[tuple[str, int]]:
    """The paragraphs in order, with the block each comes from.

    A table that is not a report table (a list of proposals, a page-layout
    table) gives its cells' lines as paragraphs; a report table gives none.
    """
    paragraphs: list[tuple[str, int]] = []
    for i, block in enumerate(blocks):
        if isinstance(block, str):
            if block.strip():
                paragraphs.append((block.strip(), i))
        elif i not in report_grids:
            for row in block.rows:
                for cell in row:
                    if cell.is_copy:
                        continue
                    for line in cell.text.splitlines():
                        if line.strip():
                            paragraphs.append((line.strip(), i))
    return paragraphs


def is_report_table(grid: SourceTable) -> bool:
    """Whether a grid shows the labels of a standard table of any declared format."""
    keys = {label_key(cell.text) for row in grid.rows for cell in row}
    return any(
        len(keys & table.labels) >= _MIN_LABELS
        for report_format in FORMATS.values()
        for table in _format_index(report_format.key).tables
    )


def is_declared_label(text: str) -> bool:
    """Whether ``text`` is a row, column or heading label of some declared table."""
    key = label_key(text)
    return any(key in _format_index(f.key).labels for f in FORMATS.values())


def count_section_headings(paragraphs: list[str]) -> int:
    """How many of the report's section headings appear, in order, among ``paragraphs``."""
    return max(
        sum(n is not None for n in _locate_sections(paragraphs, report_format).values())
        for report_format in FORMATS.values()
    )


# --- the whole document -------------------------------------------------------------


def build_document(
    source: SourceDocument, kind: str, *, agency: str = "", year: int | None = None
) -> ImportResult:
    """Read ``source`` (from a parser for files of ``kind``) into a report document.

    ``agency`` and ``year``, when given, are the report's whatever its title says
    (for a title that names neither, 「政府信息公开工作年报」).
    """
    grids = [(i, b) for i, b in enumerate(source.blocks) if isinstance(b, SourceTable)]
    report_format = _choose_format([g for _i, g in grids])
    reader = _GridReader(report_format)
    report_grids: set[int] = set()
    for i, grid in grids:
        index = reader.identify(grid)
        if index is not None:
            report_grids.add(i)
            reader.read(grid, index)

    if not report_grids:
        return ImportResult(
            None,
            [
                ImportProblem(
                    "",
                    _(
                        "No table of the annual report was found: the file is not an annual "
                        "report on government information disclosure in the national format, "
                        "or its tables are pictures."
                    ),
                )
            ],
            kind,
        )
    reader.finish()
    problems = reader.problems

    paragraphs = _flatten(source.blocks, report_grids)
    first_grid = min(report_grids)
    texts = [p for p, _block in paragraphs]
    headings = _locate_sections(texts, report_format)
    found_sections = [i for i in headings.values() if i is not None]
    # The title stands before section 一 and the first table.
    title_zone = [
        p
        for n, (p, block) in enumerate(paragraphs)
        if block < first_grid and (not found_sections or n < min(found_sections))
    ]
    title, after_title = _find_title(title_zone, report_format)
    if title is None:
        for hint in source.title_hints:
            hinted = _match_title(hint, report_format)
            if hinted:
                title, after_title = hinted[:2], 0
                break
    if title is None or agency or year:
        title = _title_elsewhere(
            title, title_zone, texts, source, report_format, agency, year, problems
        )
    if title is None:
        message = _title_problem(title_zone, report_format)
        problems.insert(0, ImportProblem(_("title"), message))
        return ImportResult(None, problems, kind)
    agency, year = title

    sections, preamble = _sections(texts, headings, report_format, after_title, problems)
    data: dict[str, object] = {
        "format": report_format.key,
        "year": year,
        "agency": agency,
        "sections": sections,
        "tables": reader.tables,
    }
    if source.published is not None:
        data["published"] = source.published.isoformat()
    try:
        document = parse(data)
    except InterchangeError as exc:  # pragma: no cover - the reader only writes declared keys
        problems += [ImportProblem(p.path, p.message) for p in exc.problems]
        return ImportResult(None, problems, kind)
    return ImportResult(document, problems, kind, _paragraph_html(preamble))


def _title_elsewhere(
    title: tuple[str, int] | None,
    title_zone: list[str],
    texts: list[str],
    source: SourceDocument,
    report_format: ReportFormat,
    agency: str,
    year: int | None,
    problems: list[ImportProblem],
) -> tuple[str, int] | None:
    """The agency and year when the title lacks one (or they are given): the year from a
    title 「2022年政府信息公开工作年度报告」, the agency from the page's 来源/发布机构 line
    or the file's properties, each said in a warning; the given ones over all."""
    if title is not None:
        return (agency or title[0], year or title[1])
    found_year: int | None = None
    candidates = [*title_zone, *source.title_hints]
    for size in (1, 2, 3):
        for start in range(len(candidates)):
            text = "".join(candidates[start : start + size])
            match = _match_year_first(text, report_format)
            if match is not None:
                found_year = match[1]
                break
        if found_year:
            break
    generic = any(_GENERIC_TITLE.search(label_key(t)) for t in candidates)
    if not (found_year or generic or agency or year):
        return None
    if not agency:
        agency = publisher(texts) or next(
            (hint.strip() for hint in source.agency_hints if is_organ_name(hint)), ""
        )
        if agency:
            problems.append(
                ImportProblem(
                    _("title"),
                    _(
                        "The title does not name the agency; it is taken from the publisher "
                        "the file names: “%(agency)s”."
                    )
                    % {"agency": agency},
                    "warning",
                )
            )
    year = year or found_year
    if not agency or not year:
        return None
    return agency.strip(), year


def _locate_sections(texts: list[str], report_format: ReportFormat) -> dict[str, int | None]:
    """The paragraph index of each section's heading, searched in order."""
    found: dict[str, int | None] = {}
    start = 0
    for section in report_format.sections:
        found[section.key] = None
        for n in range(start, len(texts)):
            if _section_heading(texts[n], section):
                found[section.key] = n
                start = n + 1
                break
    return found


def _sections(
    texts: list[str],
    headings: dict[str, int | None],
    report_format: ReportFormat,
    after_title: int,
    problems: list[ImportProblem],
) -> tuple[dict[str, str], list[str]]:
    """Each section's narrative as HTML, and the paragraphs before section 一."""
    starts = sorted((n, key) for key, n in headings.items() if n is not None)
    sections = {section.key: "" for section in report_format.sections}
    for position, (n, key) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(texts)
        sections[key] = _paragraph_html(texts[n + 1 : end])
    for section in report_format.sections:
        if headings[section.key] is None:
            problems.append(
                ImportProblem(
                    _("section “%(title)s”") % {"title": section.title},
                    _(
                        "The heading of this section was not found; its text, if any, stays "
                        "with the section before it."
                    ),
                    "warning",
                )
            )
    first = starts[0][0] if starts else len(texts)
    preamble = texts[after_title:first] if after_title <= first else []
    return sections, preamble


__all__ = [
    "Block",
    "GridBuilder",
    "ImportProblem",
    "ImportResult",
    "SourceCell",
    "SourceDocument",
    "SourceTable",
    "UnreadableFile",
    "build_document",
    "cell_value",
    "count_section_headings",
    "is_declared_label",
    "is_report_table",
    "label_key",
    "publisher",
]
