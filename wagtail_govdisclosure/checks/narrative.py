"""``text_table_mismatch``: figures stated in the narrative that contradict the tables.

A wrong warning costs an editor's trust, so this reader is built for precision,
not recall: it attributes a number to a cell only when the phrase names the
quantity unambiguously and speaks of the whole year, and it leaves alone every
sentence it cannot be sure of. Concretely, a figure is read only when

* the words around it follow one of a few fixed phrasings (「收到政府信息公开申请X件」,
  「上年结转X件」, 「结转下年度继续办理X件」, 「政府信息公开行政复议X件」 …), with the
  number right after the quantity or right before it;
* nothing before it in its sentence narrows the scope: a part (其中, a channel such
  as 网上/信函, an applicant type from the form), another period (上年, another year,
  a month, 上半年, 以来, 截至), a comparison (同比, 增加 …), another scope (全县, 各部门,
  本系统 …) or another subject (人大建议, 政协提案, 信访, 信息处理费 …);
* for reconsiderations and lawsuits, the sentence is about government information
  disclosure (or sits in section 四) and does not describe the organ acting as the
  reconsideration body (办理/受理/审理 … 行政复议案件 counts all the cases it heard,
  not the disclosure cases brought against it);
* the number is exact (no 约, 余, 多, 左右).

Negative statements are read too: 「未收到政府信息公开申请」 means 0 received;
「未发生…行政复议和行政诉讼」 means 0 of each.

Findings: ``expected`` is the table's figure, ``actual`` the figure in the text.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from ..formats import CURRENT
from ..formats.base import Cell, ReportFormat
from ..formats.values import CellReading
from .base import CHECKS, Finding
from .labels import cell_name, join_and, number_text, section_title
from .plan import plan

if TYPE_CHECKING:
    from ..interchange import ReportDocument

# --- which cells a phrase maps to ------------------------------------------------------

#: Each quantity the narrative is read for → the cells whose sum it states.
QUANTITIES: dict[str, tuple[str, ...]] = {
    "received": ("applications.received.total",),
    "carried_over_in": ("applications.carried_over_in.total",),
    "carried_over_out": ("applications.carried_over_out.total",),
    "reconsideration": ("reviews.reconsideration.total",),
    "litigation": (
        "reviews.litigation_direct.total",
        "reviews.litigation_after_reconsideration.total",
    ),
}
#: The table whose non-total column labels (自然人, 商业企业 …) name parts of an application
#: count, and the table whose column labels (结果维持 …) name parts of a case count.
APPLICANTS_TABLE = "applications"
REVIEWS_TABLE = "reviews"
#: The narrative section printed around the reviews table.
REVIEWS_SECTION = "reviews"

_APPLICATION_QUANTITIES = frozenset({"received", "carried_over_in", "carried_over_out"})
_CASE_QUANTITIES = frozenset({"reconsideration", "litigation"})

# --- vocabulary ------------------------------------------------------------------------

_NUMERALS = "零〇一二两三四五六七八九十百千万"
_NUM = rf"(?P<num>\d+|[{_NUMERALS}]+)"
_NOT_AFTER_NUMBER = rf"(?<![\d{_NUMERALS}])"
_APPLICATION_UNIT = "(?:件|份|个|宗|条)"
_CASE_UNIT = "(?:件|起|宗|个|例)"
_COUNT_WORDS = "(?:共计|合计|总计|累计|共|计|总数|总量|数量|数|为|达|有|了)*"
_REQUEST = "(?:(?:政府信息公开|信息公开)(?:的)?申请|依申请公开(?:政府信息)?(?:的)?(?:申请)?)"
_QUALIFIERS = "(?:各类|各种|相关|有关|的|了|到|过)*"
_RECEIVE = "(?:新收到?|收到|接到|接收到?)"
_NEGATION = "(?:不存在|未曾|从未|并未|均未|尚未|没有|未|无|没)"
_NEXT_YEAR = r"(?:下一?年度?|明年|次年|(?P<next>\d{4})年度?)"
_CARRY_IN = (
    "(?:(?:上一?年度?|去年)(?:共)?结转(?:至本年度?|到本年度?|至今年|到今年|过来|而来)?"
    "|结转上一?年度?)"
)
_CARRY_OUT = rf"结转(?:至|到|入)?{_NEXT_YEAR}(?:继续)?(?:办理)?"
_DISCLOSURE = "(?:政府信息公开|信息公开|依申请公开)"
_ABOUT_DISCLOSURE = rf"(?:(?:因|涉及|有关|关于)?{_DISCLOSURE}(?:类|方面|相关|引起|引发)?(?:的)?)?"
_OTHER_CASE_JOINED = "(?:和|及|与|、|或者?|以及)(?:被提起|被申请|提起)?(?:行政)?(?:复议|诉讼)"
#: After a case count: the end of the clause or a list going on, never 「2件已审结」.
_CASE_FOLLOW = "(?=$|[（(、]|和|及|与|以及)"
_NOT_ABOUT_REQUESTS = (
    "(?![的之]?(?:投诉|举报|咨询|意见|建议|复议|诉讼|答复|回复|方面|相关|类|办理|处理))"
)
_NEGATION_FILLER = (
    "(?:任何|因|涉及|有关|关于|在有关|在|政府信息公开|信息公开|依申请公开|引起|引发|方面|类|的"
    "|相关|工作|事项|而|被申请|被提起|被|提起|一起|一件)*"
)
_CASE_OUTCOME_AFTER = (
    "(?!(?:案件)?(?:的)?(?:结果|被|败诉|胜诉|纠正|撤销|维持|确认违法|审结|未审结|中|后))"
)

#: Words before a figure (in its sentence) that make its scope other than the whole year.
_OTHER_PERIOD = re.compile(
    r"上一?年度?|去年|前年|上半年|下半年|季度|以来|截至|截止|历年|往年|近[一二两三四五六七八九十\d]+年"
    r"|同比|环比|较上|较去|比上|比去|相比|增加|减少|增长|下降|上升|持平|翻番|平均"
)
#: Carry-over phrases mention 上年 without speaking of another period.
_CARRY_PHRASE = re.compile(r"(?:上一?年度?|去年)(?:共)?结转|结转上一?年度?")
#: Other subjects and other scopes: a figure in such a sentence is not the table's.
_OTHER_SUBJECT = re.compile(
    r"人大|政协|提案|(?<!复)议案|信访|12345|热线|留言|来信|来电|咨询|处理费|收费"
    r"|全县|全市|全省|全区|全州|全旗|全盟|各级|各部门|各单位|各乡镇|各镇|各街道|各县|各区"
    r"|县直|市直|省直|全系统|本系统|系统内|下属|所属"
)
#: Parts of an application count: channels and 其中 (applicant types come from the form).
_APPLICATION_PART = "其中|网上|网络|在线|当面|现场|信函|邮寄|传真|电子邮件|邮件|电话|窗口|平台"
#: After an application count in its clause: the figure includes something else.
_INCLUDES = re.compile(r"含|包括|包含")
#: The organ acting as the reconsideration body or court, not the respondent.
_ORGAN_SIDE = re.compile(r"办理|受理|审理|审结|办结|作出|收到|接到|接收|承办|处理|复议机关")
#: Parts of a case count: results and kinds of lawsuit.
_CASE_PART = (
    "其中|维持|纠正|撤销|驳回|败诉|胜诉|确认违法|终止|撤回|调解|和解|结案"
    "|复议后|经复议|直接|起诉|一审|二审|上诉|再审"
)
_YEAR = re.compile(r"(\d{4})年")
_MONTH = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月")
_APPROXIMATE_BEFORE = re.compile(r"(?:约|近|逾|超|超过|将近|接近|大约|上|数|多达|不足|不到)$")
_APPROXIMATE_AFTER = re.compile(r"^(?:左右|以上|以下|上下)")


@dataclass(frozen=True)
class _Pattern:
    quantity: str
    regex: re.Pattern[str]
    #: A negative statement (the quantity is 0) rather than a figure.
    negative: bool = False


def _patterns(case_words: dict[str, str]) -> tuple[_Pattern, ...]:
    """The phrasings read, for a format whose case counts are named by ``case_words``."""
    patterns = [
        _Pattern(
            "received",
            re.compile(
                rf"{_RECEIVE}{_QUALIFIERS}{_REQUEST}{_COUNT_WORDS}{_NUM}{_APPLICATION_UNIT}"
            ),
        ),
        _Pattern(
            "received",
            re.compile(
                rf"{_RECEIVE}(?:了)?{_COUNT_WORDS}{_NUM}{_APPLICATION_UNIT}(?:的)?{_QUALIFIERS}"
                rf"{_REQUEST}"
            ),
        ),
        _Pattern(
            "received",
            re.compile(
                rf"{_NEGATION}{_RECEIVE}(?:过)?(?:任何|一件|一份)?{_QUALIFIERS}{_REQUEST}"
                rf"{_NOT_ABOUT_REQUESTS}"
            ),
            negative=True,
        ),
        _Pattern(
            "carried_over_in",
            re.compile(
                rf"{_CARRY_IN}(?:的)?{_QUALIFIERS}(?:{_REQUEST})?{_COUNT_WORDS}{_NUM}"
                rf"{_APPLICATION_UNIT}"
            ),
        ),
        _Pattern(
            "carried_over_out",
            re.compile(
                rf"{_CARRY_OUT}(?:的)?{_QUALIFIERS}(?:{_REQUEST})?{_COUNT_WORDS}{_NUM}"
                rf"{_APPLICATION_UNIT}"
            ),
        ),
        _Pattern(
            "carried_over_out",
            re.compile(
                rf"{_NOT_AFTER_NUMBER}{_NUM}{_APPLICATION_UNIT}(?:{_REQUEST})?(?:将|需|须|已|拟)?"
                rf"{_CARRY_OUT}"
            ),
        ),
    ]
    for quantity, kind in case_words.items():
        kind = re.escape(kind)
        patterns += [
            _Pattern(
                quantity,
                re.compile(
                    rf"{kind}(?:案件|申请|案)?{_COUNT_WORDS}{_NUM}{_CASE_UNIT}{_CASE_FOLLOW}"
                ),
            ),
            _Pattern(
                quantity,
                re.compile(
                    rf"{_NOT_AFTER_NUMBER}{_NUM}{_CASE_UNIT}(?:的)?{_ABOUT_DISCLOSURE}{kind}"
                    rf"(?:案件|申请)?(?!{_OTHER_CASE_JOINED}){_CASE_OUTCOME_AFTER}"
                ),
            ),
        ]
    return tuple(patterns)


def _negative_cases(case_words: dict[str, str]) -> re.Pattern[str]:
    """「未发生…行政复议和行政诉讼」: one or two kinds of case said not to have happened."""
    kinds = "|".join(re.escape(word) for word in case_words.values())
    return re.compile(
        rf"{_NEGATION}(?:发生|出现|产生|涉及|有|存在)?{_NEGATION_FILLER}"
        rf"(?P<first>{kinds})(?:案件)?"
        rf"(?:(?:和|及|与|、|或者?|以及)(?:被提起|被申请|提起)?(?P<second>{kinds}))?"
        rf"(?:案件)?{_CASE_OUTCOME_AFTER}"
    )


def _joined_before(case_words: dict[str, str]) -> re.Pattern[str]:
    """「行政复议和…」 just before a figure: the figure counts both kinds of case together."""
    # Each case word, and its short form without the leading 行政 (复议, 诉讼).
    words = {word for kind in case_words.values() for word in (kind, kind.removeprefix("行政"))}
    if not words:
        return re.compile(r"(?!)")
    kinds = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{kinds})(?:和|及|与|、|或者?|以及)(?:被提起|被申请|提起)?$")

_TRIGGERS = ("申请", "结转", "复议", "诉讼")

# --- numbers ---------------------------------------------------------------------------

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def parse_number(text: str) -> int | None:
    """An Arabic or Chinese-numeral count (「12」「十二」「两」「一百零五」), else ``None``."""
    if text.isascii() and text.isdigit():
        return int(text)
    total = section = 0
    digit: int | None = None
    previous = ""
    for char in text:
        if char in _DIGITS:
            if previous in _DIGITS and previous not in "零〇":
                return None  # 「二零二二」 is a year read digit by digit, not a count
            digit = _DIGITS[char]
        elif char in _UNITS:
            if previous in _UNITS or previous == "万":
                return None
            section += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        elif char == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            return None
        previous = char
    return total + section + (digit or 0)


# --- text ------------------------------------------------------------------------------

_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_BLOCK_TAG = re.compile(
    r"<\s*/?\s*(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|hr)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"[^\S\n]+")
_FULL_WIDTH_DIGIT = re.compile("[０-９]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+")
_CLAUSE = re.compile(r"[^，,：:]+")


def plain_text(markup: str) -> str:
    """The text of a rich-text HTML fragment: tags dropped, entities decoded, one line per block."""
    text = _SCRIPT.sub("", markup)
    text = _BLOCK_TAG.sub("\n", text)
    return _normalise(html.unescape(_TAG.sub("", text)))


def _normalise(text: str) -> str:
    """ASCII digits, no spaces (「2 件」 is 「2件」 in Chinese), no thousands separators."""
    text = _FULL_WIDTH_DIGIT.sub(lambda found: chr(ord(found.group()) - 0xFEE0), text)
    text = _SPACE.sub("", text)
    return _THOUSANDS.sub("", text)


@dataclass(frozen=True)
class Mention:
    """A figure the narrative states: ``value`` of ``quantity`` (a key of :data:`QUANTITIES`)."""

    quantity: str
    value: int
    phrase: str
    section: str = ""


@dataclass(frozen=True)
class _Reader:
    """What reading a format's narrative needs, built once per format."""

    patterns: tuple[_Pattern, ...]
    #: The word naming each kind of case (行政复议 …) → its quantity.
    case_quantity: dict[str, str]
    negative_cases: re.Pattern[str] | None
    joined_before: re.Pattern[str]
    application_parts: re.Pattern[str]
    case_parts: re.Pattern[str]


