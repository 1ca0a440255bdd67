"""An agency's disclosure column (政府信息公开专栏) and the agency data it holds."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.core.validators import RegexValidator
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..conf import get_setting
from ..formats import AgencyKind, AgencyLevel
from ..search import CHINESE_SEARCH_FIELDS, ChineseSearchMixin, search_column

# --- 统一社会信用代码 (GB 32100-2015) ----------------------------------------

#: The code's alphabet: digits and capitals without I, O, S, V, Z, in value order.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: Weights of the first 17 characters for the check character (3^i mod 31).
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_LENGTH = 18


def normalise_uscc(value: str) -> str:
    """Full-width characters to ASCII, spaces removed, letters upper-cased."""
    return "".join(unicodedata.normalize("NFKC", value).split()).upper()


def uscc_check_character(first17: str) -> str:
    """The 18th character of a code whose first 17 characters are ``first17``."""
    total = sum(
        USCC_ALPHABET.index(char) * weight
        for char, weight in zip(first17, USCC_WEIGHTS, strict=True)
    )
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> None:
    """Refuse anything but an 18-character 统一社会信用代码 with a correct check character."""
    code = normalise_uscc(value)
    if len(code) != USCC_LENGTH:
        raise ValidationError(
            _("A unified social credit code has 18 characters; “%(value)s” has %(length)s."),
            code="uscc_length",
            params={"value": value, "length": len(code)},
        )
    wrong = [char for char in code if char not in USCC_ALPHABET]
    if wrong:
        raise ValidationError(
            _(
                "“%(char)s” cannot appear in a unified social credit code (digits and capital "
                "letters other than I, O, S, V and Z)."
            ),
            code="uscc_character",
            params={"char": wrong[0]},
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _(
                "Characters 3 to 8 of a unified social credit code are the administrative "
                "division code and must be digits."
            ),
            code="uscc_division",
        )
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _(
                "The check character of “%(value)s” is wrong: it should end in “%(expected)s”. "
                "Please compare the code with the organ's certificate."
            ),
            code="uscc_check",
            params={"value": code, "expected": expected},
        )


class USCCField(models.CharField):
    """A 统一社会信用代码, stored upper-case without spaces and validated on clean."""

    default_validators = [validate_uscc]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", USCC_LENGTH)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_uscc(value) if isinstance(value, str) else value


# --- The agency --------------------------------------------------------------

LEVEL_CHOICES = [
    (AgencyLevel.PROVINCE.value, _("Province level")),
    (AgencyLevel.CITY.value, _("City with districts")),
    (AgencyLevel.COUNTY.value, _("County level")),
    (AgencyLevel.TOWNSHIP.value, _("Township level")),
]

KIND_CHOICES = [
    (AgencyKind.GOVERNMENT.value, _("People's government")),
    (AgencyKind.DEPARTMENT.value, _("Government department")),
]


@dataclass(frozen=True)
class AgencyInfo:
    """The agency facts the checks and the interchange document need."""

    name: str
    uscc: str
    level: AgencyLevel
    kind: AgencyKind


#: The sections of a column in the order every Chinese government site shows them
#: (政府信息公开指南, 制度, 法定主动公开内容, 年报, 依申请公开), as model names.
STANDARD_SECTION_ORDER = (
    "disclosureguidepage",
    "disclosurepolicypage",
    "noticeindexpage",
    "annualreportindexpage",
    "disclosureapplicationpage",
)


def section_rank(model: str, path: str) -> tuple[int, str]:
    """Where a section of the given page type stands in the column: the standard order first."""
    position = (
        STANDARD_SECTION_ORDER.index(model)
        if model in STANDARD_SECTION_ORDER
        else len(STANDARD_SECTION_ORDER)
    )
    return position, path


#: How many of the newest items of each section the column's home shows.
NEWEST_NOTICES = 6
NEWEST_REPORTS = 3
#: Search results per page.
SEARCH_PAGE_SIZE = 20

postcode_validator = RegexValidator(r"^\d{6}$", _("A postcode has six digits."), code="postcode")


class DisclosureIndexPage(RoutablePageMixin, ChineseSearchMixin, Page):
    """An agency's 政府信息公开专栏: the agency data and the column's sections below it.

    A county portal has one for the county government and one per department
    and township; a column may sit inside another (the county's platform
    listing its departments' columns). The office that receives applications
    is entered here once: the guide and the 依申请公开 page show it.
    """

    agency_name = models.CharField(
        _("agency name"),
        max_length=100,
        help_text=_("The organ's full official name, e.g. 嘉祥县科学技术局."),
    )
    agency_short_name = models.CharField(
        _("short name"),
        max_length=30,
        blank=True,
        help_text=_(
            "The name people use for the agency, e.g. 科技局 for 嘉祥县科学技术局: the search "
            "finds the agency's pages by it, and page titles show it. Several names are "
            "separated by 、 (教体局、教育局)."
        ),
    )
    uscc = USCCField(
        _("unified social credit code"),
        help_text=_("The 18-character code on the organ's certificate (统一社会信用代码)."),
    )
    level = models.CharField(
        _("administrative level"),
        max_length=16,
        choices=LEVEL_CHOICES,
        help_text=_("The level of the government the organ belongs to."),
    )
    kind = models.CharField(
        _("kind of organ"),
        max_length=16,
        choices=KIND_CHOICES,
        help_text=_("A people's government itself, or one of its departments."),
    )
    former_names = models.TextField(
        _("former names"),
        blank=True,
        help_text=_(
            "Names the organ published reports under before, one per line (e.g. after a "
            "reorganisation), so that last year's report is still compared with this year's."
        ),
    )
    intro = RichTextField(
        _("introduction"), blank=True, features=get_setting("REPORT_RICH_TEXT_FEATURES")
    )

    # The office receiving applications (条例 第十二条: 名称、办公地址、办公时间、联系电话、
    # 传真号码、互联网联系方式等). Optional here; the guide cannot be published without them.
    contact_office = models.CharField(
        _("receiving office"),
        max_length=100,
        blank=True,
        help_text=_("The office that receives applications, e.g. 嘉祥县科学技术局办公室."),
    )
    contact_address = models.CharField(_("office address"), max_length=200, blank=True)
    contact_postal_address = models.CharField(
        _("postal address"),
        max_length=200,
        blank=True,
        help_text=_("Leave blank when letters go to the office address."),
    )
    contact_postcode = models.CharField(
        _("postcode"), max_length=6, blank=True, validators=[postcode_validator]
    )
    contact_hours = models.CharField(
        _("office hours"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 工作日上午9:00—12:00，下午13:30—17:00（法定节假日除外）"),
    )
    contact_phone = models.CharField(_("telephone"), max_length=50, blank=True)
    contact_fax = models.CharField(_("fax"), max_length=50, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_website = models.URLField(
        _("online application address"),
        blank=True,
        help_text=_("Where applications can be made online, if anywhere."),
    )

    #: Contact fields in the order a guide lists them.
    CONTACT_FIELDS = (
        "contact_office",
        "contact_address",
        "contact_postal_address",
        "contact_postcode",
        "contact_hours",
        "contact_phone",
        "contact_fax",
        "contact_email",
        "contact_website",
    )
    #: Contact fields a guide cannot be published without.
    REQUIRED_CONTACT_FIELDS = (
        "contact_office",
        "contact_address",
        "contact_postcode",
        "contact_hours",
        "contact_phone",
    )

    @property
    def former_name_list(self) -> list[str]:
        """The former names, one per line, blank lines left out."""
        return [line.strip() for line in self.former_names.splitlines() if line.strip()]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("agency_name"),
                FieldPanel("former_names"),
                FieldPanel("agency_short_name"),
                FieldPanel("uscc"),
                FieldPanel("level"),
                FieldPanel("kind"),
            ],
            heading=_("Agency"),
        ),
        MultiFieldPanel(
            [FieldPanel(name) for name in CONTACT_FIELDS],
            heading=_("Office receiving applications"),
            help_text=_(
                "Entered once here; the disclosure guide and the application page show it."
            ),
        ),
        FieldPanel("intro"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("agency_name"),
        index.SearchField("agency_short_name"),
        index.SearchField("intro"),
        index.FilterField("uscc"),
        *CHINESE_SEARCH_FIELDS,
    ]
    bigram_fields = ("agency_name", "agency_short_name", "intro")
    api_fields = [
        APIField("agency_name"),
        APIField("agency_short_name"),
        APIField("uscc"),
        APIField("level"),
        APIField("kind"),
        APIField("intro"),
        *[APIField(name) for name in CONTACT_FIELDS],
    ]

    subpage_types = [
        "wagtail_govdisclosure.DisclosureIndexPage",
        "wagtail_govdisclosure.DisclosureGuidePage",
        "wagtail_govdisclosure.DisclosurePolicyPage",
        "wagtail_govdisclosure.NoticeIndexPage",
        "wagtail_govdisclosure.AnnualReportIndexPage",
        "wagtail_govdisclosure.DisclosureApplicationPage",
    ]
    template = "wagtail_govdisclosure/disclosure_index_page.html"

    class Meta:
        verbose_name = _("disclosure column")
        verbose_name_plural = _("disclosure columns")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.uscc and not self.alias_of_id:
            others = DisclosureIndexPage.objects.filter(uscc=self.uscc, alias_of__isnull=True)
            if self.pk:
                others = others.exclude(pk=self.pk)
            other = others.first()
            if other is not None:
                raise ValidationError(
                    {
                        "uscc": _(
                            "“%(title)s” is already the column of the agency with this code: "
                            "an agency has one disclosure column."
                        )
                        % {"title": other.title}
                    }
                )

    @property
    def short_names(self) -> list[str]:
        """The names people use for the agency (科技局), as entered."""
        return split_short_names(self.agency_short_name)

    @property
    def short_name(self) -> str:
        """The agency's name as people say it (the first short name), else its full name."""
        return next(iter(self.short_names), self.agency_name)

    def agency_info(self) -> AgencyInfo:
        """The agency's name, code, level and kind, as the checks read them."""
        return AgencyInfo(
            name=self.agency_name,
            uscc=self.uscc,
            level=AgencyLevel(self.level),
            kind=AgencyKind(self.kind),
        )

    # --- The column's sections ------------------------------------------------

    def contact(self) -> list[dict[str, str]]:
        """The receiving office's details that are filled in, as ``{"label", "value", "name"}``."""
        rows = []
        for name in self.CONTACT_FIELDS:
            value = getattr(self, name)
            if name == "contact_postal_address" and not value:
                continue
            if value:
                field = self._meta.get_field(name)
                rows.append({"name": name, "label": str(field.verbose_name), "value": value})
        return rows

    def get_sections(self) -> list[Page]:
        """The live, public sections of the column in the standard order, then any others."""
        children = list(
            self.get_children()
            .live()
            .public()
            .not_type(DisclosureIndexPage)
            .select_related("content_type")
            .specific()
        )

        return sorted(children, key=lambda page: section_rank(page.content_type.model, page.path))

    def get_navigation(self) -> list[dict[str, str]]:
        """The column's live, public sections for the left tree of its sub-pages.

        ``[{"title", "url_path", "model"}]`` in :meth:`get_sections`' order, read in one
        query on the children's values and kept in Django's cache with the listings'
        figures (a new generation whenever a page is published, unpublished, moved or
        deleted, or a view restriction changes), so a warm page view costs no query.
        """
        from .notices import cached_listing_figure

        def read() -> list[dict[str, str]]:
            rows = (
                self.get_children()
                .live()
                .public()
                .not_type(DisclosureIndexPage)
                .values("title", "url_path", "path", "content_type__model")
            )
            ordered = sorted(
                rows, key=lambda row: section_rank(row["content_type__model"], row["path"])
            )
            return [
                {
                    "title": row["title"],
                    "url_path": row["url_path"],
                    "model": row["content_type__model"],
                }
                for row in ordered
            ]

        return cached_listing_figure(f"navigation:{self.pk}", read)

    def get_section(self, model_name: str) -> Page | None:
        """The first live, public section of the given type (e.g. ``"disclosureguidepage"``)."""
        for section in self.get_sections():
            if section.content_type.model == model_name:
                return section
        return None

    def get_guide(self) -> Page | None:
        """The column's live guide (政府信息公开指南), if published."""
        from .guide import DisclosureGuidePage

        return DisclosureGuidePage.objects.child_of(self).live().public().first()

    def get_agency_columns(self) -> models.QuerySet[DisclosureIndexPage]:
        """For a people's government's column: its own agencies' columns, in tree order.

        The columns below it, and those beside it when its parent page is its
        platform: not a column itself, and holding no other people's
        government's column (a province's page listing its counties lends none
        of them the others' agencies). Empty for a department's column.
        """
        if self.kind != AgencyKind.GOVERNMENT.value:
            return DisclosureIndexPage.objects.none()
        columns = DisclosureIndexPage.objects.live().public().filter(alias_of__isnull=True)
        parent_path = self.path[: -self.steplen]
        # The parent is the government's platform unless it is itself a column (a township's
        # column inside its county's) or holds another government's column.
        not_a_platform = (
            DisclosureIndexPage.objects.filter(
                models.Q(path=parent_path)
                | models.Q(
                    path__startswith=parent_path,
                    depth=self.depth,
                    kind=AgencyKind.GOVERNMENT.value,
                    alias_of__isnull=True,
                )
            )
            .exclude(pk=self.pk)
            .exists()
        )
        within = self.path if not_a_platform else parent_path
        return (
            columns.filter(path__startswith=within, depth__gt=len(within) // self.steplen)
            .exclude(pk=self.pk)
            .order_by("path")
        )

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from .reports import AnnualReportPage

        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = get_setting("BASE_TEMPLATE")
        sections = self.get_sections()
        newest: dict[int, list[Page]] = {}
        for section in sections:
            model = section.content_type.model
            if model == "noticeindexpage":
                newest[section.pk] = list(section.get_notices()[:NEWEST_NOTICES])
            elif model == "annualreportindexpage":
                newest[section.pk] = list(
                    AnnualReportPage.objects.child_of(section)
                    .live()
                    .public()
                    .order_by("-year")
                    .defer_streamfields()[:NEWEST_REPORTS]
                )
        context["sections"] = [
            {"page": section, "model": section.content_type.model, "newest": newest.get(section.pk)}
            for section in sections
        ]
        context["agency_columns"] = self.get_agency_columns()
        return context

    # --- Search -----------------------------------------------------------------

    @property
    def search_subpath(self) -> str:
        """The search page's address relative to the column's (``search/``)."""
        return self.reverse_subpage("search")

    def search_queryset(self) -> models.QuerySet[Page]:
        """What a visitor may find in the column: its live, public pages."""
        return Page.objects.live().public().descendant_of(self, inclusive=True)

    @path("search/", name="search")
    def search_view(self, request: Any) -> TemplateResponse:
        """The column's search page: ``?q=科技局2022年报&page=2``."""
        query = request.GET.get("q", "").strip()
        results_page = None
        paginator = None
        if query:
            hits = search_column(self.search_queryset(), query, agency_short_names())
            paginator = Paginator(hits, SEARCH_PAGE_SIZE)
            try:
                results_page = paginator.page(request.GET.get("page") or 1)
            except InvalidPage as error:
                raise Http404(str(error)) from error
            # The results' own types, for their titles and dates, in one query per type.
            specific = {
                page.pk: page
                for page in Page.objects.filter(
                    pk__in=[hit.pk for hit in results_page.object_list]
                ).specific()
            }
            results_page.object_list = [
                SearchResult(page=specific[hit.pk], whole=hit.whole)
                for hit in results_page.object_list
                if hit.pk in specific
            ]
        context = {
            "page": self,
            "self": self,
            "request": request,
            "base_template": get_setting("BASE_TEMPLATE"),
        }
        context.update(
            {
                "query": query,
                "results": results_page,
                "paginator": paginator,
                "whole_count": sum(1 for hit in paginator.object_list if hit.whole)
                if paginator
                else 0,
                # Where to go when the search finds nothing.
                "archive": self.get_section("annualreportindexpage"),
                "guide": self.get_section("disclosureguidepage"),
                "application": self.get_section("disclosureapplicationpage"),
                "notices": self.get_section("noticeindexpage"),
            }
        )
        return TemplateResponse(request, "wagtail_govdisclosure/column_search.html", context)


@dataclass(frozen=True)
class SearchResult:
    """A page found by the column's search, and whether it matched the whole query."""

    page: Page
    whole: bool

    @property
    def release_date(self) -> Any:
        """发布日期: a notice's own release date, else the first publication."""
        date = getattr(self.page, "release_date", None)
        if date is None and self.page.first_published_at:
            date = timezone.localdate(self.page.first_published_at)
        return date


def split_short_names(value: str) -> list[str]:
    """``"教体局、教育局"`` → ``["教体局", "教育局"]`` (also split on commas and spaces)."""
    return [name for name in re.split(r"[、,，;；\s]+", value or "") if name]


def agency_short_names() -> list[tuple[str, ...]]:
    """``(full name, short names…)`` of every live column whose agency has a short name."""
    rows = (
        DisclosureIndexPage.objects.live()
        .exclude(agency_short_name="")
        .order_by()
        .values_list("agency_name", "agency_short_name")
        .distinct()
    )
    return [(name, *split_short_names(short)) for name, short in rows]
