"""Audit published annual reports without a database or a site.

Usage::

    python -m wagtail_govdisclosure.audit FILE_OR_FOLDER... [--json] [-j N]
        [--csv summary.csv] [--html summary.html] [--agency NAME] [--year YEAR]

Each FILE (.docx, a PDF exported from Word or WPS, a saved web page, the
plain-text export, or interchange JSON), and every such file under each
FOLDER, is read by :func:`wagtail_govdisclosure.importers.read_report` and
checked by :func:`wagtail_govdisclosure.checks.run_checks`; reports of the same
agency for consecutive years are checked against each other (``carry_over``,
``in_force_continuity``). For each file it prints the agency, the year, the
tables as interchange JSON and every finding; ``--json`` prints one JSON
object instead, for scripts. At province scale, ``-j N`` reads in N
processes (the results are the same for any N), a progress bar shows on a
terminal, and ``--csv``/``--html`` write a summary per agency and year with
links to each file's findings.

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
from collections.abc import Callable, Sequence
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


#: File endings the audit picks up when it walks a folder.
REPORT_SUFFIXES = (".docx", ".pdf", ".html", ".htm", ".shtml", ".xhtml", ".txt", ".json")


def report_files(paths: Sequence[str]) -> list[str]:
    """The files to audit: each file named, and the report files under each folder named
    (recursively, in name order), each once."""
    found: list[str] = []
    seen: set[str] = set()
    for path in paths:
        folder = Path(path)
        if folder.is_dir():
            names = sorted(
                str(p)
                for p in folder.rglob("*")
                if p.suffix.lower() in REPORT_SUFFIXES and p.is_file()
            )
            # A folder without report files stays, to be reported as such.
            names = names or [path]
        else:
            names = [path]
        for name in names:
            if name not in seen:
                seen.add(name)
                found.append(name)
    return found


def _read_one(task: tuple[str, str, int | None, str, bool]) -> dict[str, Any]:
    """Read one file (in this process or a worker) into plain data a process can send back.

    The main process rebuilds the result from it whatever the number of
    processes, so the results are the same for any ``jobs``.
    """
    path, agency, year, language, reraise = task
    from django.utils import translation

    from .importers import read_report

    with translation.override(language):
        if Path(path).is_dir():
            from django.utils.translation import gettext as _

            message = _("The folder holds no report files (%(endings)s).") % {
                "endings": "、".join(REPORT_SUFFIXES)
            }
            return {
                "document": None,
                "problems": [{"where": "", "message": message}],
                "source": "",
                "preamble": "",
            }
        try:
            result = read_report(path, agency=agency, year=year)
        except Exception as exc:  # the command's boundary: report, never a traceback
            if reraise:
                raise
            return {"crashed": type(exc).__name__, "message": _internal_error(exc)}
        return {
            "document": result.document.to_json() if result.document is not None else None,
            "problems": [p.to_json() for p in result.problems],
            "source": result.source,
            "preamble": result.preamble,
        }


def _result(data: dict[str, Any]) -> tuple[ImportResult, str]:
    from .importers import ImportProblem, ImportResult
    from .interchange import parse

    if "crashed" in data:
        return ImportResult(None, [ImportProblem("", data["message"])]), data["crashed"]
    document = parse(data["document"]) if data["document"] is not None else None
    problems = [ImportProblem(**p) for p in data["problems"]]
    return ImportResult(document, problems, data["source"], data["preamble"]), ""


def _worker_start() -> None:
    configure_django()


def audit(
    paths: Sequence[str],
    *,
    reraise: bool = False,
    agency: str = "",
    year: int | None = None,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[_Audited]:
    """Read and check every file; consecutive years of one agency are checked together.

    Folders are walked for report files. ``jobs`` processes read the files (the
    checks, which compare the years, run here). ``agency``/``year`` override
    what the titles say. ``progress(done, total)`` is told after every file.
    """
    from django.utils import translation

    from .checks import run_checks
    from .checks.history import same_agency
    from .importers import ImportProblem

    files = report_files(paths)
    language = translation.get_language() or "zh-hans"
    tasks = [(path, agency, year, language, reraise) for path in files]
    audited: list[_Audited] = []

    def collect(data: dict[str, Any], path: str) -> None:
        result, crashed = _result(data)
        audited.append(_Audited(path, result, crashed=crashed))
        if progress is not None:
            progress(len(audited), len(files))

    if jobs > 1 and len(files) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_start) as pool:
            for path, data in zip(files, pool.map(_read_one, tasks, chunksize=4), strict=True):
                collect(data, path)
    else:
        for task in tasks:
            collect(_read_one(task), task[0])

    by_year: dict[tuple[str, int], _Audited] = {}
    by_year_only: dict[int, list[_Audited]] = {}
    for item in audited:
        if item.document is not None:
            key = ("".join(item.document.agency.split()), item.document.year)
            if key in by_year:
                item.duplicate_of = by_year[key].path
            else:
                by_year[key] = item
                by_year_only.setdefault(item.document.year, []).append(item)
    for item in audited:
        document = item.document
        if document is None:
            continue
        # Last year's report: the same name, or one name with the parent's place the other lacks.
        earlier_reports = [
            other
            for other in by_year_only.get(document.year - 1, [])
            if other.document is not None and same_agency(document, other.document)
        ]
        exact = [
            other
            for other in earlier_reports
            if other.document is not None
            and "".join(other.document.agency.split()) == "".join(document.agency.split())
        ]
        earlier = (exact or (earlier_reports if len(earlier_reports) == 1 else [None]))[0]
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


class ProgressBar:
    """``[#####-----] 120/10000`` on one line of standard error, redrawn as files are read."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        filled = self.WIDTH * done // max(total, 1)
        if filled == self.shown and done != total:
            return
        self.shown = filled
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done}/{total}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def _summary_rows(audited: Sequence[_Audited]) -> list[dict[str, Any]]:
    from .checks import summary

    rows = []
    for number, item in enumerate(audited, 1):
        document = item.document
        counts = summary(item.findings)
        problems = item.result.problems
        rows.append(
            {
                "number": number,
                "file": item.path,
                "agency": document.agency if document is not None else "",
                "year": document.year if document is not None else "",
                "read": item.readable,
                "errors": counts["errors"] + sum(1 for p in problems if p.is_error),
                "warnings": counts["warnings"] + sum(1 for p in problems if not p.is_error),
                "first": str(next((p for p in problems if p.is_error), None) or "")
                or next((f.message for f in item.findings if f.is_error), ""),
            }
        )
    return rows