@functools.cache
def _reader(report_format: ReportFormat) -> _Reader:
    case_words = _case_words(report_format)
    applicants = _column_words(report_format, APPLICANTS_TABLE)
    results = _column_words(report_format, REVIEWS_TABLE)
    return _Reader(
        patterns=_patterns(case_words),
        case_quantity={word: quantity for quantity, word in case_words.items()},
        negative_cases=_negative_cases(case_words) if case_words else None,
        joined_before=_joined_before(case_words),
        application_parts=re.compile("|".join([_APPLICATION_PART, *map(re.escape, applicants)])),
        case_parts=re.compile("|".join([_CASE_PART, *map(re.escape, results)])),
    )


def _case_words(report_format: ReportFormat) -> dict[str, str]:
    """Each case quantity → the word the text uses for it, read from the declaration.

    It is the label of the quantity's row (行政复议), or of the group over its rows (行政诉讼
    over 未经复议直接起诉 and 复议后起诉). A quantity the format lacks is not read.
    """
    words = {}
    for quantity in (q for q in QUANTITIES if q in _CASE_QUANTITIES):
        try:
            keys = [ref.split(".") for ref in QUANTITIES[quantity]]
            table = report_format.table(keys[0][0])
            rows = [row for _table, row, _column in keys]
            if len(rows) == 1:
                words[quantity] = table.row(rows[0]).label
                continue
            paths = {table.band_of(row).row_path(row) for row in rows}
        except KeyError:
            continue
        if len(paths) == 1 and (path := paths.pop()):
            words[quantity] = path[-1]
    return words


