"""Admin forms of the annual report: the page form that runs the publish gate, and its copy form.

The page form lets a draft through with blanks and wrong totals; when the
editor publishes, schedules, submits for moderation or approves, it runs the
same gate as every other publishing path
(:func:`~wagtail_govdisclosure.publishing.check_publishable`) and puts each
error on the cell, section or field it is about.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from .blocks.tables import TableValidationError, format_block_type, format_key_of
from .formats import FORMATS
from .publishing import PublishRefused, check_publishable

#: The report form's script: an automatic title and slug follow the year as it is changed.
REPORT_FORM_JS = "wagtail_govdisclosure/js/report-form.js"

#: ``cells`` of a publish finding about a page field (see ``AnnualReportPage.identity_findings``).
PAGE_FIELD_PREFIX = "page."


def duplicate_year_message(year: int) -> str:
    """The refusal of a second report for the same agency and year."""
    return _(
        "This column already has a report for %(year)s: an agency publishes one report "
        "per year. Edit that report instead."
    ) % {"year": year}


def existing_report_message(existing: Any) -> SafeString:
    """The refusal of a second report, naming the existing one and linking its editor.

    Met when 发布 is clicked on a new report while the create form's autosave has
    already created it: the clerk goes on in the report that exists.
    """
    from django.urls import reverse

    return format_html(
        _(
            "This column already has the report for {year}: {link}. An agency publishes "
            "one report per year; continue in that report."
        ),
        year=existing.year,
        link=format_html(
            '<a href="{}">{}</a>',
            reverse("wagtailadmin_pages:edit", args=(existing.pk,)),
            existing.title,
        ),
    )


def publishing_requested(form: forms.Form) -> bool:
    """Whether the submitted action would publish or ask for publication.

    Wagtail's edit and create views validate a plain draft save with deferred
    validation; every other action validates fully. Of those, cancelling a
    workflow and rejecting (or any workflow action other than approving) do
    not publish, so they are not gated. The actions are read in the order
    Wagtail's edit view reads them: publishing and submitting come first, so a
    request naming one of them is gated whatever workflow fields it also carries.
    """
    if getattr(form, "is_deferred_validation", False):
        return False
    data = form.data
    if data.get("action-publish") or data.get("action-submit"):
        return True
    if data.get("action-cancel-workflow"):
        return False
    if data.get("action-workflow-action") and data.get("workflow-action-name") != "approve":
        return False
    return True


class AnnualReportPageForm(WagtailAdminPageForm):
    """The report's admin form: sensible defaults, one report a year, the publish gate."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is None:
            self._set_new_report_defaults()
        for name in self.instance.section_fields.values():
            widget = getattr(self.fields.get(name), "widget", None)
            if isinstance(getattr(widget, "options", None), dict):
                # Draftail's own placeholder comes from a catalogue without Chinese.
                widget.options["placeholder"] = _("Write this section here.")
        agency = self._agency_name()
        if agency and "year" in self.fields:
            # For the editor's script: the title a year change gives an automatic title.
            template = self.instance.report_format.title_for(agency, "{year}")
            self.fields["year"].widget.attrs["data-govdisclosure-title-template"] = template

    @property
    def media(self) -> forms.Media:
        return super().media + forms.Media(js=[REPORT_FORM_JS])

    def _agency_name(self) -> str:
        parent = self.parent_page if self.instance.pk is None else None
        if parent is None and not self.instance.path:
            return ""
        column = self.instance.get_column(parent)
        return column.agency_name if column is not None else ""

    def _set_new_report_defaults(self) -> None:
        # A report is written early in the year about the year before.
        year = self.initial.get("year") or timezone.localdate().year - 1
        self.initial["year"] = year
        column = self.instance.get_column(self.parent_page) if self.parent_page else None
        if column is not None and not self.initial.get("title"):
            self.initial["title"] = self.instance.report_format.title_for(column.agency_name, year)
            # The slug follows the title only as it is typed: give the proposed title its slug.
            if not self.initial.get("slug"):
                self.initial["slug"] = str(year)

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        year = cleaned_data.get("year")
        report_format = self.instance.report_format
        if year:
            self._clean_year(year, report_format)
            self._follow_year(cleaned_data, year, report_format)
        tables = cleaned_data.get("tables")
        if tables is not None:
            self._clean_format_block(tables, report_format)
        return cleaned_data

    def _clean_year(self, year: int, report_format: Any) -> None:
        last_year = report_format.last_year
        if year < report_format.first_year or (last_year and year > last_year):
            self.add_error(
                "year",
                _("The format %(reference)s is for the reports of %(first)s onward.")
                % {"reference": report_format.reference, "first": report_format.first_year}
                if not last_year
                else _("The format %(reference)s is for the reports of %(first)s to %(last)s.")
                % {
                    "reference": report_format.reference,
                    "first": report_format.first_year,
                    "last": last_year,
                },
            )
        elif year > timezone.localdate().year:
            self.add_error(
                "year", _("A report covers a year that has begun, not %(year)s.") % {"year": year}
            )
        else:
            existing = self.instance.sibling_reports(self._report_index()).filter(year=year).first()
            if existing is not None:
                self.add_error("year", existing_report_message(existing))

    def _follow_year(self, cleaned_data: dict[str, Any], year: int, report_format: Any) -> None:
        """Title and slug still holding an automatic value take the submitted year's."""
        title = cleaned_data.get("title")
        slug = cleaned_data.get("slug")
        if title is None or slug is None:
            return
        from .models.reports import follow_year

        new_title, new_slug = follow_year(title, slug, year, report_format, self._agency_name())
        cleaned_data["title"] = new_title
        cleaned_data["slug"] = new_slug

    def _report_index(self) -> Any:
        return self.parent_page if self.instance.pk is None else None

    def _clean_format_block(self, tables: Any, report_format: Any) -> None:
        wanted = format_block_type(report_format.key)
        others = [child for child in tables if child.block_type != wanted]
        if others:
            found = format_key_of(others[0].block_type)
            self.add_error(
                "tables",
                _(
                    "This report follows the format %(reference)s; its tables cannot be "
                    "replaced by those of %(other)s."
                )
                % {
                    "reference": report_format.reference,
                    "other": FORMATS[found].reference if found else others[0].block_type,
                },
            )

    def _post_clean(self) -> None:
        # The gate judges the whole page, so it runs once the instance holds the
        # submitted values (ModelForm fills it in _post_clean), unless a field it
        # reads is already invalid: the field's own error says what to fix first.
        super()._post_clean()
        read = {"year", "tables", *self.instance.section_fields.values()}
        if not publishing_requested(self) or read & set(self.errors):
            return
        try:
            check_publishable(self.instance, parent=self._report_index())
        except PublishRefused as refusal:
            self._add_refusal(refusal)

    def _add_refusal(self, refusal: PublishRefused) -> None:
        """Each error on its cell (nested block errors), section field or the form."""
        section_fields = self.instance.section_fields
        cell_messages: dict[str, list[str]] = {}
        general: list[str] = []
        for finding in refusal.errors:
            cells = tuple(getattr(finding, "cells", ()) or ())
            message = str(finding.message)
            target = cells[0] if cells else ""
            if target.startswith(PAGE_FIELD_PREFIX):
                field = target[len(PAGE_FIELD_PREFIX) :]
                if field in self.fields:
                    self.add_error(field, message)
                    continue
            elif target.startswith("sections."):
                field = section_fields.get(target.split(".", 1)[1])
                if field in self.fields:
                    self.add_error(field, message)
                    continue
            elif target.count(".") == 2:
                cell_messages.setdefault(target, []).append(message)
                continue
            general.append(message)

        stream_error = self._stream_error(cell_messages)
        if stream_error is None:
            general = [m for messages in cell_messages.values() for m in messages] + general
        else:
            self.add_error("tables", stream_error)
        count = len(refusal.errors)
        self.add_error(
            None,
            ngettext(
                "This report cannot be published yet: %(count)s error must be corrected "
                "first (marked on its cell in the Tables tab). It can still be saved as a draft.",
                "This report cannot be published yet: %(count)s errors must be corrected "
                "first (marked on their cells in the Tables tab). It can still be saved as a "
                "draft.",
                count,
            )
            % {"count": count},
        )
        for message in general:
            self.add_error(None, message)

    def _stream_error(self, cell_messages: dict[str, list[str]]) -> ValidationError | None:
        """Nested block errors placing each message on its cell in the ``tables`` stream."""
        if not cell_messages:
            return None
        tables = self.cleaned_data.get("tables")
        if tables is None:
            return None
        wanted = format_block_type(self.instance.report_format.key)
        index = next((i for i, child in enumerate(tables) if child.block_type == wanted), None)
        if index is None:
            return None
        by_table: dict[str, dict[str, list[str]]] = {}
        for ref, messages in cell_messages.items():
            by_table.setdefault(ref.split(".", 1)[0], {})[ref] = messages
        format_errors = StructBlockValidationError(
            block_errors={table: TableValidationError(cells) for table, cells in by_table.items()}
        )
        error = StreamBlockValidationError(block_errors={index: format_errors})
        # What the summary at the top of the editor says about the field.
        error.message = _("See the cells marked in the tables.")
        return error


