"""The 政府信息公开指南 of an agency's column, its 制度 page and its 依申请公开 page.

What a guide must say comes from 《中华人民共和国政府信息公开条例》第十二条 and
common practice (see ``docs/api-column.md``): how information is classified
and catalogued, how to obtain it (主动公开 and 依申请公开), the office that
receives applications, the handling flow and its time limits, fees and the
remedies. Each part is a field; the page renders them in the standard order
and cannot be published while a required part is empty (the same publish gate
as the annual report: :mod:`wagtail_govdisclosure.publishing`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.signals import page_published

from ..checks import Finding, Severity
from ..conf import get_setting
from ..forms import publishing_requested
from ..publishing import PublishGateMixin, PublishRefused, check_publishable
from ..search import CHINESE_SEARCH_FIELDS, ChineseSearchMixin
from .agency import DisclosureIndexPage

#: The code of the finding that refuses a guide with an empty required part.
GUIDE_MISSING_PART = "guide_missing_part"
#: 条例 第三十三条: reply within 20 working days, extendable once by at most 20 working days.
STATUTORY_REPLY_DAYS = 20
STATUTORY_EXTENSION_DAYS = 20

#: The ways an application may be made (条例 第二十九条), as (field, label); the API names
#: a channel by its field without ``accepts_`` (``in_person``, ``by_post``, ``online``, ``by_fax``).
APPLICATION_CHANNELS = (
    ("accepts_in_person", _("In person")),
    ("accepts_by_post", _("By post")),
    ("accepts_online", _("Online")),
    ("accepts_by_fax", _("By fax")),
)


def _rich_text(verbose_name: Any, help_text: Any = "") -> RichTextField:
    return RichTextField(
        verbose_name=verbose_name,
        blank=True,
        features=get_setting("REPORT_RICH_TEXT_FEATURES"),
        help_text=help_text,
    )


def column_above(page: Page, parent: Page | None = None) -> DisclosureIndexPage | None:
    """The nearest :class:`DisclosureIndexPage` above ``page`` (or at ``parent``: a new page)."""
    anchor = parent if parent is not None else page
    if not anchor.path:
        return None
    return (
        DisclosureIndexPage.objects.ancestor_of(anchor, inclusive=parent is not None)
        .order_by("-depth")
        .first()
    )


class ColumnSectionMixin:
    """A section of a column: finds its column once per instance."""

    def get_column(self, parent: Page | None = None) -> DisclosureIndexPage | None:
        """The agency's column the page belongs to."""
        if parent is not None:
            return column_above(self, parent)  # type: ignore[arg-type]
        if "_column" not in self.__dict__:
            source = self.alias_of if getattr(self, "alias_of_id", None) else self  # type: ignore[attr-defined]
            self.__dict__["_column"] = column_above(source)
        return self.__dict__["_column"]


class DisclosureGuidePageForm(WagtailAdminPageForm):
    """The guide's admin form: when the editor publishes, empty required parts are marked."""

    def _post_clean(self) -> None:
        super()._post_clean()
        if not publishing_requested(self) or self.errors:
            return
        parent = self.parent_page if self.instance.pk is None else None
        try:
            check_publishable(self.instance, parent=parent)
        except PublishRefused as refusal:
            for finding in refusal.errors:
                field = finding.cells[0] if finding.cells else None
                self.add_error(field if field in self.fields else None, str(finding.message))