def _column_words(report_format: ReportFormat, table_key: str) -> list[str]:
    """Labels of a table's non-total columns and column groups (long enough to be words)."""
    try:
        table = report_format.table(table_key)
    except KeyError:
        return []
    words = set()
    for band in table.bands:
        for column in band.leaf_columns:
            if not column.is_total:
                words.add(column.label)
        stack = list(band.columns)
        while stack:
            node = stack.pop()
            children = getattr(node, "children", None)
            if children is not None:
                # A group spanning every column (申请人情况) is the whole count, not a part.
                if len(_leaf_labels(node)) < len(band.leaf_columns):
                    words.add(node.label)
                stack.extend(children)
    return sorted(w for w in words if len(w) >= 3)


def _leaf_labels(node) -> list[str]:
    children = getattr(node, "children", None)
    if children is None:
        return [node.label]
    return [label for child in children for label in _leaf_labels(child)]


def find_mentions(
    text: str,
    year: int,
    *,
    section: str = "",
    report_format: ReportFormat | None = None,
) -> list[Mention]:
    """Every figure of :data:`QUANTITIES` that ``text`` (plain text, see :func:`plain_text`)
    states for ``year``.

    ``section`` is the narrative section's key: in the reviews section a sentence
    need not say 政府信息公开 for its case counts to be read.
    """
    reader = _reader(report_format or CURRENT)
    mentions: list[Mention] = []
    for sentence_match in _SENTENCE.finditer(_normalise(text)):
        sentence = sentence_match.group()
        if not any(trigger in sentence for trigger in _TRIGGERS):
            continue
        mentions.extend(_sentence_mentions(sentence, year, section, reader))
    return mentions


