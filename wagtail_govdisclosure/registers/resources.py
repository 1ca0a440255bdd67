"""django-import-export resources of the registers, and the import they run.

A resource works on one agency's register: rows are matched to existing entries by
their register number (登记编号 / 案号) within that agency, new entries get the
agency, and every value is read by the widgets of :mod:`.columns`. The model's
``clean()`` checks each row (with the field named); the import is all-or-nothing.

:class:`RegisterImport` is what the admin views and the management command use: it
reads the file, maps its headers, runs the resource's dry run or import, and returns
every problem with the file's line number and the column as the file names it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export import resources, widgets
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult

from ..models import DisclosureIndexPage
from .columns import (
    COLUMNS,
    HeaderMatcher,
    Kind,
    RegisterColumn,
    ValueProblem,
    read_boolean,
    read_date,
    read_text,
    write_boolean,
)
from .holidays import WorkingCalendar
from .models import Application, ReviewCase
from .tabular import FileProblem, Sheet, SheetStream, open_sheet

# --- widgets ----------------------------------------------------------------------


class _RequiredMixin:
    required = False

    def _missing(self) -> None:
        if self.required:
            raise ValueProblem(_("This cell must not be empty."))


class TextWidget(_RequiredMixin, widgets.Widget):
    def __init__(self, required: bool = False):
        super().__init__()
        self.required = required

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = read_text(value)
        if not text:
            self._missing()
        return text

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else str(value)


class DateWidget(_RequiredMixin, widgets.Widget):
    def __init__(self, required: bool = False):
        super().__init__()
        self.required = required

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> datetime.date | None:
        day = read_date(value)
        if day is None:
            self._missing()
        return day

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value.isoformat() if value else ""


class BooleanWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool:
        return read_boolean(value)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return write_boolean(bool(value))


class ChoiceWidget(widgets.Widget):
    def __init__(self, column: RegisterColumn):
        super().__init__()
        assert column.choices is not None
        self.reader = column.choices

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        return self.reader.read(value)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return self.reader.write(value or "")


class AgencyWidget(widgets.Widget):
    """Writes the agency's name (export only)."""

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value.agency_name if value is not None else ""


class ApplicationReferenceWidget(widgets.Widget):
    """A case's application, written as its register number within the same agency."""

    def __init__(self, agency_id: int | None = None):
        super().__init__()
        self.agency_id = agency_id
        self._by_reference: dict[str, Application] | None = None

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Application | None:
        reference = read_text(value)
        if not reference:
            return None
        if self._by_reference is None:
            # One query for the agency's register, not one per row.
            self._by_reference = {
                a.reference: a
                for a in Application.objects.filter(agency_id=self.agency_id).exclude(reference="")
            }
        try:
            return self._by_reference[reference]
        except KeyError:
            raise ValueProblem(
                _("No application numbered “%(reference)s” in this agency's register.")
                % {"reference": reference}
            ) from None

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value.reference if value is not None else ""


def widget_for(column: RegisterColumn) -> widgets.Widget:
    if column.key == "agency":
        return AgencyWidget()
    if column.kind == Kind.DATE:
        return DateWidget(required=column.required)
    if column.kind == Kind.BOOLEAN:
        return BooleanWidget()
    if column.kind == Kind.CHOICE:
        return ChoiceWidget(column)
    if column.kind == Kind.REFERENCE:
        return ApplicationReferenceWidget()
    return TextWidget(required=column.required)


# --- resources --------------------------------------------------------------------


class AgencyReferenceLoader(BaseInstanceLoader):
    """Finds the existing entries a file updates: same agency, same register number."""

    CHUNK = 500

    def __init__(self, resource: RegisterResource, dataset: tablib.Dataset | None = None):
        super().__init__(resource, dataset)
        self.instances: dict[str, Any] = {}
        if dataset is None or "reference" not in (dataset.headers or ()):
            return
        references = sorted({read_text(v) for v in dataset["reference"]} - {""})
        # The import knows the register's numbers: ask only for the entries that exist.
        existing = getattr(resource, "existing_references", None)
        if existing is not None:
            references = [r for r in references if r in existing]
        queryset = resource.get_queryset()
        for start in range(0, len(references), self.CHUNK):
            chunk = references[start : start + self.CHUNK]
            for instance in queryset.filter(reference__in=chunk):
                self.instances[instance.reference] = instance

    def get_instance(self, row: dict) -> Any:
        reference = read_text(row.get("reference"))
        return self.instances.get(reference) if reference else None


