"""Turning published report files into draft report pages: shared by the command and the admin.

``govdisclosure_import_reports`` and the admin's import view read each file
with :func:`wagtail_govdisclosure.importers.read_report`, judge every file
before anything is saved (:func:`judge_files`), and create the drafts in one
transaction (:func:`create_drafts`); nothing is ever published here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.models import Collection

from wagtail_govdisclosure.importers import ImportResult
from wagtail_govdisclosure.interchange import ReportDocument
from wagtail_govdisclosure.models import (
    AnnualReportIndexPage,
    AnnualReportPage,
    DisclosureIndexPage,
    ReportSourceFile,
)


@dataclass
class ImportedFile:
    """One file of the run once read: its name, bytes and the report it holds."""

    path: Path
    data: bytes
    result: ImportResult

    @property
    def document(self) -> ReportDocument:
        assert self.result.document is not None
        return self.result.document


@dataclass
class CreatedReport:
    """A draft created by the run and its source file, kept privately with it.

    The file becomes a public document when the report is published, if the
    portal allows its type as a document (see :mod:`wagtail_govdisclosure.sources`).
    """

    page: AnnualReportPage
    source: ReportSourceFile

    @property
    def source_becomes_document(self) -> bool:
        from .sources import allowed_as_document

        return allowed_as_document(self.source.name)


def get_index(page_id: int) -> tuple[AnnualReportIndexPage, DisclosureIndexPage]:
    """The report index ``page_id`` and its agency's column, or a :class:`CommandError`."""
    index = AnnualReportIndexPage.objects.filter(pk=page_id).first()
    if index is None:
        raise CommandError(
            _("Page %(id)s is not an annual report index: give the id of one with --parent.")
            % {"id": page_id}
        )
    column = AnnualReportPage().get_column(parent=index)
    if column is None:
        raise CommandError(
            _("The report index %(id)s is not inside an agency's disclosure column.")
            % {"id": page_id}
        )
    return index, column


def agency_names_match(first: str, second: str) -> bool:
    from .checks.history import agency_names_match as match

    return match(first, second)


def _index_name(index: AnnualReportIndexPage) -> str:
    """The report index as a clerk knows it: its column's title, then its own."""
    parent = index.get_parent()
    return f"{parent.title} › {index.title}" if parent is not None else index.title


def judge_files(
    files: list[ImportedFile], index: AnnualReportIndexPage, column: DisclosureIndexPage
) -> dict[Path, list[str]]:
    """Every reason a file of the run cannot be imported under ``index``, by file.

    A file missing from the result can be imported. Duplicate years are judged
    against the reports under the index and against the other files of the run.
    """
    reasons: dict[Path, list[str]] = {}
    taken = set(
        AnnualReportPage.objects.child_of(index)
        .filter(alias_of__isnull=True)
        .values_list("year", flat=True)
    )
    seen: dict[int, Path] = {}
    for file in files:
        result = file.result
        if not result.ok:
            errors = [p for p in result.problems if p.is_error] or result.problems
            lines = [_("The file cannot be read as an annual report:")]
            lines += [f"  {problem}" for problem in errors]
            if not errors:
                lines.append("  " + _("No report tables were found."))
            reasons[file.path] = lines
            continue
        document = file.document
        lines = []
        names = [column.agency_name, *column.former_name_list]
        if not any(agency_names_match(document.agency, name) for name in names):
            lines.append(
                _(
                    "This is the report of “%(file_agency)s”, but the report index "
                    "“%(index)s” belongs to “%(agency)s”."
                )
                % {
                    "file_agency": document.agency,
                    "index": _index_name(index),
                    "agency": column.agency_name,
                }
            )
        if document.year in taken:
            lines.append(
                _(
                    "The report index “%(index)s” already has a report of %(year)s: edit "
                    "that report instead of importing another."
                )
                % {"index": _index_name(index), "year": document.year}
            )
        elif document.year in seen:
            lines.append(
                _("%(other)s is also the report of %(year)s: import one report per year.")
                % {"other": seen[document.year], "year": document.year}
            )
        else:
            seen[document.year] = file.path
        if lines:
            reasons[file.path] = lines
    return reasons


def agency_collection(agency: str) -> Collection:
    """The document collection named after ``agency`` (created under the root when missing)."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=agency).first()
    return existing if existing is not None else root.add_child(name=agency)


def create_draft(
    index: AnnualReportIndexPage, file: ImportedFile, collection: Collection, user: Any = None
) -> CreatedReport:
    """Create the draft report of ``file`` under ``index`` and keep the file with it.

    ``user`` (the editor importing from the admin) owns the page and its revision.
    The file is not a document yet: a draft's source would publish the draft
    through the documents' URLs and API. ``collection`` is where it will be
    published (made now, so the agency's collection exists for the editors).
    """
    document = file.document
    page = AnnualReportPage(
        title=document.title,
        slug=find_available_slug(index, str(document.year)),
        live=False,
        owner=user,
    )
    page.set_document(document)
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    source = ReportSourceFile.objects.create(
        page=page,
        name=file.path.name,
        data=file.data,
        uploaded_by=user,
        # Wagtail's own hash of a document file is the SHA-1 of its bytes.
        sha1=hashlib.sha1(file.data).hexdigest(),
    )
    return CreatedReport(page, source)


def create_drafts(
    index: AnnualReportIndexPage,
    column: DisclosureIndexPage,
    files: list[ImportedFile],
    user: Any = None,
) -> list[CreatedReport]:
    """Create the drafts of ``files`` (judged by :func:`judge_files`) in one transaction.

    On any error nothing is left: the source files are stored in the database
    with their pages, so the transaction undoes them too.
    """
    created: list[CreatedReport] = []
    with transaction.atomic():
        collection = agency_collection(column.agency_name.strip())
        for file in files:
            created.append(create_draft(index, file, collection, user))
    return created


def validation_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{field}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)
