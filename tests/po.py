"""A reader of gettext ``.po`` catalogs for the translation tests.

The tests read the committed catalogue to list its messages (translated? fuzzy? listed
twice?) and to compare it with what ``makemessages`` extracts. Supported: ``msgctxt``,
plural forms, multi-line strings, C escapes; obsolete ``#~`` entries are dropped.
Compiling is GNU ``msgfmt``'s job (``make translations``), not this module's.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

__all__ = ["PoEntry", "PoSyntaxError", "parse_po"]


_KEYWORD_RE = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")
_STRING_RE = re.compile(r'^"(?:[^"\\]|\\.)*"$')


class PoSyntaxError(ValueError):
    """Raised for a line of a ``.po`` file that cannot be understood."""

    def __init__(self, path: str, lineno: int, message: str) -> None:
        super().__init__(f"{path}:{lineno}: {message}")


@dataclass
class PoEntry:
    """One message of a catalog, with strings already unescaped."""

    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def is_header(self) -> bool:
        """The catalog header is the entry with an empty msgid and no context."""
        return self.msgid == "" and self.msgctxt is None

    @property
    def is_translated(self) -> bool:
        """True when every msgstr (each plural form) is non-empty."""
        return bool(self.msgstr) and all(self.msgstr.values())


def _unquote(token: str, path: str, lineno: int) -> str:
    """Turn a C-style quoted string into text; ast handles the escapes (\\n, \\", \\t, octal)."""
    if not _STRING_RE.match(token):
        raise PoSyntaxError(path, lineno, f"bad string {token!r}")
    try:
        value = ast.literal_eval(token)
    except (SyntaxError, ValueError) as exc:
        raise PoSyntaxError(path, lineno, f"bad string {token!r}") from exc
    if not isinstance(value, str):
        raise PoSyntaxError(path, lineno, f"bad string {token!r}")
    return value


def parse_po(text: str, path: str = "<string>") -> list[PoEntry]:
    """Parse the text of a ``.po`` file into entries (obsolete ``#~`` entries are dropped)."""
    entries: list[PoEntry] = []
    entry = PoEntry()
    has_content = False
    # Which string a continuation line ("...") appends to: (field name, plural index).
    current: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal entry, has_content, current
        if has_content:
            entries.append(entry)
        entry, has_content, current = PoEntry(), False, None

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            # A comment after strings starts a new entry (entries need not be blank-separated).
            if current is not None:
                finish()
            if line.startswith("#,"):
                entry.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            continue  # translator/extracted/reference/previous/obsolete comments
        if line.startswith('"'):
            if current is None:
                raise PoSyntaxError(path, lineno, "string continuation without a keyword")
            value = _unquote(line, path, lineno)
            name, index = current
            if name == "msgstr":
                entry.msgstr[index] += value
            else:
                setattr(entry, name, getattr(entry, name) + value)
            continue
        match = _KEYWORD_RE.match(line)
        if not match:
            raise PoSyntaxError(path, lineno, f"unexpected line {raw!r}")
        keyword, index_text, token = match.groups()
        value = _unquote(token, path, lineno)
        # msgctxt or msgid after a msgstr means a new entry without a blank line.
        if keyword in ("msgctxt", "msgid") and current is not None and current[0] == "msgstr":
            finish()
        has_content = True
        if keyword.startswith("msgstr"):
            index = int(index_text) if index_text is not None else 0
            entry.msgstr[index] = value
            current = ("msgstr", index)
        else:
            setattr(entry, keyword, value)
            current = (keyword, 0)
    finish()
    for item in entries:
        if not item.msgstr:
            raise PoSyntaxError(path, 0, f"entry {item.msgid!r} has no msgstr")
    return entries
