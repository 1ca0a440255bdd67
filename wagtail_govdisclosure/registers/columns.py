"""The registers as spreadsheets: their columns, and reading the values offices write.

A register file is an office document passed between Chinese government offices, so
its column headers and its words (当面, 是/否, the outcome rows) are Chinese whatever
the interface language, like the labels of the report's form: they are *data* of the
file format, declared here once, not interface strings. Each column has the header an
export writes and the other headers offices commonly use, which an import recognises
as well (plus the field's name in the interface language and its key).

Values of the report's vocabulary (applicant types, outcomes, case types, results) are
read against the declaration's own labels (see :mod:`.vocabulary`): the full label
「（三）不予公开·1.属于国家秘密」, the item alone when it is unambiguous (「属于国家秘密」,
「1.属于国家秘密」), the group and the item with any separator (「不予公开-属于国家秘密」),
or the key.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ..formats.base import ColumnGroup, RowGroup
from .models import Application, Channel, ReviewCase
from .vocabulary import (
    APPLICANT_TYPES,
    APPLICATIONS_TABLE,
    CASE_TYPES,
    OUTCOMES,
    PENDING,
    RESULTS,
    REVIEWS_TABLE,
    applicant_type_label,
    case_type_label,
    outcome_label,
    result_label,
)


class ValueProblem(ValueError):
    """A cell's value cannot be read; the message (translated) says why."""


# --- normalising what people type ---------------------------------------------------

#: Separators people put between a group and an item, and decoration around values.
_SEPARATORS = re.compile(r"[\s·•\-—–_/／\\、:：>›»|]+")