def _csv_safe(value: object) -> object:
    """A cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_csv(audited: Sequence[_Audited], out: TextIO) -> None:
    """One line per file: agency, year, read or not, how many errors and warnings, the first."""
    import csv

    from django.utils.translation import gettext as _

    writer = csv.writer(out)
    writer.writerow(
        [_("file"), _("agency"), _("year"), _("read"), _("errors"), _("warnings"), _("first error")]
    )
    for row in _summary_rows(audited):
        writer.writerow(
            _csv_safe(value)
            for value in (
                row["file"],
                row["agency"],
                row["year"],
                _("yes") if row["read"] else _("no"),
                row["errors"],
                row["warnings"],
                row["first"],
            )
        )


def write_html(audited: Sequence[_Audited], out: TextIO) -> None:
    """A page with a line per agency and year, linked to each file's findings below."""
    from html import escape

    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    rows = _summary_rows(audited)
    rows_sorted = sorted(rows, key=lambda r: (r["agency"] or "\uffff", str(r["year"]), r["file"]))
    title = _("Audit of %(count)s report files") % {"count": len(rows)}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-Hans"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        "<style>body{font-family:sans-serif;margin:1rem;line-height:1.5}"
        "table{border-collapse:collapse}th,td{border:1px solid #999;padding:.2rem .5rem;"
        "text-align:left;vertical-align:top}.no{color:#b00020;font-weight:bold}"
        "td.n{text-align:right}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        "<table><thead><tr>",
        *(
            f"<th>{escape(h)}</th>"
            for h in (_("agency"), _("year"), _("read"), _("errors"), _("warnings"), _("file"))
        ),
        "</tr></thead><tbody>",
    ]
    for row in rows_sorted:
        anchor = f"f{row['number']}"
        read = _("yes") if row["read"] else _("no")
        unread = "" if row["read"] else ' class="no"'
        parts.append(
            "<tr>"
            f"<td>{escape(row['agency'] or '—')}</td><td>{escape(str(row['year']) or '—')}</td>"
            f"<td{unread}>{escape(read)}</td>"
            f'<td class="n"><a href="#{anchor}">{row["errors"]}</a></td>'
            f'<td class="n"><a href="#{anchor}">{row["warnings"]}</a></td>'
            f'<td><a href="#{anchor}">{escape(row["file"])}</a></td></tr>'
        )
    parts.append("</tbody></table>")
    for number, item in enumerate(audited, 1):
        parts.append(f'<section id="f{number}"><h2>{escape(item.path)}</h2>')
        document = item.document
        if document is not None:
            parts.append(f"<p>{escape(document.title)}</p>")
        parts.append("<ol>")
        entries = [(p.is_error, str(p)) for p in item.result.problems] + [
            (f.is_error, f"{'、'.join(f.cells)}: {f.message}" if f.cells else f.message)
            for f in item.findings
        ]
        for m, (is_error, text) in enumerate(entries, 1):
            tag = pgettext("audit severity", "error" if is_error else "warning")
            parts.append(
                f'<li id="f{number}-{m}"><strong>{escape(tag)}</strong> {escape(text)}</li>'
            )
        parts.append("</ol></section>")
    parts.append("</body></html>")
    out.write("\n".join(parts) + "\n")


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
        parser.add_argument(
            "files",
            nargs="+",
            metavar="FILE",
            help=_("report files to audit, or folders to audit every report file in"),
        )
        parser.add_argument(
            "--agency", default="", help=_("the agency of every report, whatever its title says")
        )
        parser.add_argument(
            "--year",
            type=int,
            default=None,
            help=_("the year of every report, whatever its title says"),
        )
        parser.add_argument(
            "-j",
            "--jobs",
            type=int,
            default=1,
            help=_("read the files in this many processes"),
        )
        parser.add_argument(
            "--progress",
            action=argparse.BooleanOptionalAction,
            default=None,
            help=_("show a progress bar on standard error (default: on a terminal)"),
        )
        parser.add_argument(
            "--csv", metavar="PATH", help=_("write a summary per file as CSV to PATH")
        )
        parser.add_argument(
            "--html", metavar="PATH", help=_("write a summary and every finding as HTML to PATH")
        )
        parser.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
        parser.add_argument(
            "--traceback", action="store_true", help=_("show the traceback of an internal error")
        )
        arguments = parser.parse_args(argv)
        if arguments.jobs < 1:
            parser.error(_("--jobs must be at least 1"))
        show = sys.stderr.isatty() if arguments.progress is None else arguments.progress
        audited = audit(
            arguments.files,
            reraise=arguments.traceback,
            agency=arguments.agency,
            year=arguments.year,
            jobs=arguments.jobs,
            progress=ProgressBar(sys.stderr) if show else None,
        )
        if arguments.csv:
            with open(arguments.csv, "w", encoding="utf-8-sig", newline="") as summary_file:
                write_csv(audited, summary_file)
        if arguments.html:
            with open(arguments.html, "w", encoding="utf-8") as summary_file:
                write_html(audited, summary_file)
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