class RegisterResource(resources.ModelResource):
    """The resource of a register, for one agency (``agency`` may be ``None`` to export)."""

    register_columns: tuple[RegisterColumn, ...] = ()

    def __init__(
        self,
        agency: DisclosureIndexPage | None = None,
        *,
        calendar: WorkingCalendar | None = None,
        export_columns: Iterable[str] | None = None,
    ):
        super().__init__()
        self.agency = agency
        self.calendar = calendar
        self.export_columns = list(export_columns) if export_columns is not None else None
        for column in self.register_columns:
            if column.kind == Kind.REFERENCE:
                self.fields[column.key].widget = ApplicationReferenceWidget(
                    agency.pk if agency else None
                )

    # -- import --

    def get_queryset(self) -> Any:
        queryset = self._meta.model.objects.all()
        if self.agency is not None:
            queryset = queryset.filter(agency=self.agency)
        return queryset

    def init_instance(self, row: Any = None) -> Any:
        return self._meta.model(agency=self.agency)

    def validate_instance(
        self,
        instance: Any,
        import_validation_errors: dict | None = None,
        validate_unique: bool = True,
    ) -> None:
        # The model's clean() states every rule of the constraints with the field named;
        # the agency is the importer's own and register numbers are matched by the
        # loader, so no query per row is needed.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors, "agency", "application"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
        # Bulk saves skip Model.save(): do here what it does.
        if isinstance(instance, Application):
            if self.calendar is None:
                self.calendar = WorkingCalendar.from_database()
            instance.update_deadline(self.calendar)
        instance.updated_at = timezone.now()

    def get_bulk_update_fields(self) -> list[str]:
        names = [c.key for c in self.register_columns if not c.export_only and c.key != "reference"]
        extra = ["reply_deadline"] if self._meta.model is Application else []
        return [*names, *extra, "updated_at"]

    # -- export --

    def get_export_fields(self, selected_fields: Any = None) -> list[Field]:
        keys = self.export_columns or [c.key for c in self.register_columns]
        return [self.fields[key] for key in keys]

    def get_export_headers(self, selected_fields: Any = None) -> list[str]:
        by_key = {c.key: c.header for c in self.register_columns}
        return [by_key[f.column_name] for f in self.get_export_fields()]


def _resource_class(model: type) -> type[RegisterResource]:
    """The resource of ``model`` with a field per column of :data:`.columns.COLUMNS`."""
    columns = COLUMNS[model]
    attrs: dict[str, Any] = {
        column.key: Field(
            attribute=column.key,
            column_name=column.key,
            widget=widget_for(column),
            readonly=column.export_only,
        )
        for column in columns
    }
    attrs["register_columns"] = columns

    class Meta:
        fields = tuple(c.key for c in columns)
        import_id_fields = ("reference",)
        instance_loader_class = AgencyReferenceLoader
        clean_model_instances = True
        skip_diff = True
        use_bulk = True
        batch_size = 1000
        use_transactions = True

    Meta.model = model
    attrs["Meta"] = Meta
    return type(f"{model.__name__}Resource", (RegisterResource,), attrs)


ApplicationResource = _resource_class(Application)
ReviewCaseResource = _resource_class(ReviewCase)

RESOURCES: dict[type, type[RegisterResource]] = {
    Application: ApplicationResource,
    ReviewCase: ReviewCaseResource,
}


# --- the import -----------------------------------------------------------------

