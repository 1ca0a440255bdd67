"""Reading published annual reports (.docx, HTML pages, PDF, plain text) into documents.

``read_report(path_or_bytes, filename=...)`` works out what kind of file it is,
reduces it to paragraphs and table grids (:mod:`.docx`, :mod:`.html`,
:mod:`.pdf`, :mod:`.text`) and hands that to the common core (:mod:`.grid`), which finds the
standard tables by their labels and builds a
:class:`~wagtail_govdisclosure.interchange.ReportDocument`. Interchange JSON
files (what export writes) are read too, so an export can be audited.

Nothing here raises for a bad file: everything that could not be read is an
:class:`ImportProblem` in the :class:`ImportResult`, in the active language.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext as _

from ..interchange import InterchangeError, loads
from .grid import ImportProblem, ImportResult, SourceDocument, UnreadableFile, build_document
from .limits import limits

#: File kinds by name ending.
_EXTENSIONS = {
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".json": "json",
    ".pdf": "pdf",
}

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .doc/.wps/.xls container
_PDF = b"%PDF"


def _sniff(data: bytes, filename: str) -> str:
    """The kind of file, by its first bytes where they tell and by its name otherwise."""
    if data.startswith(_ZIP):
        return "docx"
    if data.startswith(_OLE):
        return "ole"
    if data.lstrip().startswith(_PDF):
        return "pdf"
    by_name = _EXTENSIONS.get(Path(filename).suffix.lower(), "")
    if by_name:
        return by_name
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype", b"<html", b"<?xml")) or b"<table" in head or b"<body" in head:
        return "html"
    if head.startswith((b"{", b"\xef\xbb\xbf{")):
        return "json"
    return "text"


def _parse(data: bytes, kind: str) -> SourceDocument:
    if kind == "docx":
        from .docx import read_docx

        return read_docx(data)
    if kind == "html":
        from .html import read_html

        return read_html(data)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data)
    from .text import decode_text, read_text

    return read_text(decode_text(data))


def read_report(
    source: str | os.PathLike[str] | bytes,
    *,
    filename: str = "",
    agency: str = "",
    year: int | None = None,
) -> ImportResult:
    """Read one published report from a path or from the file's bytes.

    ``filename`` names the file for bytes (its ending helps tell the kind of
    file); for a path it defaults to the path's name. ``agency`` and ``year``
    override what the title says (or stand in for a title that names neither).
    """
    if isinstance(source, bytes):
        data = source
    else:
        filename = filename or os.fspath(source)
        try:
            if Path(source).stat().st_size > limits()["file_bytes"]:
                return _too_big()
            data = Path(source).read_bytes()
        except FileNotFoundError:
            return _failed(_("The file does not exist."))
        except IsADirectoryError:
            return _failed(_("This is a folder, not a file."))
        except OSError as exc:
            return _failed(_("The file cannot be opened: %(error)s") % {"error": exc.strerror})
    if len(data) > limits()["file_bytes"]:
        return _too_big()
    if not data.strip():
        return _failed(_("The file is empty."))
    kind = _sniff(data, filename)
    if kind == "ole":
        return _failed(
            _(
                "This is an old-style Word (.doc) or WPS file, which cannot be read. Open it "
                "and save it as .docx, then import the .docx."
            )
        )
    if kind == "json":
        try:
            return ImportResult(loads(data), [], "json")
        except InterchangeError as exc:
            return ImportResult(
                None, [ImportProblem(p.path, p.message) for p in exc.problems], kind
            )
    try:
        document = _parse(data, kind)
    except UnreadableFile as exc:
        return _failed(str(exc), kind)
    return build_document(document, kind, agency=agency.strip(), year=year)


def _too_big() -> ImportResult:
    size = limits()["file_bytes"] // (1024 * 1024)
    return _failed(
        _("The file is larger than %(size)s MB, too large for a report.") % {"size": size}
    )


def _failed(message: str, kind: str = "") -> ImportResult:
    return ImportResult(None, [ImportProblem("", message)], kind)


__all__ = ["ImportProblem", "ImportResult", "read_report"]