def _sentence_mentions(
    sentence: str, year: int, section: str, reader: _Reader
) -> Iterator[Mention]:
    years = {int(found) for found in _YEAR.findall(sentence)}
    if not years <= {year, year + 1} or _MONTH.search(sentence):
        return
    about_cases = section == REVIEWS_SECTION or re.search(_DISCLOSURE, sentence) is not None
    seen: set[tuple[str, int]] = set()
    for clause_match in _CLAUSE.finditer(sentence):
        clause = clause_match.group()
        for mention, end in _clause_mentions(clause, year, about_cases, reader):
            before = sentence[: clause_match.start() + end]
            if not _in_scope(mention.quantity, before, clause[:end], year, reader):
                continue
            key = (mention.quantity, mention.value)
            if key in seen:
                continue
            seen.add(key)
            phrase = clause if len(clause) <= 60 else mention.phrase
            yield Mention(mention.quantity, mention.value, phrase, section)


def _clause_mentions(
    clause: str, year: int, about_cases: bool, reader: _Reader
) -> Iterator[tuple[Mention, int]]:
    """Candidate figures of a clause, each with the end of its match in the clause."""
    for pattern in reader.patterns:
        if pattern.quantity in _CASE_QUANTITIES and not about_cases:
            continue
        for match in pattern.regex.finditer(clause):
            value = _figure(clause, match, pattern, year)
            if value is None:
                continue
            if pattern.quantity in _CASE_QUANTITIES and reader.joined_before.search(
                clause[: match.start()]
            ):
                continue  # 「行政复议和行政诉讼案件共3件」 counts both
            if pattern.quantity == "received" and _INCLUDES.search(clause[match.end() :]):
                continue  # 「收到申请12件（含上年结转2件）」
            if pattern.quantity == "received" and "结转" in clause[match.end() :]:
                continue
            yield Mention(pattern.quantity, value, match.group()), match.end()
    if about_cases and reader.negative_cases is not None:
        for match in reader.negative_cases.finditer(clause):
            for kind in (match.group("first"), match.group("second")):
                if kind:
                    yield Mention(reader.case_quantity[kind], 0, match.group()), match.end()