def normalise(text: object) -> str:
    """Full-width to half-width, spaces and separators removed, lower case."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(text))).lower()


#: The enumeration that starts a label of the form: 「一、」「（一）」「1.」.
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])")


def _without_marker(label: str) -> str:
    return _MARKER.sub("", label, count=1)


# --- choices ------------------------------------------------------------------------


#: Up to this many accepted values are listed in an error message.
_LISTED_CHOICES = 8


class ChoiceReader:
    """Reads a value of a choice field from the names offices write for it.

    ``names`` maps each key to the names it is written as, the first being the one
    exports write. A name that two keys share (after :func:`normalise`) is dropped
    rather than guessed. ``blank`` is the key of an empty cell and ``blank_names``
    the words that mean it (e.g. 办理中 for a pending outcome); ``None`` makes an
    empty cell an error.
    """

    def __init__(
        self,
        names: Mapping[str, Iterable[str]],
        *,
        blank: str | None = None,
        blank_names: Iterable[str] = (),
    ):
        self.export_names = {key: next(iter(values)) for key, values in names.items()}
        self.blank = blank
        found: dict[str, set[str]] = {}
        for key, values in names.items():
            for value in (key, *values):
                found.setdefault(normalise(value), set()).add(key)
        self._lookup = {name: next(iter(keys)) for name, keys in found.items() if len(keys) == 1}
        self._blank_names = {normalise(name) for name in blank_names}
        self._blank_export = next(iter(blank_names), "")
        self._read: dict[str, str] = {}

    #: Values read so far (a register repeats a few values over and over), at most this many.
    CACHE_SIZE = 10_000

    def read(self, value: object) -> str:
        text = "" if value is None else str(value).strip()
        key = self._read.get(text)
        if key is None:
            key = self._read_text(text)
            if len(self._read) < self.CACHE_SIZE:
                self._read[text] = key
        return key

    def _read_text(self, text: str) -> str:
        name = normalise(text)
        if not name or name in self._blank_names:
            if self.blank is None:
                raise ValueProblem(_("This cell must not be empty."))
            return self.blank
        try:
            return self._lookup[name]
        except KeyError:
            names = list(self.export_names.values())
            if len(names) > _LISTED_CHOICES:
                raise ValueProblem(
                    _(
                        "“%(value)s” is not a value of this column; write it as the form does, "
                        "e.g. “%(example)s”."
                    )
                    % {"value": text, "example": names[0]}
                ) from None
            raise ValueProblem(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": text, "choices": "、".join(names)}
            ) from None

    def write(self, key: str) -> str:
        """The name an export writes for ``key`` (the first of its blank words for a blank)."""
        if self.blank is not None and key == self.blank:
            return self._blank_export
        return self.export_names.get(key, key)


def _tree_names(nodes: tuple, wanted: tuple[str, ...], title: Callable[[str], str]) -> dict:
    """Each wanted leaf → its title, then the variants offices write (see the module doc)."""
    names: dict[str, list[str]] = {}

    def walk(nodes: tuple, groups: tuple[str, ...]) -> None:
        for node in nodes:
            if isinstance(node, RowGroup | ColumnGroup):
                walk(node.children, (*groups, node.label))
            elif node.key in wanted:
                leaf_variants = [node.label, _without_marker(node.label)]
                variants = [title(node.key), *leaf_variants]
                for group in groups:
                    for group_variant in (group, _without_marker(group)):
                        variants += [group_variant + leaf for leaf in leaf_variants]
                names[node.key] = list(dict.fromkeys(variants))

    walk(nodes, ())
    return {key: names[key] for key in wanted}


_APPLICATIONS_BAND = APPLICATIONS_TABLE.bands[0]
_REVIEWS_BAND = REVIEWS_TABLE.bands[0]

APPLICANT_TYPE = ChoiceReader(
    _tree_names(_APPLICATIONS_BAND.columns, APPLICANT_TYPES, applicant_type_label)
)
#: The words that mean an application is still being handled.
PENDING_OUTCOME_NAMES = ("办理中", "正在办理", "在办", "未办结", "尚未办结", "待答复", "未答复")
OUTCOME = ChoiceReader(
    _tree_names(_APPLICATIONS_BAND.rows, OUTCOMES, outcome_label),
    blank="",
    blank_names=PENDING_OUTCOME_NAMES,
)
CASE_TYPE = ChoiceReader(_tree_names(_REVIEWS_BAND.rows, CASE_TYPES, case_type_label))


def _result_names() -> dict[str, list[str]]:
    names = _tree_names(_REVIEWS_BAND.columns, RESULTS, result_label)
    # 结果维持 is written 维持 as often as not; 其他结果 as 其他.
    for key, values in names.items():
        label = result_label(key)
        names[key] = list(
            dict.fromkeys([*values, label.removeprefix("结果"), label.removesuffix("结果")])
        )
    return names


_PENDING_CASE = result_label(PENDING)
RESULT = ChoiceReader(
    _result_names(), blank="", blank_names=(_PENDING_CASE, "审理中", "未审结", "未结")
)

CHANNEL = ChoiceReader(
    {
        Channel.IN_PERSON: ("当面", "当面提交", "现场", "窗口"),
        Channel.POST: ("邮寄", "信函", "邮政"),
        Channel.ONLINE: ("网上", "网络", "在线", "互联网", "网上申请", "政府网站", "电子邮件"),
        Channel.FAX: ("传真",),
        Channel.OTHER: ("其他",),
    }
)

_TRUE = ("是", "√", "✓", "✔", "y", "yes", "true", "1", "延期", "已延期")
_FALSE = ("否", "×", "n", "no", "false", "0", "未延期", "不延期")


_TRUE_NAMES = frozenset(normalise(v) for v in _TRUE)
_FALSE_NAMES = frozenset(normalise(v) for v in _FALSE)


def read_boolean(value: object) -> bool:
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    name = normalise(value)
    if name in _TRUE_NAMES:
        return True
    if name in _FALSE_NAMES:
        return False
    raise ValueProblem(
        _("“%(value)s” is neither yes (是) nor no (否).") % {"value": str(value).strip()}
    )


def write_boolean(value: bool) -> str:
    return _TRUE[0] if value else _FALSE[0]


# --- dates --------------------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
#: Spreadsheet serial day numbers (days since 1899-12-30) between 1950 and 2100.
_SERIAL_RANGE = (18264, 73051)
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def read_date(value: object) -> datetime.date | None:
    """A date from a spreadsheet cell: a date cell, 2023-01-31, 2023/1/31, 2023年1月31日 …"""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if value == int(value) and _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise ValueProblem(_("“%(value)s” is not a date such as 2023-01-31.") % {"value": value})
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    # A date-time written as text: keep the date.
    text = re.split(r"[\sT]", text, maxsplit=1)[0]
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    if text.isdigit() and _SERIAL_RANGE[0] <= int(text) <= _SERIAL_RANGE[1]:
        return _EXCEL_EPOCH + datetime.timedelta(days=int(text))
    raise ValueProblem(_("“%(value)s” is not a date such as 2023-01-31.") % {"value": text})


def read_text(value: object) -> str:
    """Text from a cell; a whole number typed into a number cell reads without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


# --- the columns ------------------------------------------------------------------

#: The label of the applications table's column group over the applicant types.
APPLICANTS_GROUP_LABEL: str = APPLICATIONS_TABLE.bands[0].columns[0].label


class Kind:
    TEXT = "text"
    DATE = "date"
    BOOLEAN = "boolean"
    CHOICE = "choice"
    REFERENCE = "reference"


@dataclass(frozen=True)
class RegisterColumn:
    """One column of a register file.

    ``header`` is what an export writes; ``aliases`` the other headers an import
    recognises. ``export_only`` columns (computed, or naming the agency) are ignored
    on import; ``personal`` ones hold personal data.
    """

    key: str
    header: str
    kind: str = Kind.TEXT
    aliases: tuple[str, ...] = ()
    required: bool = False
    personal: bool = False
    export_only: bool = False
    choices: ChoiceReader | None = None


AGENCY_COLUMN = RegisterColumn("agency", "机关名称", aliases=("机关", "单位"), export_only=True)

