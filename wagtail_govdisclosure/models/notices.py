"""法定主动公开内容: notices and other items, each with the metadata box of a disclosed item.

索引号 (index number) is assigned once, when a notice is first saved in a
column, from a per-agency-per-year counter row locked with
``select_for_update()``: two editors saving at the same moment get different
serials; a serial is never handed out twice (a deleted draft's number is not
reused) and a notice keeps its number for life (revisions, publishing,
reverting and copying cannot change it).
"""

from __future__ import annotations

import datetime
import time
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import register_snippet

from ..conf import get_setting
from ..search import CHINESE_SEARCH_FIELDS, ChineseSearchMixin
from .guide import ColumnSectionMixin

#: Notices per page of a listing.
NOTICES_PER_PAGE = 20
#: 内容概述 is at most 100 characters by custom.
SUMMARY_MAX_LENGTH = 100


class Validity(models.TextChoices):
    """有效性 of a disclosed document."""

    VALID = "valid", _("In force")
    EXPIRED = "expired", _("Expired")
    REPEALED = "repealed", _("Repealed")


@register_snippet
class NoticeCategory(models.Model):
    """A 主题分类 of the managed vocabulary, e.g. 综合政务\\政务公开 (theme\\subject)."""

    theme = models.CharField(_("theme"), max_length=50, help_text=_("e.g. 综合政务"))
    name = models.CharField(_("subject"), max_length=50, help_text=_("e.g. 政务公开"))
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        allow_unicode=False,
        help_text=_("The category's name in listing addresses (?category=…), e.g. zwgk."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("theme"), FieldPanel("name")]),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "theme", "name"]
        verbose_name = _("subject category")
        verbose_name_plural = _("subject categories")
        constraints = [
            models.UniqueConstraint(fields=["theme", "name"], name="govdisclosure_category_unique")
        ]

    def __str__(self) -> str:
        return f"{self.theme}/{self.name}"

    @property
    def label(self) -> str:
        """The category as the metadata box shows it: a topic path (综合政务/政务公开)."""
        return str(self)


