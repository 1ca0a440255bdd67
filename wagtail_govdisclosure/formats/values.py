"""Reading one table cell as transcribed: a number, a blank, or something invalid.

Reports are transcribed by people from Word and WPS files, so a cell may hold
``None``, an int, a decimal string, full-width digits (「１２」), thousands
separators, or a placeholder such as 「/」「—」「无」 where the form wants 0.
One reader serves the checks, the editor, paste and import, so all of them
agree on what a cell means.
"""

from __future__ import annotations

import enum
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .base import CellKind, Column

#: Texts people write in a cell instead of a number; the form wants 0 written.
PLACEHOLDERS = frozenset(
    {"/", "／", "\\", "—", "——", "-", "--", "－", "–", "无", "空", "暂无"}
    | {"N/A", "n/a", "NA", "×", "x"}
)

_SEPARATORS = re.compile(r"(?<=\d)[,，](?=\d{3}(?:\D|$))")


class CellStatus(enum.StrEnum):
    NUMBER = "number"
    BLANK = "blank"
    PLACEHOLDER = "placeholder"
    NOT_A_NUMBER = "not_a_number"
    NEGATIVE = "negative"
    FRACTION = "fraction"
    TOO_PRECISE = "too_precise"


@dataclass(frozen=True)
class CellReading:
    """What a raw cell value means for a given column."""

    status: CellStatus
    value: int | Decimal | None = None
    raw: object = None

    @property
    def ok(self) -> bool:
        return self.status is CellStatus.NUMBER

    @property
    def is_blank(self) -> bool:
        return self.status in (CellStatus.BLANK, CellStatus.PLACEHOLDER)


def normalise_text(text: str) -> str:
    """Full-width digits and signs to ASCII, spaces and thousands separators removed."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = re.sub(r"\s+", "", text)
    return _SEPARATORS.sub("", text)


def read_cell(raw: object, column: Column) -> CellReading:
    """Interpret ``raw`` (as found in interchange JSON or pasted text) for ``column``."""
    if raw is None:
        return CellReading(CellStatus.BLANK, raw=raw)
    if isinstance(raw, bool):
        return CellReading(CellStatus.NOT_A_NUMBER, raw=raw)
    if isinstance(raw, int):
        number: Decimal = Decimal(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            return CellReading(CellStatus.NOT_A_NUMBER, raw=raw)
        number = Decimal(repr(raw))
    elif isinstance(raw, Decimal):
        number = raw
    elif isinstance(raw, str):
        text = normalise_text(raw)
        if not text:
            return CellReading(CellStatus.BLANK, raw=raw)
        if text in PLACEHOLDERS or raw.strip() in PLACEHOLDERS:
            return CellReading(CellStatus.PLACEHOLDER, raw=raw)
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
            return CellReading(CellStatus.NOT_A_NUMBER, raw=raw)
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern above admits only numbers
            return CellReading(CellStatus.NOT_A_NUMBER, raw=raw)
    else:
        return CellReading(CellStatus.NOT_A_NUMBER, raw=raw)

    if number < 0 and column.kind is not CellKind.SIGNED_COUNT:
        return CellReading(CellStatus.NEGATIVE, raw=raw)
    if column.kind is CellKind.AMOUNT:
        exponent = number.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > column.decimals:
            return CellReading(CellStatus.TOO_PRECISE, raw=raw)
        return CellReading(CellStatus.NUMBER, number, raw)
    if number != number.to_integral_value():
        return CellReading(CellStatus.FRACTION, raw=raw)
    return CellReading(CellStatus.NUMBER, int(number), raw)


def to_json_value(value: int | Decimal | None, column: Column) -> int | str | None:
    """The interchange JSON form of a number: amounts as strings, counts as ints."""
    if value is None:
        return None
    if column.kind is CellKind.AMOUNT:
        # normalize() keeps the sign of zero: "-0" would print as a negative amount.
        return format(Decimal(value).normalize() + 0, "f")
    return int(value)