def _figure(clause: str, match: re.Match[str], pattern: _Pattern, year: int) -> int | None:
    if pattern.negative:
        return 0
    next_year = match.groupdict().get("next")
    if next_year is not None and int(next_year) != year + 1:
        return None
    start, end = match.span("num")
    if _APPROXIMATE_BEFORE.search(clause[:start]):
        return None
    # Every unit is one character: what follows it says whether the figure is exact.
    if _APPROXIMATE_AFTER.search(clause[end + 1 :]):
        return None
    return parse_number(match.group("num"))


def _in_scope(quantity: str, before: str, clause_before: str, year: int, reader: _Reader) -> bool:
    """Whether nothing before the figure narrows its scope or subject.

    ``before`` is the sentence up to the end of the figure's phrase, ``clause_before``
    the same within its clause: a verb such as 办理 speaks for its own clause only
    (「未收到申请，未发生行政复议」 is not about handling reconsiderations).
    """
    if _OTHER_SUBJECT.search(before):
        return False
    if _OTHER_PERIOD.search(_CARRY_PHRASE.sub("", before)):
        return False
    if quantity != "carried_over_out" and str(year + 1) in before:
        return False
    if quantity in _APPLICATION_QUANTITIES:
        return not reader.application_parts.search(before)
    # Case counts: the organ must be the respondent, the figure the whole count.
    return not (_ORGAN_SIDE.search(clause_before) or reader.case_parts.search(before))


