"""What a register entry records, read from the format declaration.

An application's applicant type is a column of the applications table (its
columns but the total), its outcome one of the outcome rows
(:data:`~wagtail_govdisclosure.formats.gb2021.OUTCOME_KEYS`); a case's type is a
row of the reviews table and its result one of that table's result columns (but
the total, and 尚未审结, which a register says by leaving the case open). Keys
are the declaration's; labels are its verbatim Chinese labels, with their group
where the label alone is ambiguous (「法人或其他组织·其他」), exactly as the checks
name them. Nothing here types a label.

The registers follow the current format: a new national format means a new
register vocabulary, and :func:`~.fill.fill_report_tables` refuses a report whose
tables lack one of these rows or columns.
"""

from __future__ import annotations

from ..checks.labels import column_title, row_title
from ..formats import CURRENT
from ..formats.base import Column, ColumnGroup, Row, RowGroup, Table
from ..formats.gb2021 import OUTCOME_KEYS

#: The tables the registers fill.
APPLICATIONS_TABLE: Table = CURRENT.table("applications")
REVIEWS_TABLE: Table = CURRENT.table("reviews")

#: Rows of the applications table that are not outcomes (stable keys of the spec).
RECEIVED = "received"
CARRIED_OVER_IN = "carried_over_in"
CARRIED_OVER_OUT = "carried_over_out"
#: The reviews table's column for cases not closed at the end of the year.
PENDING = "pending"

Choices = list[tuple[str, object]]


def _leaf_keys(nodes: tuple) -> list[str]:
    keys: list[str] = []
    for node in nodes:
        if isinstance(node, RowGroup | ColumnGroup):
            keys += _leaf_keys(node.children)
        else:
            keys.append(node.key)
    return keys


def _grouped(nodes: tuple, wanted: tuple[str, ...], flat_title) -> Choices:
    """Django choices for the leaves ``wanted``, in the declaration's order.

    A group holding only some of the wanted leaves becomes an option group of its
    leaves' verbatim labels; a group holding all of them adds nothing and is
    flattened (申请人情况, 三、本年度办理结果). Nested groups inside an option group
    are flattened with :func:`flat_title` (Django has one level of option groups).
    """
    choices: Choices = []
    for node in nodes:
        if isinstance(node, RowGroup | ColumnGroup):
            inside = [k for k in _leaf_keys(node.children) if k in wanted]
            if not inside:
                continue
            if len(inside) == len(wanted):
                choices += _grouped(node.children, wanted, flat_title)
            else:
                direct = all(
                    not isinstance(child, RowGroup | ColumnGroup) for child in node.children
                )
                members = [
                    (key, _leaf_label(node.children, key) if direct else flat_title(key))
                    for key in inside
                ]
                choices.append((node.label, members))
        elif node.key in wanted:
            choices.append((node.key, flat_title(node.key)))
    return choices


def _leaf_label(nodes: tuple, key: str) -> str:
    for node in nodes:
        if isinstance(node, Row | Column) and node.key == key:
            return node.label
    raise KeyError(key)


def _flatten(choices: Choices) -> list[str]:
    keys: list[str] = []
    for key, label in choices:
        if isinstance(label, list):
            keys += [k for k, _label in label]
        else:
            keys.append(key)
    return keys


# --- applications ----------------------------------------------------------------

_APPLICATIONS_BAND = APPLICATIONS_TABLE.bands[0]

#: The applicant types: the applications table's columns but the total.
APPLICANT_TYPES: tuple[str, ...] = tuple(
    c.key for c in _APPLICATIONS_BAND.leaf_columns if not c.is_total
)
APPLICANT_TYPE_CHOICES: Choices = _grouped(
    _APPLICATIONS_BAND.columns,
    APPLICANT_TYPES,
    lambda key: column_title(_APPLICATIONS_BAND, key),
)

OUTCOMES: tuple[str, ...] = tuple(OUTCOME_KEYS)
OUTCOME_CHOICES: Choices = _grouped(
    _APPLICATIONS_BAND.rows, OUTCOMES, lambda key: row_title(APPLICATIONS_TABLE, key)
)

# --- reviews ---------------------------------------------------------------------

_REVIEWS_BAND = REVIEWS_TABLE.bands[0]

#: The case types: the reviews table's rows (行政复议, and the two kinds of 行政诉讼).
CASE_TYPES: tuple[str, ...] = tuple(r.key for r in _REVIEWS_BAND.leaf_rows)
CASE_TYPE_CHOICES: Choices = _grouped(
    _REVIEWS_BAND.rows, CASE_TYPES, lambda key: row_title(REVIEWS_TABLE, key)
)

#: The results of a closed case: the reviews table's columns but 尚未审结 and the total.
RESULTS: tuple[str, ...] = tuple(
    c.key for c in _REVIEWS_BAND.leaf_columns if not c.is_total and c.key != PENDING
)
RESULT_CHOICES: Choices = _grouped(
    _REVIEWS_BAND.columns, RESULTS, lambda key: column_title(_REVIEWS_BAND, key)
)


def applicant_type_label(key: str) -> str:
    """「自然人」, 「法人或其他组织·其他」: an applicant type as the checks name its column."""
    return column_title(_APPLICATIONS_BAND, key)


def outcome_label(key: str) -> str:
    """「（一）予以公开」, 「（三）不予公开·1.属于国家秘密」: an outcome row's label."""
    return row_title(APPLICATIONS_TABLE, key)


def case_type_label(key: str) -> str:
    """「行政复议」, 「行政诉讼·复议后起诉」: a reviews row's label."""
    return row_title(REVIEWS_TABLE, key)


def result_label(key: str) -> str:
    """「结果维持」, 「结果纠正」, 「其他结果」: a result column's label."""
    return column_title(_REVIEWS_BAND, key)


assert _flatten(APPLICANT_TYPE_CHOICES) == list(APPLICANT_TYPES)
assert _flatten(OUTCOME_CHOICES) == list(OUTCOMES)
assert _flatten(CASE_TYPE_CHOICES) == list(CASE_TYPES)
assert _flatten(RESULT_CHOICES) == list(RESULTS)