#: Rows read, checked and saved at a time: memory holds one chunk, not the file.
CHUNK_ROWS = 2000
#: An import stops reading after this many problems (a wrong file has one per row).
MAX_PROBLEMS = 1000


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass(frozen=True)
class Problem:
    """Something wrong with a file: at a line and column when there is one."""

    message: str
    line: int | None = None
    column: str = ""

    def __str__(self) -> str:
        if self.line is not None and self.column:
            return _("Row %(line)s, column “%(column)s”: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        if self.line is not None:
            return _("Row %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        if self.column:
            return _("Column “%(column)s”: %(message)s") % {
                "column": self.column,
                "message": self.message,
            }
        return self.message


@dataclass
class ImportReport:
    """What an import (or its dry run) found and did."""

    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    new: int = 0
    updated: int = 0
    rows: int = 0
    #: The file's columns the import reads: key → header as the file writes it.
    columns: dict[str, str] = field(default_factory=dict)
    #: For a preview: (line, instance) of the first rows, as they would be saved.
    preview: list[tuple[int, Any]] = field(default_factory=list)
    saved: bool = False
    file_format: str = ""
    encoding: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


class RegisterImport:
    """Importing a register file for one agency: dry run, then the real thing.

    ``include_personal`` is false for a user without the personal-data permission:
    the file's personal columns are then ignored (and the clerk told so).
    """

    def __init__(
        self,
        model: type,
        agency: DisclosureIndexPage,
        *,
        include_personal: bool = True,
        calendar: WorkingCalendar | None = None,
    ):
        self.model = model
        self.agency = agency
        self.include_personal = include_personal
        self.calendar = calendar
        self.columns = COLUMNS[model]
        self.matcher = HeaderMatcher(model, self.columns)

    # -- reading the file --

    def open(
        self, source: bytes | IO[bytes], filename: str
    ) -> tuple[SheetStream | None, ImportReport]:
        """Open the file and map its header line; the rows are read by :meth:`run`."""
        report = ImportReport()
        try:
            sheet = open_sheet(source, filename, lambda h: self.matcher.match(h) is not None)
        except FileProblem as exc:
            report.problems.append(Problem(str(exc), exc.line, exc.column))
            return None, report
        report.file_format, report.encoding = sheet.file_format, sheet.encoding
        positions: dict[str, int] = {}
        for position, header in enumerate(sheet.headers):
            if not header:
                continue
            column = self.matcher.match(header)
            if column is None:
                report.notices.append(
                    _("The column “%(header)s” is not a column of the register: it is ignored.")
                    % {"header": header}
                )
                continue
            if column.export_only:
                continue
            if column.personal and not self.include_personal:
                report.notices.append(
                    _(
                        "The column “%(header)s” holds personal data, which you are not "
                        "permitted to import: it is ignored."
                    )
                    % {"header": header}
                )
                continue
            if column.key in positions:
                report.problems.append(
                    Problem(
                        _("Two columns are “%(name)s”: “%(first)s” and “%(second)s”.")
                        % {
                            "name": column.header,
                            "first": sheet.headers[positions[column.key]],
                            "second": header,
                        },
                        line=sheet.header_line,
                    )
                )
                continue
            positions[column.key] = position
            report.columns[column.key] = header
        for column in self.columns:
            if column.required and column.key not in positions:
                report.problems.append(
                    Problem(
                        _("The file has no column “%(header)s”, which is required.")
                        % {"header": column.header},
                        line=sheet.header_line,
                    )
                )
        self._positions = positions
        return sheet, report

    def read(self, data: bytes, filename: str) -> tuple[Sheet | None, ImportReport]:
        """Read the whole file and check it without the database (small files, tests)."""
        stream, report = self.open(data, filename)
        if stream is None:
            return None, report
        sheet = Sheet(stream.headers, [], stream.header_line, stream.file_format)
        seen: dict[str, int] = {}
        try:
            for line, cells in stream.rows():
                sheet.rows.append((line, cells))
                self._check_duplicate(line, cells, seen, report)
        except FileProblem as exc:
            report.problems.append(Problem(str(exc), exc.line, exc.column))
            return None, report
        report.rows = len(sheet.rows)
        self._finish_reading(stream, report)
        return sheet, report

    def _check_duplicate(
        self, line: int, cells: list[object], seen: dict[str, int], report: ImportReport
    ) -> bool:
        """Whether the row's register number is new to the file (a problem if not)."""
        position = self._positions.get("reference")
        if position is None:
            return True
        reference = read_text(cells[position])
        if not reference:
            return True
        if reference in seen:
            report.problems.append(
                Problem(
                    _("The number “%(reference)s” is also on row %(first)s.")
                    % {"reference": reference, "first": seen[reference]},
                    line=line,
                    column=report.columns["reference"],
                )
            )
            return False
        seen[reference] = line
        return True

    def _finish_reading(self, stream: SheetStream, report: ImportReport) -> None:
        if not report.rows and not report.problems:
            report.problems.append(Problem(_("The file has no rows below its header line.")))
        if stream.cleaned:
            report.notices.append(
                ngettext(
                    "Control characters (invisible, and not allowed in a spreadsheet) were "
                    "removed from %(count)s cell.",
                    "Control characters (invisible, and not allowed in a spreadsheet) were "
                    "removed from %(count)s cells.",
                    stream.cleaned,
                )
                % {"count": stream.cleaned}
            )

    def _dataset(self, chunk: list[tuple[int, list[object]]]) -> tuple[tablib.Dataset, list[int]]:
        keys = list(self._positions)
        if "reference" not in keys:
            keys.append("reference")  # the resource matches rows on it
        positions = [self._positions.get(k) for k in keys]
        dataset = tablib.Dataset(headers=keys)
        for _line, cells in chunk:
            dataset.append([None if p is None else cells[p] for p in positions])
        return dataset, [line for line, _cells in chunk]

    # -- running --

    def run(
        self,
        source: bytes | IO[bytes],
        filename: str,
        *,
        dry_run: bool,
        preview_rows: int = 0,
        progress: Callable[[int, float], None] | None = None,
    ) -> ImportReport:
        """Read ``source`` and import it (``dry_run``: check only). Nothing is saved on error.

        The file is read and imported :data:`CHUNK_ROWS` rows at a time inside one
        transaction, so memory does not grow with the file; ``progress(rows, fraction)``
        is called after each chunk with the rows read and the share of the file read.
        """
        sheet, report = self.open(source, filename)
        if sheet is None:
            return report
        if report.problems:
            # The rows cannot be imported without the columns; still list their problems.
            seen: dict[str, int] = {}
            try:
                for line, cells in sheet.rows():
                    self._check_duplicate(line, cells, seen, report)
                    if len(report.problems) >= MAX_PROBLEMS:
                        break
            except FileProblem as exc:
                report.problems.append(Problem(str(exc), exc.line, exc.column))
            finally:
                sheet.close()
            report.rows = sheet.count
            return report
        resource = RESOURCES[self.model](
            self.agency, calendar=self.calendar or WorkingCalendar.from_database()
        )
        seen = {}
        with transaction.atomic():
            resource.existing_references = set(
                resource.get_queryset().exclude(reference="").values_list("reference", flat=True)
            )
            try:
                for rows in _chunks(sheet.rows(), CHUNK_ROWS):
                    # A number seen before is a problem already: its row is not imported.
                    chunk = [
                        (line, cells)
                        for line, cells in rows
                        if self._check_duplicate(line, cells, seen, report)
                    ]
                    dataset, lines = self._dataset(chunk)
                    # After a problem, the rest is only checked: it will be rolled back.
                    checking = dry_run or bool(report.problems)
                    wanted = max(preview_rows - len(report.preview), 0)
                    resource._meta.store_instance = wanted > 0
                    result = resource.import_data(
                        dataset,
                        dry_run=checking,
                        raise_errors=False,
                        use_transactions=True,
                        rollback_on_validation_errors=True,
                    )
                    self._collect(result, lines, report, wanted)
                    if progress is not None:
                        progress(sheet.count, sheet.fraction)
                    if len(report.problems) >= MAX_PROBLEMS:
                        sheet.close()
                        report.problems.append(
                            Problem(
                                _(
                                    "More than %(count)s problems: reading stopped there. "
                                    "Correct these and check the file again."
                                )
                                % {"count": MAX_PROBLEMS}
                            )
                        )
                        break
            except FileProblem as exc:
                report.problems.append(Problem(str(exc), exc.line, exc.column))
            finally:
                resource._meta.store_instance = False
            report.rows = sheet.count
            self._finish_reading(sheet, report)
            if dry_run or report.problems:
                transaction.set_rollback(True)
            else:
                report.saved = True
        return report

    def _header(self, report: ImportReport, field_name: str) -> str:
        """The column as the file names it (or as an export would, if the file has none)."""
        if field_name in report.columns:
            return report.columns[field_name]
        for column in self.columns:
            if column.key == field_name:
                return column.header
        return field_name

    def _collect(self, result: Any, lines: list[int], report: ImportReport, preview: int) -> None:
        for invalid in result.invalid_rows:
            line = lines[invalid.number - 1]
            for field_name, messages in invalid.error_dict.items():
                for message in messages:
                    if field_name == NON_FIELD_ERRORS:
                        report.problems.append(Problem(str(message), line=line))
                    else:
                        report.problems.append(
                            Problem(
                                str(message), line=line, column=self._header(report, field_name)
                            )
                        )
        for number, errors in result.row_errors():
            line = lines[number - 1] if 0 < number <= len(lines) else None
            for error in errors:
                report.problems.append(Problem(str(error.error), line=line))
        for error in result.base_errors:
            report.problems.append(
                Problem(_("The rows could not be saved: %(error)s") % {"error": error.error})
            )
        for number, row_result in enumerate(result.rows, 1):
            if row_result.import_type == RowResult.IMPORT_TYPE_NEW:
                report.new += 1
            elif row_result.import_type == RowResult.IMPORT_TYPE_UPDATE:
                report.updated += 1
            if number <= preview and row_result.instance is not None:
                report.preview.append((lines[number - 1], row_result.instance))
            row_result.instance = None