class AnnualReportCopyForm(CopyForm):
    """Wagtail's copy form, refusing a copy that would be a second report of the year,
    or a published copy that the gate would refuse at its new place."""

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        report = self.page.specific
        if cleaned_data.get("alias"):
            # An alias mirrors the original report, but it is listed in its index: in the
            # agency's own column it would be a second report of the year.
            from .tree_gate import alias_is_second_report

            parent = cleaned_data.get("new_parent_page") or self.page.get_parent()
            if parent is not None and alias_is_second_report(report, parent):
                self.add_error("new_parent_page", duplicate_year_message(report.year))
            return cleaned_data
        parent = cleaned_data.get("new_parent_page") or self.page.get_parent()
        if parent is None:
            return cleaned_data
        parent = parent.specific
        others = (
            type(report).objects.child_of(parent).filter(year=report.year, alias_of__isnull=True)
        )
        if others.exists():
            self.add_error("new_parent_page", duplicate_year_message(report.year))
        elif cleaned_data.get("publish_copies") and report.live:
            try:
                check_publishable(report, parent=parent)
            except PublishRefused as refusal:
                self.add_error(
                    "publish_copies",
                    [
                        ngettext(
                            "The copy cannot be published there: %(count)s error must be "
                            "corrected first. Copy it without publishing.",
                            "The copy cannot be published there: %(count)s errors must be "
                            "corrected first. Copy it without publishing.",
                            len(refusal.errors),
                        )
                        % {"count": len(refusal.errors)},
                        *refusal.quoted_messages(),
                    ],
                )
        return cleaned_data
