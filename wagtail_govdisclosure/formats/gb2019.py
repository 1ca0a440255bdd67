"""The superseded 2019 trial format (国办公开办函〔2019〕60号), for recognition.

Reports for 2019 and 2020 used it. It is declared so that import and audit
can recognise a report laid out this way and say so (``outdated_format``);
editors never author it. Where a label is the same as in the 2021 form the
2021 declaration's object is reused, so no label is written twice.
"""

from __future__ import annotations

from dataclasses import replace

from .base import Band, CellKind, Column, ReportFormat, Row, RowGroup, Table, leaf_keys
from .gb2021 import APPLICATIONS, FORMAT_2021, PROACTIVE, REVIEWS

_ART_1, _ART_5, _ART_6, _ART_8 = (band.heading for band in PROACTIVE.bands)
_STUB = PROACTIVE.bands[0].stub_label
_REGULATIONS, _NORMATIVE = PROACTIVE.bands[0].leaf_rows
_LICENSING = PROACTIVE.bands[1].leaf_rows[0]
_PENALTY, _COERCION = PROACTIVE.bands[2].leaf_rows
_FEES = PROACTIVE.bands[3].leaf_rows[0]

_ITEMS = (
    Column("items_last_year", "上一年项目数量"),
    Column("items_change", "本年增/减", kind=CellKind.SIGNED_COUNT),
)
_DECISIONS = (*_ITEMS, Column("decisions", "处理决定数量"))

PROACTIVE_2019 = Table(
    key="proactive",
    number=PROACTIVE.number,
    title=PROACTIVE.title,
    bands=(
        Band(
            heading=_ART_1,
            stub_label=_STUB,
            columns=(
                Column("made", "本年新制作数量"),
                Column("published", "本年新公开数量"),
                Column("total_published", "对外公开总数量"),
            ),
            rows=(_REGULATIONS, Row("normative_documents", "规范性文件")),
        ),
        Band(
            heading=_ART_5,
            stub_label=_STUB,
            columns=_DECISIONS,
            rows=(_LICENSING, Row("other_services", "其他对外管理服务事项")),
        ),
        Band(heading=_ART_6, stub_label=_STUB, columns=_DECISIONS, rows=(_PENALTY, _COERCION)),
        Band(heading=_ART_8, stub_label=_STUB, columns=_ITEMS, rows=(_FEES,)),
        Band(
            heading="第二十条第（九）项",
            stub_label=_STUB,
            columns=(
                Column("purchases", "采购项目数量"),
                Column("purchase_amount", "采购总金额", kind=CellKind.AMOUNT, decimals=4),
            ),
            rows=(Row("central_procurement", "政府集中采购"),),
        ),
    ),
)


_APPLICATIONS_BAND = APPLICATIONS.bands[0]
_OTHER_HANDLING = "other_handling"


def _child_keys(group: RowGroup) -> set[str]:
    return {child.key for child in group.children if isinstance(child, Row)}


def _merge_other_handling(nodes: tuple) -> tuple:
    """The 2021 rows with 「（六）其他处理」 as one row instead of its three sub-rows."""
    return tuple(
        Row(_OTHER_HANDLING, node.label)
        if isinstance(node, RowGroup) and _OTHER_HANDLING in _child_keys(node)
        else RowGroup(node.label, _merge_other_handling(node.children))
        if isinstance(node, RowGroup)
        else node
        for node in nodes
    )


def _restrict_totals(nodes: tuple, keys: frozenset[str]) -> tuple:
    """Drop from every total the rows that the 2019 form does not have."""
    return tuple(
        RowGroup(node.label, _restrict_totals(node.children, keys))
        if isinstance(node, RowGroup)
        else replace(node, total_of=tuple(k for k in node.total_of if k in keys))
        for node in nodes
    )


_ROWS_2019 = _merge_other_handling(_APPLICATIONS_BAND.rows)
_ROWS_2019 = _restrict_totals(_ROWS_2019, frozenset(leaf_keys(_ROWS_2019)))

APPLICATIONS_2019 = Table(
    key=APPLICATIONS.key,
    number=APPLICATIONS.number,
    title=APPLICATIONS.title,
    note=APPLICATIONS.note,
    bands=(
        Band(
            columns=_APPLICATIONS_BAND.columns,
            rows=_ROWS_2019,
        ),
    ),
    balances=APPLICATIONS.balances,
)

FORMAT_2019 = ReportFormat(
    key="2019",
    name=FORMAT_2021.name,
    reference="国办公开办函〔2019〕60号",
    first_year=2019,
    last_year=2020,
    superseded_by=FORMAT_2021.key,
    sections=FORMAT_2021.sections,
    tables=(PROACTIVE_2019, APPLICATIONS_2019, REVIEWS),
)