class IndexNumberCounter(models.Model):
    """The last serial handed out for one agency and year (never decremented)."""

    agency_code = models.CharField(_("agency code"), max_length=18)
    year = models.PositiveSmallIntegerField(_("year"))
    last_serial = models.PositiveIntegerField(_("last serial"), default=0)

    class Meta:
        verbose_name = _("index number counter")
        verbose_name_plural = _("index number counters")
        constraints = [
            models.UniqueConstraint(
                fields=["agency_code", "year"], name="govdisclosure_counter_agency_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_code}/{self.year}: {self.last_serial}"


def next_serial(agency_code: str, year: int) -> int:
    """Take the next serial of ``agency_code`` in ``year``; safe under concurrent callers.

    The counter row is locked (``SELECT … FOR UPDATE``) until the caller's
    transaction ends, so a second caller waits and then sees the first one's
    serial. A counter row created concurrently by another transaction makes
    ``get_or_create`` retry the read, which then waits on the lock.
    """
    with transaction.atomic():
        counter, _created = IndexNumberCounter.objects.select_for_update().get_or_create(
            agency_code=agency_code, year=year
        )
        counter.last_serial = models.F("last_serial") + 1
        counter.save(update_fields=["last_serial"])
        counter.refresh_from_db(fields=["last_serial"])
        return counter.last_serial


def format_index_number(agency_code: str, year: int, serial: int) -> str:
    """The 索引号 as ``WAGTAIL_GOVDISCLOSURE_INDEX_NUMBER_FORMAT`` lays it out."""
    return get_setting("INDEX_NUMBER_FORMAT").format(uscc=agency_code, year=year, serial=serial)


class NoticeIndexPage(ColumnSectionMixin, ChineseSearchMixin, Page):
    """A listing of disclosed items (法定主动公开内容, 通知公告 …): newest first, filtered.

    Filter state lives in the query string, in a fixed order, so each state has
    one stable address: ``?year=2023&category=zwgk&page=2``.
    """

    intro = RichTextField(
        _("introduction"), blank=True, features=get_setting("REPORT_RICH_TEXT_FEATURES")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    bigram_fields = ("intro",)
    search_fields = [*Page.search_fields, index.SearchField("intro"), *CHINESE_SEARCH_FIELDS]
    api_fields = [APIField("intro")]

    parent_page_types = ["wagtail_govdisclosure.DisclosureIndexPage"]
    subpage_types = ["wagtail_govdisclosure.NoticePage"]
    template = "wagtail_govdisclosure/notice_index_page.html"

    class Meta:
        verbose_name = _("notice index")
        verbose_name_plural = _("notice indexes")

    def get_notices(self) -> models.QuerySet[NoticePage]:
        """The notices a visitor sees, newest first (the box's fields in the same query)."""
        return (
            NoticePage.objects.child_of(self)
            .live()
            .public()
            .select_related("category")
            .order_by("-release_date", "-page_ptr_id")
        )

    def get_years(self) -> list[int]:
        """The years that have notices, newest first (the year filter's choices)."""
        return cached_listing_figure(f"years:{self.pk}", self._read_years)

    def _read_years(self) -> list[int]:
        # Distinct days, not distinct years: truncating to the year is a Python function on
        # SQLite, called once per row; the days are few (at most 366 a year) and need none.
        days = (
            NoticePage.objects.child_of(self)
            .live()
            .public()
            .order_by()
            .values_list("release_date", flat=True)
            .distinct()
        )
        return sorted({day.year for day in days}, reverse=True)

    def filter_url(self, **params: Any) -> str:
        """The query string of a filter state: parameters in a fixed order, empty ones left out."""
        ordered = [(key, params.get(key)) for key in ("year", "category", "page")]
        query = urlencode([(key, value) for key, value in ordered if value not in (None, "", 1)])
        return f"?{query}" if query else "?"

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        notices = self.get_notices()
        categories = list(NoticeCategory.objects.all())

        year = _int_param(request.GET.get("year"))
        years = self.get_years()
        if year is not None:
            if year not in years:
                # A year without notices is not a page of the listing (docs/api.md).
                raise Http404("Unknown year")
            notices = notices.filter(
                release_date__gte=datetime.date(year, 1, 1),
                release_date__lt=datetime.date(year + 1, 1, 1),
            )
        slug = request.GET.get("category") or ""
        category = None
        if slug:
            category = next((c for c in categories if c.slug == slug), None)
            if category is None:
                raise Http404("Unknown category")
            notices = notices.filter(category=category)

        count = cached_listing_figure(
            f"count:{self.pk}:{year}:{category.pk if category else ''}", notices.count
        )
        paginator = CountedPaginator(notices, NOTICES_PER_PAGE, count=count)
        try:
            notices_page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage as error:
            raise Http404(str(error)) from error
        notices_page.object_list = page_rows(notices, notices_page)

        filters = {"year": year, "category": category.slug if category else None}
        context.update(
            {
                "base_template": get_setting("BASE_TEMPLATE"),
                "notices": notices_page,
                "paginator": paginator,
                "years": years,
                "categories": categories,
                "selected_year": year,
                "selected_category": category,
                "year_links": [
                    {
                        "year": y,
                        "url": self.filter_url(**{**filters, "year": y}),
                        "current": y == year,
                    }
                    for y in years
                ],
                "all_years_url": self.filter_url(**{**filters, "year": None}),
                "category_links": [
                    {
                        "category": c,
                        "url": self.filter_url(**{**filters, "category": c.slug}),
                        "current": category is not None and c.pk == category.pk,
                    }
                    for c in categories
                ],
                "all_categories_url": self.filter_url(**{**filters, "category": None}),
                "page_links": [
                    {
                        "number": number,
                        "url": self.filter_url(**filters, page=number),
                        "current": number == notices_page.number,
                    }
                    for number in paginator.get_elided_page_range(notices_page.number)
                    if isinstance(number, int)
                ],
                "previous_url": self.filter_url(**filters, page=notices_page.previous_page_number())
                if notices_page.has_previous()
                else None,
                "next_url": self.filter_url(**filters, page=notices_page.next_page_number())
                if notices_page.has_next()
                else None,
            }
        )
        return context


def page_rows(queryset: models.QuerySet, page: Any) -> list[Any]:
    """The rows of ``page``: their keys first (a narrow sort), then the rows themselves.

    Sorting and skipping only ``(release_date, id)`` keeps a deep page cheap; a page in the
    second half is read from the other end (oldest first, then reversed), so the last page
    skips as few rows as the first.
    """
    paginator = page.paginator
    if not paginator.count:
        return []
    start = page.start_index() - 1
    size = page.end_index() - start
    keys_query = queryset.values_list("pk", flat=True)
    if start > paginator.count // 2:
        from_end = paginator.count - start - size
        oldest_first = keys_query.reverse()
        keys = list(oldest_first[from_end : from_end + size])[::-1]
    else:
        keys = list(keys_query[start : start + size])
    rows = {row.pk: row for row in queryset.order_by().filter(pk__in=keys)}
    return [rows[key] for key in keys if key in rows]


class CountedPaginator(Paginator):
    """A paginator told its count (read from the cache) instead of counting every time."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


# --- The listings' counts and years, cached ----------------------------------------------

#: How long a listing's counts and years are kept (seconds); any publication ends it sooner.
LISTING_CACHE_SECONDS = 3600
_GENERATION_KEY = "wagtail_govdisclosure:listing-generation"


def _generation() -> int:
    generation = cache.get(_GENERATION_KEY)
    if generation is None:
        cache.add(_GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(_GENERATION_KEY) or 0
    return generation


def cached_listing_figure(name: str, read: Any) -> Any:
    """A listing's count or years from the cache, else ``read()`` (and kept).

    Counting 100,000 live, public notices takes longer than rendering their first page;
    the figures change only when a page is published, unpublished, moved or deleted, or a
    view restriction changes — each of which starts a new generation of cache keys.
    """
    key = f"wagtail_govdisclosure:listing:{_generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = read()
        cache.set(key, value, LISTING_CACHE_SECONDS)
    return value


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def listings_changed(**kwargs: Any) -> None:
    """A page's visibility may have changed: the listings' cached figures are stale."""
    cache.set(_GENERATION_KEY, time.time_ns(), None)


def _int_param(value: str | None) -> int | None:
    """A year from the query string; anything else is a page that does not exist."""
    if not value:
        return None
    if not value.isdigit() or not 1900 <= int(value) <= 2100:
        raise Http404("Bad year")
    return int(value)


class NoticePage(ColumnSectionMixin, ChineseSearchMixin, Page):
    """A disclosed item and its metadata box (索引号, 发布机构, 文号, dates, 主题分类, 有效性)."""

    index_number = models.CharField(
        _("index number"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Assigned automatically when the item is first saved; it never changes."),
    )
    # The parts the number was made of: the counter's key, and what the constraint holds unique.
    index_agency = models.CharField(max_length=18, blank=True, editable=False)
    index_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    index_serial = models.PositiveIntegerField(null=True, blank=True, editable=False)

    publisher = models.CharField(
        _("issuing organ"),
        max_length=100,
        blank=True,
        help_text=_("Full name of the organ that issued the item; blank: the column's agency."),
    )
    document_number = models.CharField(
        _("document number"), max_length=100, blank=True, help_text=_("e.g. 嘉科发〔2023〕5号")
    )
    written_date = models.DateField(_("date written"), null=True, blank=True)
    release_date = models.DateField(_("release date"), default=timezone.localdate, db_index=True)
    category = models.ForeignKey(
        NoticeCategory,
        verbose_name=_("subject category"),
        on_delete=models.PROTECT,
        related_name="notices",
    )
    validity = models.CharField(
        _("validity"), max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    keywords = models.CharField(_("keywords"), max_length=100, blank=True)
    summary = models.CharField(
        _("summary"),
        max_length=SUMMARY_MAX_LENGTH,
        blank=True,
        help_text=_("At most 100 characters."),
    )
    body = RichTextField(_("body"), blank=True, features=get_setting("REPORT_RICH_TEXT_FEATURES"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("index_number", read_only=True),
                FieldPanel("publisher"),
                FieldRowPanel([FieldPanel("document_number"), FieldPanel("validity")]),
                FieldRowPanel([FieldPanel("written_date"), FieldPanel("release_date")]),
                FieldPanel("category"),
                FieldPanel("keywords"),
                FieldPanel("summary"),
            ],
            heading=_("Metadata"),
        ),
        FieldPanel("body"),
        InlinePanel("attachments", heading=_("Attachments"), label=_("attachment")),
    ]
    bigram_fields = ("body", "summary", "keywords", "document_number", "issuing_organ")
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.SearchField("summary"),
        index.SearchField("document_number"),
        index.SearchField("index_number"),
        index.FilterField("release_date"),
        index.FilterField("category"),
        *CHINESE_SEARCH_FIELDS,
    ]
    api_fields = [
        APIField("index_number"),
        APIField("issuing_organ"),
        APIField("document_number"),
        APIField("written_date"),
        APIField("release_date"),
        APIField("category_label"),
        APIField("validity"),
        APIField("validity_label"),
        APIField("keywords"),
        APIField("summary"),
        APIField("body"),
        APIField("attachments"),
    ]

    # A copy is a new item: it gets its own number when saved.
    exclude_fields_in_copy = ["index_number", "index_agency", "index_year", "index_serial"]
    parent_page_types = ["wagtail_govdisclosure.NoticeIndexPage"]
    subpage_types: list[str] = []
    template = "wagtail_govdisclosure/notice_page.html"

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(
                fields=["index_agency", "index_year", "index_serial"],
                name="govdisclosure_notice_index_serial",
            ),
            models.UniqueConstraint(
                fields=["index_agency", "index_number"],
                condition=models.Q(index_serial__isnull=False),
                name="govdisclosure_notice_index_number",
            ),
        ]
        indexes = [
            models.Index(fields=["-release_date", "-page_ptr"], name="govdisclosure_notice_newest")
        ]

    # --- The metadata box ---------------------------------------------------------

    @property
    def issuing_organ(self) -> str:
        """发布机构: the item's own, or the column's agency."""
        if self.publisher:
            return self.publisher
        column = self.get_column()
        return column.agency_name if column is not None else ""

    @property
    def category_label(self) -> str:
        return self.category.label if self.category_id else ""

    @property
    def validity_label(self) -> str:
        return str(self.get_validity_display())

    # --- 索引号 -------------------------------------------------------------------

    def assign_index_number(self) -> None:
        """Give the item its 索引号 if it has none (needs its place in a column)."""
        if self.index_number or self.alias_of_id:
            return
        column = self.get_column()
        if column is None:
            raise ValidationError(
                _("A notice must sit in an agency's disclosure column to get an index number.")
            )
        year = (self.written_date or self.release_date or timezone.localdate()).year
        serial = next_serial(column.uscc, year)
        self.index_agency = column.uscc
        self.index_year = year
        self.index_serial = serial
        self.index_number = format_index_number(column.uscc, year, serial)

    def save(self, *args: Any, **kwargs: Any) -> Any:
        if self.alias_of_id:
            # An alias mirrors its original's box; the number belongs to the original.
            self.index_serial = None
        elif self.pk:
            self._keep_stored_index_number()
        if self.path and not self.index_number and not self.alias_of_id:
            with transaction.atomic():
                self.assign_index_number()
                return super().save(*args, **kwargs)
        return super().save(*args, **kwargs)

    def _keep_stored_index_number(self) -> None:
        """Whatever a revision holds, the stored number stands (it never changes)."""
        stored = (
            NoticePage._base_manager.filter(pk=self.pk)
            .values_list("index_number", "index_agency", "index_year", "index_serial")
            .first()
        )
        if stored and stored[0]:
            self.index_number, self.index_agency, self.index_year, self.index_serial = stored

    def with_content_json(self, content: dict[str, Any]) -> NoticePage:
        obj = super().with_content_json(content)
        # A revision saved before the number was assigned must not take it away.
        for name in ("index_number", "index_agency", "index_year", "index_serial"):
            setattr(obj, name, getattr(self, name))
        return obj

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = get_setting("BASE_TEMPLATE")
        context["attachments"] = list(self.attachments.select_related("document"))
        return context


class NoticeAttachment(Orderable):
    """A document attached to a notice (附件)."""

    page = ParentalKey(NoticePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("title"), max_length=255, blank=True, help_text=_("Blank: the document's title.")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]
    api_fields = [APIField("document"), APIField("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title or str(self.document)

    @property
    def display_title(self) -> str:
        return self.title or self.document.title
