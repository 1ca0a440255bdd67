"""Compile gettext ``.po`` catalogs into ``.mo`` files without GNU gettext.

The package ships only ``.po`` sources in git; ``setup.py`` calls :func:`compile_catalogs`
while building so that wheels and sdist installs contain working ``.mo`` files even on
machines without ``msgfmt``. Supported: ``msgctxt``, plural forms, multi-line strings,
C escapes; fuzzy entries (except the header, as GNU msgfmt does) and obsolete ``#~``
entries are left out, like ``msgfmt`` without ``--use-fuzzy``.

Usable as a script: ``python build_tools/compile_mo.py PATH...`` (``.po`` files or
directories searched for ``LC_MESSAGES/*.po``).
"""

from __future__ import annotations

import ast
import re
import struct
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["PoEntry", "PoSyntaxError", "compile_catalogs", "compile_po", "parse_po", "write_mo"]

MO_MAGIC = 0x950412DE
# gettext joins context and msgid with EOT, and plural forms with NUL.
CONTEXT_SEPARATOR = "\x04"
PLURAL_SEPARATOR = "\x00"

_KEYWORD_RE = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")
_STRING_RE = re.compile(r'^"(?:[^"\\]|\\.)*"$')
_CHARSET_RE = re.compile(r"charset=([\w.:-]+)", re.IGNORECASE)


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

    def mo_key(self) -> str:
        key = self.msgid
        if self.msgid_plural is not None:
            key += PLURAL_SEPARATOR + self.msgid_plural
        if self.msgctxt is not None:
            key = self.msgctxt + CONTEXT_SEPARATOR + key
        return key

    def mo_value(self) -> str:
        return PLURAL_SEPARATOR.join(self.msgstr[i] for i in sorted(self.msgstr))


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


def _charset(entries: Iterable[PoEntry]) -> str:
    for item in entries:
        if item.is_header:
            found = _CHARSET_RE.search(item.msgstr.get(0, ""))
            if found and found.group(1).upper() != "CHARSET":
                return found.group(1)
    return "utf-8"


def _mo_messages(entries: list[PoEntry]) -> Iterator[tuple[str, str]]:
    for item in entries:
        if not item.is_translated:
            continue
        # msgfmt keeps a fuzzy header: it carries the charset and Plural-Forms.
        if "fuzzy" in item.flags and not item.is_header:
            continue
        value = item.mo_value()
        if item.is_header:
            # Like msgfmt: leave out the extraction time so rebuilds give identical files.
            value = "".join(
                line
                for line in value.splitlines(keepends=True)
                if not line.startswith("POT-Creation-Date:")
            )
        yield item.mo_key(), value


def write_mo(entries: list[PoEntry]) -> bytes:
    """Return the bytes of a little-endian ``.mo`` file (no hash table, which is optional)."""
    charset = _charset(entries)
    messages = {key.encode(charset): value.encode(charset) for key, value in _mo_messages(entries)}
    keys = sorted(messages)  # readers may binary-search the table: keys must be sorted
    count = len(keys)
    header_size = 7 * 4
    originals_offset = header_size
    translations_offset = originals_offset + count * 8
    data_offset = translations_offset + count * 8

    ids = b""
    strs = b""
    id_table: list[tuple[int, int]] = []
    str_table: list[tuple[int, int]] = []
    for key in keys:
        id_table.append((len(key), len(ids)))
        ids += key + b"\0"
    for key in keys:
        value = messages[key]
        str_table.append((len(value), len(strs)))
        strs += value + b"\0"

    out = bytearray(
        struct.pack("<7I", MO_MAGIC, 0, count, originals_offset, translations_offset, 0, 0)
    )
    for length, offset in id_table:
        out += struct.pack("<2I", length, data_offset + offset)
    for length, offset in str_table:
        out += struct.pack("<2I", length, data_offset + len(ids) + offset)
    out += ids + strs
    return bytes(out)


def compile_po(po_path: Path | str, mo_path: Path | str | None = None) -> Path:
    """Compile one ``.po`` file; the ``.mo`` goes beside it unless ``mo_path`` is given."""
    po_path = Path(po_path)
    target = Path(mo_path) if mo_path is not None else po_path.with_suffix(".mo")
    entries = parse_po(po_path.read_text(encoding="utf-8"), str(po_path))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(write_mo(entries))
    return target


def find_catalogs(root: Path | str) -> list[Path]:
    """Every ``<root>/**/LC_MESSAGES/*.po`` below ``root``, sorted."""
    return sorted(Path(root).glob("**/LC_MESSAGES/*.po"))


def compile_catalogs(source_root: Path | str, target_root: Path | str | None = None) -> list[Path]:
    """Compile every catalog under ``source_root``, mirroring paths under ``target_root``."""
    source_root = Path(source_root)
    written = []
    for po in find_catalogs(source_root):
        mo = po.with_suffix(".mo")
        if target_root is not None:
            mo = Path(target_root) / mo.relative_to(source_root)
        written.append(compile_po(po, mo))
    return written


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    for arg in argv:
        path = Path(arg)
        for mo in compile_catalogs(path) if path.is_dir() else [compile_po(path)]:
            print(f"compiled {mo}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