class DisclosureGuidePage(PublishGateMixin, ColumnSectionMixin, ChineseSearchMixin, Page):
    """An agency's 政府信息公开指南 (one per column).

    The receiving office's contact details are the column's
    (:attr:`DisclosureIndexPage.CONTACT_FIELDS`): entered once, shown here and
    on the 依申请公开 page.
    """

    # 一、政府信息的分类与编排
    classification = _rich_text(
        _("classification and catalogue"),
        _("How the organ's information is classified and catalogued, and where the catalogue is."),
    )
    # 二、获取政府信息的方式 — （一）主动公开
    proactive_scope = _rich_text(
        _("scope of proactive disclosure"),
        _("What the organ discloses of its own accord (条例 第十九条、第二十条)."),
    )
    proactive_channels = _rich_text(
        _("channels of proactive disclosure"),
        _("The portal column, the government gazette, press conferences …"),
    )
    proactive_places = _rich_text(
        _("places to consult information"),
        _("Archives, libraries, the government service centre: addresses and opening hours."),
    )
    proactive_time_limit = _rich_text(
        _("time limit of proactive disclosure"),
        _("Within 20 working days of the information being created or changed (条例 第二十六条)."),
    )
    # （二）依申请公开
    accepts_in_person = models.BooleanField(_("in person"), default=True)
    accepts_by_post = models.BooleanField(_("by post"), default=True)
    accepts_online = models.BooleanField(_("online"), default=False)
    accepts_by_fax = models.BooleanField(_("by fax"), default=False)
    application_channels_note = _rich_text(
        _("notes on the channels"),
        _(
            "e.g. write 政府信息公开申请 on the envelope; fax applications must be confirmed "
            "by phone."
        ),
    )
    application_content = _rich_text(
        _("content of an application"),
        _(
            "What an application contains: the applicant's name, identity document and contact "
            "details, a description of the information, the preferred form (条例 第二十九条)."
        ),
    )
    application_form = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("application form"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The form applicants fill in (自然人 / 法人或其他组织), as a document."),
    )
    handling_flow = _rich_text(
        _("handling of applications"),
        _("登记 → 补正 (one-time notice) → 答复, and what each step means for the applicant."),
    )
    reply_days = models.PositiveSmallIntegerField(
        _("reply limit (working days)"),
        default=STATUTORY_REPLY_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(STATUTORY_REPLY_DAYS)],
    )
    extension_days = models.PositiveSmallIntegerField(
        _("extension limit (working days)"),
        default=STATUTORY_EXTENSION_DAYS,
        validators=[MinValueValidator(0), MaxValueValidator(STATUTORY_EXTENSION_DAYS)],
    )
    fees = _rich_text(
        _("fees"),
        _("Free in principle; 信息处理费 only under 《政府信息公开信息处理费管理办法》."),
    )
    # 三、监督和救济
    supervision = _rich_text(
        _("supervision and complaints"),
        _("The office that receives complaints about the organ's disclosure work."),
    )
    review_body = models.CharField(
        _("administrative review body"),
        max_length=200,
        blank=True,
        help_text=_("Where to apply for 行政复议, e.g. 嘉祥县人民政府."),
    )
    litigation_court = models.CharField(
        _("court for administrative litigation"),
        max_length=200,
        blank=True,
        help_text=_("Where to bring 行政诉讼, e.g. 嘉祥县人民法院."),
    )
    remedies = _rich_text(_("notes on remedies"), _("Time limits and how to apply."))

    #: The parts a guide cannot be published without, in the order the guide shows them.
    REQUIRED_PARTS = (
        "classification",
        "proactive_scope",
        "proactive_channels",
        "proactive_places",
        "proactive_time_limit",
        "application_content",
        "application_form",
        "handling_flow",
        "fees",
        "review_body",
        "litigation_court",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("classification"),
        MultiFieldPanel(
            [
                FieldPanel("proactive_scope"),
                FieldPanel("proactive_channels"),
                FieldPanel("proactive_places"),
                FieldPanel("proactive_time_limit"),
            ],
            heading=_("Proactive disclosure"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel(name) for name, _label in APPLICATION_CHANNELS]),
                FieldPanel("application_channels_note"),
                FieldPanel("application_content"),
                FieldPanel("application_form"),
                FieldPanel("handling_flow"),
                FieldRowPanel([FieldPanel("reply_days"), FieldPanel("extension_days")]),
                FieldPanel("fees"),
            ],
            heading=_("Disclosure on application"),
            help_text=_(
                "The receiving office's address, hours, phone and fax are entered on the column."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("supervision"),
                FieldPanel("review_body"),
                FieldPanel("litigation_court"),
                FieldPanel("remedies"),
            ],
            heading=_("Supervision and remedies"),
        ),
    ]
    bigram_fields = (
        "classification",
        "proactive_scope",
        "proactive_channels",
        "proactive_places",
        "proactive_time_limit",
        "application_content",
        "handling_flow",
        "fees",
        "supervision",
        "review_body",
        "litigation_court",
        "remedies",
    )
    search_fields = [
        *Page.search_fields,
        *[index.SearchField(name) for name in bigram_fields],
        *CHINESE_SEARCH_FIELDS,
    ]
    api_fields = [
        APIField("classification"),
        APIField("proactive_scope"),
        APIField("proactive_channels"),
        APIField("proactive_places"),
        APIField("proactive_time_limit"),
        APIField("application_channels"),
        APIField("application_channels_note"),
        APIField("application_content"),
        APIField("application_form"),
        APIField("handling_flow"),
        APIField("reply_days"),
        APIField("extension_days"),
        APIField("fees"),
        APIField("supervision"),
        APIField("review_body"),
        APIField("litigation_court"),
        APIField("remedies"),
        APIField("contact"),
    ]

    base_form_class = DisclosureGuidePageForm
    parent_page_types = ["wagtail_govdisclosure.DisclosureIndexPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "wagtail_govdisclosure/disclosure_guide_page.html"

    class Meta:
        verbose_name = _("disclosure guide")
        verbose_name_plural = _("disclosure guides")

    # --- Contents ---------------------------------------------------------------

    @property
    def application_channels(self) -> list[str]:
        """The channels applications are accepted through, as stable keys (``in_person`` …)."""
        return [
            name.removeprefix("accepts_")
            for name, _label in APPLICATION_CHANNELS
            if getattr(self, name)
        ]

    def channel_labels(self) -> list[str]:
        """The accepted channels as the visitor reads them (当面提交 …)."""
        return [str(label) for name, label in APPLICATION_CHANNELS if getattr(self, name)]

    def bigram_sources(self) -> list[Any]:
        """The guide's text and the receiving office from the column, with its labels
        (办公时间、联系电话 …): people search a guide for how to reach the office."""
        sources = super().bigram_sources()
        column = self.get_column()
        if column is not None:
            with translation.override(settings.LANGUAGE_CODE):
                sources += [f"{row['label']} {row['value']}" for row in column.contact()]
        return sources

    def channel_links(self, column: DisclosureIndexPage | None) -> list[dict[str, str]]:
        """The accepted channels as links: where to go, write or apply online.

        In person, by post and by fax lead to the receiving office's address, hours and
        numbers (``#gd-guide-office`` on the same page); online to the agency's online
        application address, else the column's 依申请公开 page.
        """
        online = getattr(column, "contact_website", "") or ""
        if not online and column is not None:
            application = column.get_section("disclosureapplicationpage")
            online = application.url if application is not None else ""
        links = []
        for name, label in APPLICATION_CHANNELS:
            if getattr(self, name):
                href = online if name == "accepts_online" and online else "#gd-guide-office"
                links.append(
                    {"key": name.removeprefix("accepts_"), "label": str(label), "href": href}
                )
        return links

    @property
    def contact(self) -> dict[str, str]:
        """The receiving office, from the column (API: field name → value, filled ones only)."""
        column = self.get_column()
        if column is None:
            return {}
        return {row["name"].removeprefix("contact_"): row["value"] for row in column.contact()}

    # --- The publish gate ---------------------------------------------------------

    def get_publish_findings(self, parent: Page | None = None) -> list[Finding]:
        """One ``guide_missing_part`` error for each empty required part (see the gate)."""
        findings = [
            self._missing(name, str(self._meta.get_field(name).verbose_name))
            for name in self.REQUIRED_PARTS
            if _is_empty(getattr(self, f"{name}_id" if name == "application_form" else name))
        ]
        if not any(getattr(self, name) for name, _label in APPLICATION_CHANNELS):
            findings.append(
                Finding(
                    code=GUIDE_MISSING_PART,
                    severity=Severity.ERROR,
                    cells=("accepts_in_person",),
                    expected=None,
                    actual=None,
                    message=str(
                        _("The guide must accept applications through at least one channel.")
                    ),
                )
            )
        column = self.get_column(parent)
        if column is None:
            findings.append(
                Finding(
                    code=GUIDE_MISSING_PART,
                    severity=Severity.ERROR,
                    cells=(),
                    expected=None,
                    actual=None,
                    message=str(_("A disclosure guide must sit in an agency's disclosure column.")),
                )
            )
            return findings
        for name in DisclosureIndexPage.REQUIRED_CONTACT_FIELDS:
            if _is_empty(getattr(column, name)):
                findings.append(
                    Finding(
                        code=GUIDE_MISSING_PART,
                        severity=Severity.ERROR,
                        cells=(f"column.{name}",),
                        expected=None,
                        actual=None,
                        message=str(
                            _(
                                "The column “%(column)s” has no %(field)s: the guide shows the "
                                "receiving office entered on the column. Fill it in there first."
                            )
                            % {
                                "column": column.title,
                                "field": column._meta.get_field(name).verbose_name,
                            }
                        ),
                    )
                )
        return findings

    def _missing(self, name: str, label: str) -> Finding:
        return Finding(
            code=GUIDE_MISSING_PART,
            severity=Severity.ERROR,
            cells=(name,),
            expected=None,
            actual=None,
            message=str(
                _("“%(part)s” is empty: a disclosure guide must say it before it is published.")
                % {"part": label}
            ),
        )

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = get_setting("BASE_TEMPLATE")
        context["column"] = self.get_column()
        context["channels"] = self.channel_labels()
        context["channel_links"] = self.channel_links(context["column"])
        return context


def _is_empty(value: Any) -> bool:
    """Blank, or rich text without any text (an editor's empty paragraph)."""
    if value is None:
        return True
    if isinstance(value, str):
        from django.utils.html import strip_tags

        return not strip_tags(value).replace("&nbsp;", "").strip()
    return False


class DisclosurePolicyPage(ColumnSectionMixin, ChineseSearchMixin, Page):
    """The column's 政府信息公开制度: the organ's rules on its disclosure work."""

    body = RichTextField(_("body"), blank=True, features=get_setting("REPORT_RICH_TEXT_FEATURES"))

    content_panels = [*Page.content_panels, FieldPanel("body")]
    bigram_fields = ("body",)
    search_fields = [*Page.search_fields, index.SearchField("body"), *CHINESE_SEARCH_FIELDS]
    api_fields = [APIField("body")]

    parent_page_types = ["wagtail_govdisclosure.DisclosureIndexPage"]
    subpage_types: list[str] = []
    template = "wagtail_govdisclosure/disclosure_policy_page.html"

    class Meta:
        verbose_name = _("disclosure rules")
        verbose_name_plural = _("disclosure rules")

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = get_setting("BASE_TEMPLATE")
        return context


class DisclosureApplicationPage(ColumnSectionMixin, ChineseSearchMixin, Page):
    """The column's 依申请公开 page: how to apply, drawn from the live guide.

    Its own text introduces the guide's application part (channels, office,
    form, flow, fees); nothing is entered twice.
    """

    intro = RichTextField(
        _("introduction"), blank=True, features=get_setting("REPORT_RICH_TEXT_FEATURES")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    bigram_fields = ("intro",)
    search_fields = [*Page.search_fields, index.SearchField("intro"), *CHINESE_SEARCH_FIELDS]
    api_fields = [APIField("intro")]

    parent_page_types = ["wagtail_govdisclosure.DisclosureIndexPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "wagtail_govdisclosure/disclosure_application_page.html"

    class Meta:
        verbose_name = _("application page")
        verbose_name_plural = _("application pages")

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        column = self.get_column()
        guide = column.get_guide() if column is not None else None
        context["base_template"] = get_setting("BASE_TEMPLATE")
        context["column"] = column
        context["guide"] = guide
        context["channels"] = guide.channel_labels() if guide else []
        context["channel_links"] = guide.channel_links(column) if guide else []
        return context


@receiver(page_published, sender=DisclosureIndexPage)
def reindex_guides_of_column(sender: Any, instance: DisclosureIndexPage, **kwargs: Any) -> None:
    """The guide indexes the column's contact data: index it again when the column changes."""
    for guide in DisclosureGuidePage.objects.child_of(instance).live():
        index.insert_or_update_object(guide)
