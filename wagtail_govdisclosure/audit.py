"""Audit published annual reports without a database or a site.

Usage::

    python -m wagtail_govdisclosure.audit FILE... [--json]

Each FILE (.docx, a saved web page, the plain-text export, or interchange
JSON) is read by :func:`wagtail_govdisclosure.importers.read_report` and
checked by :func:`wagtail_govdisclosure.checks.run_checks`; reports of the same
agency for consecutive years are checked against each other (``carry_over``,
``in_force_continuity``). For each file it prints the agency, the year, the
tables as interchange JSON and every finding; ``--json`` prints one JSON
object instead, for scripts.

Exit status: 0 when every file was read and has no error-level finding, 1
when some file has an error-level finding, 2 when some file could not be read
(or only in part). A bad file gives a message, never a traceback.

Django is configured in-process with only what translation needs: no
database, no installed apps, so nothing of Wagtail is imported.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from .checks import Finding
    from .importers import ImportResult
    from .interchange import ReportDocument

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def configure_django() -> None:
    """Configure Django just enough for translations, unless a project already did."""
    from django.apps import apps
    from django.conf import settings

    if settings.configured:
        return
    settings.configure(
        USE_I18N=True,
        LANGUAGE_CODE="zh-hans",
        LANGUAGES=[("zh-hans", "简体中文"), ("en", "English")],
        INSTALLED_APPS=[],
        # The package's catalog, found without installing the app (which would import models).
        LOCALE_PATHS=[str(Path(__file__).resolve().parent / "locale")],
    )
    # Translation needs a ready (empty) app registry; django.setup() would also
    # import the URL resolver and with it the ORM, a second of start-up for nothing.
    apps.populate(settings.INSTALLED_APPS)


@dataclass
class _Audited:
    path: str
    result: ImportResult
    findings: list[Finding] = field(default_factory=list)
    previous: str = ""
    duplicate_of: str = ""
    crashed: str = ""

    @property
    def document(self) -> ReportDocument | None:
        return self.result.document

    @property
    def readable(self) -> bool:
        return not self.crashed and self.result.ok


def audit(paths: Sequence[str], *, reraise: bool = False) -> list[_Audited]:
    """Read and check every file; consecutive years of one agency are checked together."""
    from .checks import run_checks
    from .importers import ImportProblem, ImportResult, read_report

    audited: list[_Audited] = []
    for path in paths:
        try:
            audited.append(_Audited(path, read_report(path)))
        except Exception as exc:  # the command's boundary: report, never a traceback
            if reraise:
                raise
            audited.append(
                _Audited(
                    path,
                    ImportResult(None, [ImportProblem("", _internal_error(exc))]),
                    crashed=type(exc).__name__,
                )
            )

    by_year: dict[tuple[str, int], _Audited] = {}
    for item in audited:
        if item.document is not None:
            key = (item.document.agency, item.document.year)
            if key in by_year:
                item.duplicate_of = by_year[key].path
            else:
                by_year[key] = item
    for item in audited:
        document = item.document
        if document is None:
            continue
        earlier = by_year.get((document.agency, document.year - 1))
        previous = earlier.document if earlier is not None else None
        if earlier is not None:
            item.previous = earlier.path
        try:
            item.findings = run_checks(document, previous=previous)
        except Exception as exc:  # the command's boundary, as above
            if reraise:
                raise
            item.crashed = type(exc).__name__
            item.result.problems.append(ImportProblem("", _internal_error(exc)))
    return audited


def _internal_error(exc: Exception) -> str:
    from django.utils.translation import gettext as _

    return _(
        "Internal error while reading the file (%(error)s). Run the command again with "
        "--traceback and report it."
    ) % {"error": f"{type(exc).__name__}: {exc}"}


def exit_status(audited: Sequence[_Audited]) -> int:
    from .checks import has_errors

    if any(not item.readable for item in audited):
        return EXIT_UNREADABLE
    if any(has_errors(item.findings) for item in audited):
        return EXIT_FINDINGS
    return EXIT_OK


# --- output --------------------------------------------------------------------------


def tables_json(document: ReportDocument) -> str:
    """The interchange ``tables`` object, one row to a line."""
    tables = document.to_json()["tables"]
    lines = ["{"]
    for t, (table, rows) in enumerate(tables.items()):
        lines.append(f"  {json.dumps(table)}: {{")
        for r, (row, cells) in enumerate(rows.items()):
            comma = "," if r < len(rows) - 1 else ""
            lines.append(f"    {json.dumps(row)}: {json.dumps(cells, ensure_ascii=False)}{comma}")
        lines.append("  }," if t < len(tables) - 1 else "  }")
    lines.append("}")
    return "\n".join(lines)


def _agency_line(document: ReportDocument) -> str:
    from django.utils.translation import gettext as _

    from .formats import AgencyKind, AgencyLevel

    levels = {
        AgencyLevel.PROVINCE: _("provincial"),
        AgencyLevel.CITY: _("city with districts"),
        AgencyLevel.COUNTY: _("county level"),
        AgencyLevel.TOWNSHIP: _("township level"),
    }
    kinds = {
        AgencyKind.GOVERNMENT: _("people's government"),
        AgencyKind.DEPARTMENT: _("department"),
    }
    facts = []
    if document.agency_level:
        facts.append(levels[document.agency_level])
    if document.agency_kind:
        facts.append(kinds[document.agency_kind])
    if not facts:
        return document.agency
    described = "、".join(str(f) for f in facts)
    if document.inferred:
        described = _("%(facts)s, inferred from the name") % {"facts": described}
    return _("%(agency)s (%(facts)s)") % {"agency": document.agency, "facts": described}


def write_text(audited: Sequence[_Audited], out: TextIO) -> None:
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    from .checks import summary

    for number, item in enumerate(audited):
        if number:
            out.write("\n")
        out.write(_("File: %(path)s") % {"path": item.path} + "\n")
        document = item.document
        problems = item.result.problems
        if document is None:
            out.write("  " + _("The file cannot be read:") + "\n")
            for problem in problems:
                out.write(f"    {problem}\n")
            continue
        out.write("  " + _("Agency: %(agency)s") % {"agency": _agency_line(document)} + "\n")
        out.write("  " + _("Year: %(year)s") % {"year": document.year} + "\n")
        out.write(
            "  "
            + _("Format: %(name)s (%(reference)s)")
            % {"name": document.format.name, "reference": document.format.reference}
            + "\n"
        )
        if document.published:
            out.write(
                "  " + _("Published: %(date)s") % {"date": document.published.isoformat()} + "\n"
            )
        if item.duplicate_of:
            out.write(
                "  "
                + _("Same agency and year as %(path)s; not used for the other years' checks.")
                % {"path": item.duplicate_of}
                + "\n"
            )
        if problems:
            out.write("  " + _("What could not be read:") + "\n")
            for problem in problems:
                tag = (
                    pgettext("audit severity", "error")
                    if problem.is_error
                    else pgettext("audit severity", "warning")
                )
                out.write(f"    [{tag}] {problem}\n")
        out.write("  " + _("Tables (interchange JSON):") + "\n")
        out.write("\n".join("  " + line for line in tables_json(document).splitlines()) + "\n")
        if item.previous:
            out.write(
                "  "
                + _("Checked against the report for %(year)s in %(path)s.")
                % {"year": document.year - 1, "path": item.previous}
                + "\n"
            )
        counts = summary(item.findings)
        if not item.findings:
            out.write("  " + _("Findings: none.") + "\n")
            continue
        out.write(
            "  "
            + _("Findings: %(errors)s errors, %(warnings)s warnings.")
            % {"errors": counts["errors"], "warnings": counts["warnings"]}
            + "\n"
        )
        for finding in item.findings:
            tag = pgettext("audit severity", str(finding.severity))
            cells = "、".join(finding.cells)
            place = f" {cells}" if cells else ""
            out.write(f"    [{tag}] {finding.code}{place}: {finding.message}\n")


def write_json(audited: Sequence[_Audited], out: TextIO) -> None:
    files: list[dict[str, Any]] = []
    for item in audited:
        document = item.document
        entry: dict[str, Any] = {
            "file": item.path,
            "read": item.readable,
            "source": item.result.source,
            "problems": [p.to_json() for p in item.result.problems],
        }
        if document is not None:
            entry.update(
                agency=document.agency,
                year=document.year,
                format=document.format.key,
                document=document.to_json(),
                previous=item.previous or None,
                duplicate_of=item.duplicate_of or None,
                findings=[finding.to_json() for finding in item.findings],
            )
        files.append(entry)
    json.dump(
        {"files": files, "exit_status": exit_status(audited)}, out, ensure_ascii=False, indent=2
    )
    out.write("\n")


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the audit; return the exit status."""
    configure_django()
    from django.conf import settings
    from django.utils import translation
    from django.utils.translation import gettext as _

    out = out or sys.stdout
    with translation.override(settings.LANGUAGE_CODE):
        parser = argparse.ArgumentParser(
            prog="python -m wagtail_govdisclosure.audit",
            description=_(
                "Read published annual reports (.docx, web pages, text, interchange JSON) "
                "and check their tables. Exit status: 0 all good, 1 error-level findings, "
                "2 a file could not be read."
            ),
        )
        parser.add_argument("files", nargs="+", metavar="FILE", help=_("report files to audit"))
        parser.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
        parser.add_argument(
            "--traceback", action="store_true", help=_("show the traceback of an internal error")
        )
        arguments = parser.parse_args(argv)
        audited = audit(arguments.files, reraise=arguments.traceback)
        if arguments.json:
            write_json(audited, out)
        else:
            write_text(audited, out)
        return exit_status(audited)


def run() -> None:
    """The console entry point: ``main()`` with the process's streams."""
    for stream in (sys.stdout, sys.stderr):
        # A console that cannot show Chinese gets replacement marks, not an exception.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = EXIT_OK
    sys.exit(status)


if __name__ == "__main__":
    run()
