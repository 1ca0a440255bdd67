"""The annual reports (政府信息公开工作年度报告) of an agency's column."""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any

from django.core import checks
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail.search import index

from ..api import ReportDocumentField, ReportFindingsField
from ..blocks.compare import ReportTablesField
from ..blocks.tables import (
    ReportTablesBlock,
    format_block_type,
    struct_value_to_tables,
    tables_to_block_value,
)
from ..checks import Finding, Severity, run_checks
from ..conf import get_setting
from ..formats import CURRENT, FORMATS, ReportFormat, Section, get_format
from ..forms import (
    PAGE_FIELD_PREFIX,
    AnnualReportCopyForm,
    AnnualReportPageForm,
    existing_report_message,
)
from ..interchange import ReportDocument, Tables, blank_tables
from ..panels import ReportTablesPanel
from ..publishing import PublishGateMixin
from ..search import CHINESE_SEARCH_FIELDS, ChineseSearchMixin
from .agency import AgencyInfo, DisclosureIndexPage

#: The first year of reports under the 条例 (in force since 1 May 2008).
FIRST_REPORT_YEAR = 2008

#: A year written in a title or slug: four digits, not part of a longer number.
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def is_automatic_title(title: str, report_format: ReportFormat, agency: str) -> bool:
    """Whether ``title`` is the format's title for ``agency`` and some year (not retyped)."""
    parts = report_format.title_for(agency, "\x00").split("\x00")  # type: ignore[arg-type]
    pattern = r"\d{4}".join(re.escape(part) for part in parts)
    return re.fullmatch(pattern, title or "") is not None


def follow_year(
    title: str, slug: str, year: int, report_format: ReportFormat, agency: str | None
) -> tuple[str, str]:
    """Title and slug for ``year`` where they still hold an automatic value.

    An automatic title is the format's 「<机关><年>年政府信息公开工作年度报告」; an
    automatic slug is a year alone (``2025``). A title or slug the clerk wrote
    differently is kept (the publish gate still checks it names the right year).
    """
    if agency and (not title or is_automatic_title(title, report_format, agency)):
        title = report_format.title_for(agency, year)
    if not slug or re.fullmatch(r"\d{4}", slug):
        slug = str(year)
    return title, slug


def section_field_name(section: Section) -> str:
    """The page field holding a section's narrative.

    A section's key, or ``<key>_text`` for a section that is a table (its field
    holds the optional text around the table).
    """
    return f"{section.key}_text" if section.table else section.key


def _declared_sections() -> dict[str, Section]:
    sections: dict[str, Section] = {}
    for report_format in FORMATS.values():
        for section in report_format.sections:
            sections.setdefault(section.key, section)
    return sections


#: Section key → page field, for every section any declared format has. The one
#: place that ties the declaration's sections to the model's fields (a system
#: check reports a declared section without its field).
SECTION_FIELDS: dict[str, str] = {
    key: section_field_name(section) for key, section in _declared_sections().items()
}


def _section_field(key: str) -> RichTextField:
    section = _declared_sections()[key]
    help_text = _("Optional text shown before the table.") if section.narrative_optional else ""
    return RichTextField(
        verbose_name=section.title,
        blank=True,
        features=get_setting("REPORT_RICH_TEXT_FEATURES"),
        help_text=help_text,
    )


def default_tables() -> list[tuple[str, dict]]:
    """A new report's tables: the current format's, every cell blank."""
    return [(format_block_type(CURRENT.key), tables_to_block_value(CURRENT, {}))]


FORMAT_CHOICES = [
    (report_format.key, report_format.reference) for report_format in FORMATS.values()
]