APPLICATION_COLUMNS: tuple[RegisterColumn, ...] = (
    AGENCY_COLUMN,
    RegisterColumn("reference", "登记编号", aliases=("申请编号", "受理编号", "编号", "流水号")),
    RegisterColumn(
        "received_on",
        "收到申请日期",
        Kind.DATE,
        aliases=("收到日期", "申请日期", "受理日期", "收件日期", "登记日期", "收到申请时间"),
        required=True,
    ),
    RegisterColumn(
        "channel",
        "申请方式",
        Kind.CHOICE,
        aliases=("提交方式", "申请渠道", "申请途径", "收件方式"),
        choices=CHANNEL,
    ),
    RegisterColumn(
        "applicant_type",
        "申请人类型",
        Kind.CHOICE,
        # The applications table's column group above the applicant types (申请人情况):
        # offices head the column with it; read from the declaration, not typed here.
        aliases=("申请人类别", "申请人身份", APPLICANTS_GROUP_LABEL),
        required=True,
        choices=APPLICANT_TYPE,
    ),
    RegisterColumn(
        "applicant_name",
        "申请人姓名或名称",
        aliases=("申请人", "申请人姓名", "申请人名称", "姓名"),
        personal=True,
    ),
    RegisterColumn(
        "applicant_contact",
        "联系方式",
        aliases=("联系电话", "电话", "联系地址", "通讯地址"),
        personal=True,
    ),
    RegisterColumn(
        "content",
        "申请内容",
        aliases=("申请公开的内容", "申请公开内容", "申请公开的信息", "所需信息", "申请事项"),
        required=True,
    ),
    RegisterColumn(
        "correction_requested_on",
        "告知补正日期",
        Kind.DATE,
        aliases=("补正告知日期", "要求补正日期", "补正通知日期"),
    ),
    RegisterColumn(
        "correction_received_on",
        "收到补正日期",
        Kind.DATE,
        aliases=("补正日期", "补正收到日期"),
    ),
    RegisterColumn(
        "extended", "是否延期", Kind.BOOLEAN, aliases=("延期", "延期答复", "是否延期答复")
    ),
    RegisterColumn(
        "reply_deadline", "答复期限", Kind.DATE, aliases=("答复截止日期",), export_only=True
    ),
    RegisterColumn(
        "outcome",
        "办理结果",
        Kind.CHOICE,
        aliases=("答复结果", "处理结果", "答复类型", "办理情况"),
        choices=OUTCOME,
    ),
    RegisterColumn(
        "closed_on",
        "答复日期",
        Kind.DATE,
        aliases=("办结日期", "答复时间", "办结时间", "出具答复日期"),
    ),
    RegisterColumn("notes", "备注", aliases=("说明",)),
)

CASE_COLUMNS: tuple[RegisterColumn, ...] = (
    AGENCY_COLUMN,
    RegisterColumn("reference", "案号", aliases=("案件编号", "编号", "复议案号", "诉讼案号")),
    RegisterColumn(
        "case_type",
        "案件类型",
        Kind.CHOICE,
        aliases=("类型", "案件类别", "复议或诉讼"),
        required=True,
        choices=CASE_TYPE,
    ),
    RegisterColumn(
        "filed_on",
        "立案日期",
        Kind.DATE,
        aliases=("受理日期", "申请复议日期", "起诉日期", "收到日期"),
        required=True,
    ),
    RegisterColumn(
        "result",
        "审结结果",
        Kind.CHOICE,
        aliases=("结果", "复议结果", "判决结果", "审理结果"),
        choices=RESULT,
    ),
    RegisterColumn(
        "closed_on", "审结日期", Kind.DATE, aliases=("结案日期", "办结日期", "决定日期")
    ),
    RegisterColumn(
        "application",
        "申请登记编号",
        Kind.REFERENCE,
        aliases=("关联申请", "申请编号", "对应申请编号"),
    ),
    RegisterColumn("notes", "备注", aliases=("说明",)),
)

COLUMNS: dict[type, tuple[RegisterColumn, ...]] = {
    Application: APPLICATION_COLUMNS,
    ReviewCase: CASE_COLUMNS,
}


class HeaderMatcher:
    """Recognises a file's headers as the columns of a register."""

    def __init__(self, model: type, columns: tuple[RegisterColumn, ...]):
        self.columns = {column.key: column for column in columns}
        names: dict[str, set[str]] = {}
        for column in columns:
            candidates = [column.key, column.header, *column.aliases]
            try:
                candidates.append(str(model._meta.get_field(column.key).verbose_name))
            except Exception:
                pass
            for name in candidates:
                names.setdefault(normalise(name), set()).add(column.key)
        # A header two columns share (编号 …) goes to the first column declaring it.
        order = [column.key for column in columns]
        self._lookup = {name: min(keys, key=order.index) for name, keys in names.items()}

    def match(self, header: object) -> RegisterColumn | None:
        key = self._lookup.get(normalise(header or ""))
        return self.columns[key] if key else None