# --- the check -------------------------------------------------------------------------


def narrative_mentions(document: ReportDocument) -> list[Mention]:
    """Every figure the document's narrative sections state, in section order."""
    mentions = []
    for section in document.format.sections:
        markup = document.sections.get(section.key) or ""
        if markup.strip():
            mentions += find_mentions(
                plain_text(markup),
                document.year,
                section=section.key,
                report_format=document.format,
            )
    return mentions


def text_table_mismatch(
    document: ReportDocument, readings: Mapping[str, CellReading]
) -> list[Finding]:
    """One warning per quantity and stated figure that differs from the table."""
    report_format = document.format
    cells_by_ref = plan(report_format).cells
    grouped: dict[tuple[str, int], list[Mention]] = {}
    for mention in narrative_mentions(document):
        grouped.setdefault((mention.quantity, mention.value), []).append(mention)
    findings = []
    for (quantity, value), mentions in grouped.items():
        refs = QUANTITIES[quantity]
        cells = [cells_by_ref.get(ref) for ref in refs]
        if any(cell is None for cell in cells):
            continue  # a format without these cells
        table_readings = [readings[ref] for ref in refs]
        if not all(reading.ok for reading in table_readings):
            continue  # blank or invalid: reported by blank_cell / invalid_number
        expected = sum(reading.value for reading in table_readings)  # type: ignore[misc]
        if expected == value:
            continue
        findings.append(_finding(report_format, cells, expected, value, mentions))  # type: ignore[arg-type]
    return findings


def _finding(
    report_format: ReportFormat,
    cells: list[Cell],
    expected: int,
    value: int,
    mentions: Iterable[Mention],
) -> Finding:
    mentions = list(mentions)
    sections = []
    for mention in mentions:
        if mention.section not in sections:
            sections.append(mention.section)
    first = mentions[0]
    values = {
        "phrase": first.phrase,
        "section": section_title(report_format, first.section),
        "cells": join_and([cell_name(cell) for cell in cells]),
        "expected": number_text(expected),
    }
    if len(cells) == 1:
        message = (
            _(
                "The text says “%(phrase)s” (%(section)s), but the table gives %(cells)s as "
                "%(expected)s."
            )
            % values
        )
    else:
        message = (
            _(
                "The text says “%(phrase)s” (%(section)s), but in the table %(cells)s add up to "
                "%(expected)s."
            )
            % values
        )
    refs = tuple(cell.ref for cell in cells) + tuple(f"sections.{key}" for key in sections if key)
    return Finding(
        "text_table_mismatch",
        CHECKS["text_table_mismatch"].severity,
        refs,
        expected,
        value,
        message,
    )