class AnnualReportIndexPage(ChineseSearchMixin, Page):
    """The 政府信息公开年报 section of an agency's column: its reports, newest first."""

    intro = RichTextField(
        _("introduction"), blank=True, features=get_setting("REPORT_RICH_TEXT_FEATURES")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), *CHINESE_SEARCH_FIELDS]
    bigram_fields = ("intro",)

    parent_page_types = ["wagtail_govdisclosure.DisclosureIndexPage"]
    subpage_types = ["wagtail_govdisclosure.AnnualReportPage"]
    max_count_per_parent = 1
    template = "wagtail_govdisclosure/annual_report_index_page.html"

    class Meta:
        verbose_name = _("annual report index")
        verbose_name_plural = _("annual report indexes")

    def get_reports(self) -> models.QuerySet[AnnualReportPage]:
        """The published reports shown to the public, newest year first."""
        return (
            AnnualReportPage.objects.child_of(self)
            .live()
            .public()
            .order_by("-year", "path")
            .defer_streamfields()
        )

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = get_setting("BASE_TEMPLATE")
        context["reports"] = self.get_reports()
        return context


class AnnualReportPage(PublishGateMixin, ChineseSearchMixin, Page):
    """An agency's 政府信息公开工作年度报告 for one year.

    The agency is the column (:class:`DisclosureIndexPage`) the report sits in.
    The six sections are rich text fields (:data:`SECTION_FIELDS`); the tables
    are one format block in :attr:`tables` (see :mod:`wagtail_govdisclosure.blocks.tables`).
    Drafts may hold blanks and wrong totals; publishing goes through the gate
    (:mod:`wagtail_govdisclosure.publishing`) with :meth:`get_publish_findings`.
    """

    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(FIRST_REPORT_YEAR), MaxValueValidator(2100)],
        help_text=_("The calendar year the report covers; it is published early the next year."),
    )
    format_key = models.CharField(
        _("format"),
        max_length=16,
        choices=FORMAT_CHOICES,
        default=CURRENT.key,
        help_text=_("The national format the tables follow."),
    )
    overview = _section_field("overview")
    proactive_text = _section_field("proactive")
    applications_text = _section_field("applications")
    reviews_text = _section_field("reviews")
    problems = _section_field("problems")
    other = _section_field("other")
    tables = ReportTablesField(
        ReportTablesBlock(),
        default=default_tables,
        verbose_name=_("tables"),
        help_text=_(
            "The tables of the national format. A draft may keep blank cells and wrong "
            "totals; the report can be published once every error is corrected."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("year"),
        *[FieldPanel(SECTION_FIELDS[section.key]) for section in CURRENT.sections],
    ]
    table_panels = [ReportTablesPanel("tables")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Text")),
            ObjectList(table_panels, heading=_("Tables")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        *[index.SearchField(field) for field in SECTION_FIELDS.values()],
        index.FilterField("year"),
        *CHINESE_SEARCH_FIELDS,
    ]
    bigram_fields = tuple(SECTION_FIELDS.values())

    #: The API v2 fields (see :mod:`wagtail_govdisclosure.api`): the published report as
    #: interchange JSON and the findings of the checks about it.
    api_fields = [
        APIField("year"),
        APIField("report", serializer=ReportDocumentField()),
        APIField("findings", serializer=ReportFindingsField()),
    ]

    #: Section key → field name (see :data:`SECTION_FIELDS`), for forms and templates.
    section_fields = SECTION_FIELDS

    base_form_class = AnnualReportPageForm
    copy_form_class = AnnualReportCopyForm
    parent_page_types = ["wagtail_govdisclosure.AnnualReportIndexPage"]
    subpage_types: list[str] = []
    template = "wagtail_govdisclosure/annual_report_page.html"

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")

    # --- The declaration ------------------------------------------------------

    @property
    def report_format(self) -> ReportFormat:
        """The format declaration the report follows."""
        return get_format(self.format_key)

    @classmethod
    def check(cls, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        field_names = {field.name for field in cls._meta.get_fields()}
        for key, name in SECTION_FIELDS.items():
            if name not in field_names:
                errors.append(
                    checks.Error(
                        f"The declared section {key!r} has no field {name!r}.",
                        obj=cls,
                        id="wagtail_govdisclosure.E001",
                    )
                )
        return errors

    # --- Where the report sits ------------------------------------------------

    def _anchor(self, parent: Page | None) -> Page | None:
        """The page whose ancestors hold the column: ``parent`` or this page's own position."""
        if parent is not None:
            return parent
        source = self.alias_of if self.alias_of_id else self
        return source if source.path else None

    def get_report_index(self, parent: Page | None = None) -> Page | None:
        """The report index the report sits in (``parent`` for a page not created yet)."""
        if parent is not None:
            return parent
        if self.alias_of_id:
            return self.alias_of.get_parent()
        return self.get_parent() if self.path else None

    def get_column(self, parent: Page | None = None) -> DisclosureIndexPage | None:
        """The agency's column: the nearest :class:`DisclosureIndexPage` above the report."""
        if parent is None and "_column" in self.__dict__:
            return self.__dict__["_column"]
        anchor = self._anchor(parent)
        column = None
        if anchor is not None and anchor.path:
            column = (
                DisclosureIndexPage.objects.ancestor_of(anchor, inclusive=parent is not None)
                .order_by("-depth")
                .first()
            )
        if parent is None:
            self.__dict__["_column"] = column
        return column

    def agency_info(self, parent: Page | None = None) -> AgencyInfo | None:
        """The agency of the report, from its column (``None`` outside a column)."""
        column = self.get_column(parent)
        return column.agency_info() if column is not None else None

    def sibling_reports(self, parent: Page | None = None) -> models.QuerySet[AnnualReportPage]:
        """The other reports of the same column (aliases of other reports left out)."""
        report_index = self.get_report_index(parent)
        if report_index is None:
            return AnnualReportPage.objects.none()
        reports = AnnualReportPage.objects.child_of(report_index).filter(alias_of__isnull=True)
        return reports.exclude(pk=self.pk) if self.pk else reports

    def year_is_taken(self, year: int, parent: Page | None = None) -> bool:
        """Whether another report of the same column covers ``year``."""
        return self.sibling_reports(parent).filter(year=year).exists()

    def previous_report(
        self, parent: Page | None = None, *, public: bool = False
    ) -> AnnualReportPage | None:
        """The same agency's published report for the year before, as published.

        ``public``: only a report anyone may see (no view restriction), for what
        is shown to the public; the publish gate compares with any live report.
        """
        if not self.year:
            return None
        reports = self.sibling_reports(parent).live()
        if public:
            reports = reports.public()
        return reports.filter(year=self.year - 1).first()

    # --- The report as a document --------------------------------------------

    def get_tables(self) -> Tables:
        """The tables as ``{table: {row: {column: raw}}}``, every cell present.

        Read from the format block of the report's own format; a report whose
        block is missing reads as blank (and fails the checks).
        """
        report_format = self.report_format
        wanted = format_block_type(report_format.key)
        for child in self.tables:
            if child.block_type == wanted:
                return struct_value_to_tables(report_format, child.value)
        return blank_tables(report_format)

    def get_sections(self) -> dict[str, str]:
        """The narrative of each section of the format, as stored rich text HTML."""
        return {
            section.key: getattr(self, SECTION_FIELDS[section.key]) or ""
            for section in self.report_format.sections
        }

    def get_document(self, parent: Page | None = None) -> ReportDocument:
        """The report as an interchange document (sections as stored rich text HTML)."""
        info = self.agency_info(parent)
        published = timezone.localdate(self.first_published_at) if self.first_published_at else None
        return ReportDocument(
            format=self.report_format,
            year=self.year,
            agency=info.name if info else "",
            tables=self.get_tables(),
            agency_level=info.level if info else None,
            agency_kind=info.kind if info else None,
            published=published,
            sections=self.get_sections(),
        )

    @cached_property
    def document(self) -> ReportDocument:
        """The report as an interchange document (computed once per instance)."""
        return self.get_document()

    def set_document(self, document: ReportDocument) -> None:
        """Fill the report from an interchange document: year, format, tables and sections.

        The agency is not set: it is the column the report sits in. A title and
        slug that still hold their automatic value follow the document's year.
        The page is not saved.
        """
        info = self.agency_info() if self.path or self.alias_of_id else None
        self.title, self.slug = follow_year(
            self.title,
            self.slug,
            document.year,
            document.format,
            info.name if info else document.agency,
        )
        self.year = document.year
        self.format_key = document.format.key
        block_type = format_block_type(document.format.key)
        # The same block id as before: history compares the tables cell by cell.
        block_id = next((child.id for child in self.tables if child.block_type == block_type), None)
        self.tables = [(block_type, tables_to_block_value(document.format, document.tables))]
        if block_id:
            self.tables[0].id = block_id
        for key, field_name in SECTION_FIELDS.items():
            if key in document.sections:
                setattr(self, field_name, self._clean_rich_text(field_name, document.sections[key]))
        self.__dict__.pop("document", None)

    @classmethod
    def _clean_rich_text(cls, field_name: str, html: str) -> str:
        """``html`` reduced to what the field's editor features allow.

        Imported sections bypass the editor, which is what normally whitelists
        rich text: run them through the same converter, so a script, an event
        handler or a ``javascript:`` link never reaches the public page. The
        round trip through the editor's format keeps links to pages and
        documents given in the stored format.
        """
        # Imported here: the converter module loads the Page model when imported.
        from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

        if not html:
            return ""
        field = cls._meta.get_field(field_name)
        converter = EditorHTMLConverter(features=getattr(field, "features", None))
        return converter.to_database_format(converter.from_database_format(html))

    # --- Checks and the publish gate -----------------------------------------

    def get_findings(
        self,
        parent: Page | None = None,
        today: datetime.date | None = None,
        *,
        public: bool = False,
    ) -> list[Finding]:
        """Every finding of the checks about this content, last year's report included.

        ``today`` stands in for the publication date of a report not yet
        published (default: today's date). ``public``: compare only with a
        previous report the public may see (findings shown to the public must
        not reveal a restricted report's numbers).
        """
        previous = self.previous_report(parent, public=public)
        column = self.get_column(parent)
        previous_document = None
        if previous is not None:
            # The same column: spare the lookup the previous report would make.
            previous.__dict__["_column"] = column
            previous_document = previous.get_document()
        return run_checks(
            self.get_document(parent),
            previous=previous_document,
            today=today or timezone.localdate(),
            former_names=column.former_name_list if column is not None else (),
        )

    def get_publish_findings(self, parent: Page | None = None) -> list[Finding]:
        """The findings the publish gate judges (see :mod:`wagtail_govdisclosure.publishing`).

        The checks of the content, and whether the title, the slug and the format
        agree with the report's year.
        """
        return self.identity_findings() + self.get_findings(parent)

    def identity_findings(self) -> list[Finding]:
        """Errors where the title, slug or format disagree with the report's year.

        A report titled or addressed 2025 but covering 2022 would be filed under
        the wrong year in the archive, the trend table and search.
        """
        year = self.year
        if not year:
            return []
        found: list[Finding] = []
        report_format = self.report_format

        def error(code: str, field: str, expected: object, actual: object, message: str) -> None:
            found.append(
                Finding(
                    code=code,
                    severity=Severity.ERROR,
                    cells=(f"{PAGE_FIELD_PREFIX}{field}",),
                    expected=expected,
                    actual=actual,
                    message=message,
                )
            )

        title = unicodedata.normalize("NFKC", self.title or "")
        years_in_title = {int(y) for y in _YEAR.findall(title)}
        if years_in_title != {year}:
            info = self.agency_info()
            suggested = report_format.title_for(info.name, year) if info else ""
            advice = gettext(" Title it “%(suggested)s”.") % {"suggested": suggested}
            error(
                "report_title_year",
                "title",
                suggested or year,
                self.title,
                gettext("The title “%(title)s” does not name the report's year, %(year)s.")
                % {"title": self.title, "year": year}
                + (advice if suggested else ""),
            )
        other_years = {int(y) for y in _YEAR.findall(self.slug or "")} - {year}
        if other_years:
            error(
                "report_slug_year",
                "slug",
                str(year),
                self.slug,
                gettext(
                    "The address “%(slug)s” names another year than the report's, %(year)s. "
                    "Set the slug to “%(year)s”."
                )
                % {"slug": self.slug, "year": year},
            )
        last = report_format.last_year
        if year < report_format.first_year or (last and year > last):
            error(
                "report_format_year",
                "year",
                None,
                report_format.key,
                gettext("The format %(reference)s is not the one for the reports of %(year)s.")
                % {"reference": report_format.reference, "year": year},
            )
        return found

    def get_dependent_findings(self, parent: Page | None = None) -> list[Any]:
        """The errors this content would bring into next year's live report (the gate's)."""
        from ..dependents import report_dependents

        return report_dependents(self, parent)

    # --- Saving ---------------------------------------------------------------

    def full_clean(self, *args: Any, **kwargs: Any) -> None:
        super().full_clean(*args, **kwargs)
        self._validate_year()

    def save(self, *args: Any, **kwargs: Any) -> Any:
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "year" in update_fields:
            self._validate_year()
        return super().save(*args, **kwargs)

    def _validate_year(self) -> None:
        """One report per agency and year: refuse a second report of the same year."""
        if self.alias_of_id or not self.year or not self.path:
            return
        existing = self.sibling_reports().filter(year=self.year).first()
        if existing is not None:
            raise DuplicateReportYear(existing)

    # --- Serving --------------------------------------------------------------

    def pdf_url(self) -> str:
        """The public URL of the published report's PDF (``<page URL>report.pdf``)."""
        from ..pdf.views import pdf_url

        return pdf_url(self)

    def pdf_size(self) -> int | None:
        """Bytes of the published report's PDF, for 「PDF（417 KB）」 links."""
        from ..pdf.storage import pdf_size

        return pdf_size(self)

    def get_breadcrumbs(self, request: Any = None) -> list[dict[str, Any]]:
        """The pages above the report, from the site's home page down: ``{page, label}``.

        One query (the ancestors); the site comes from the request, where Wagtail
        has already looked it up to serve the page.
        """
        ancestors = list(self.get_ancestors().filter(depth__gt=1))
        site = Site.find_for_request(request) if request is not None else None
        root_id = site.root_page_id if site is not None else None
        start = next((i for i, page in enumerate(ancestors) if page.pk == root_id), 0)
        home = pgettext_lazy("breadcrumbs", "Home")
        return [
            {"page": page, "label": home if page.pk == root_id else page.title}
            for page in ancestors[start:]
        ]

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        document = self.document
        context["base_template"] = get_setting("BASE_TEMPLATE")
        context["document"] = document
        context["agency"] = self.agency_info()
        context["breadcrumbs"] = self.get_breadcrumbs(request)
        context["sections"] = [
            {
                "section": section,
                "text": getattr(self, SECTION_FIELDS[section.key]),
                "table": section.table,
            }
            for section in self.report_format.sections
        ]
        return context


class DuplicateReportYear(ValidationError):
    """A second report of the same agency and year reached ``save``.

    The form refuses it first; this is met when two create POSTs of one new report
    (the create form's autosave and its 发布) both passed the form before either
    saved. ``existing`` is the report that was saved first.
    """

    def __init__(self, existing: AnnualReportPage):
        self.existing = existing
        super().__init__({"year": existing_report_message(existing)})
