"""An agency's disclosure column (政府信息公开专栏) and the agency data it holds."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..conf import get_setting
from ..formats import AgencyKind, AgencyLevel

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


class DisclosureIndexPage(Page):
    """An agency's 政府信息公开专栏: the agency data and the column's sections below it.

    A county portal has one for the county government and one per department
    and township; a column may sit inside another (the county's platform
    listing its departments' columns).
    """

    agency_name = models.CharField(
        _("agency name"),
        max_length=100,
        help_text=_("The organ's full official name, e.g. 嘉祥县科学技术局."),
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
    intro = RichTextField(
        _("introduction"), blank=True, features=get_setting("REPORT_RICH_TEXT_FEATURES")
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("agency_name"),
                FieldPanel("uscc"),
                FieldPanel("level"),
                FieldPanel("kind"),
            ],
            heading=_("Agency"),
        ),
        FieldPanel("intro"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("agency_name"),
        index.SearchField("intro"),
        index.FilterField("uscc"),
    ]

    subpage_types = [
        "wagtail_govdisclosure.DisclosureIndexPage",
        "wagtail_govdisclosure.AnnualReportIndexPage",
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

    def agency_info(self) -> AgencyInfo:
        """The agency's name, code, level and kind, as the checks read them."""
        return AgencyInfo(
            name=self.agency_name,
            uscc=self.uscc,
            level=AgencyLevel(self.level),
            kind=AgencyKind(self.kind),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = get_setting("BASE_TEMPLATE")
        context["sections"] = self.get_children().live().public().specific()
        return context
