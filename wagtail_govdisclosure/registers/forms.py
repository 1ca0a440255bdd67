"""Admin forms of the registers: editing an entry, importing a file, exporting."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from ..models import DisclosureIndexPage
from . import exports
from .models import Application
from .permissions import agencies_for_user, can_view_personal_data

#: The largest file the admin import accepts; larger registers go through the command.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: DisclosureIndexPage) -> str:
        return obj.agency_name


class RegisterEntryForm(WagtailAdminModelForm):
    """An entry's form: the agency and the linked application among the user's own."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        agencies = agencies_for_user(self.for_user).order_by("path")
        if "agency" in self.fields:
            field = self.fields["agency"]
            field.queryset = agencies
            field.label_from_instance = lambda obj: obj.agency_name
            if agencies.count() == 1 and not self.instance.pk:
                field.initial = agencies.first().pk
        if "application" in self.fields:
            self.fields["application"].queryset = Application.objects.filter(
                agency__in=agencies
            ).order_by("-received_on")


class ImportForm(forms.Form):
    """The file to import and the agency whose register it fills."""

    agency = AgencyChoiceField(
        label=pgettext_lazy("registers", "Agency"),
        queryset=DisclosureIndexPage.objects.none(),
        empty_label=None,
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "An .xlsx workbook or a CSV file (UTF-8 or GB18030) with a header line; rows with "
            "a register number already in the register update it."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_for_user(user).order_by("path")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is larger than %(size)s MB: import it with the command "
                    "govdisclosure_import_register."
                )
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


class ExportForm(forms.Form):
    """Which entries to export, in which format, with or without personal data."""

    agency = AgencyChoiceField(
        label=pgettext_lazy("registers", "Agency"),
        queryset=DisclosureIndexPage.objects.none(),
        required=False,
        empty_label=_("All my agencies"),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2008,
        max_value=2100,
        help_text=_("Only entries received (or filed) in this year; empty for all."),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            (exports.XLSX, _("Excel workbook (.xlsx)")),
            (exports.CSV, _("CSV (UTF-8)")),
            (exports.JSON, _("JSON")),
        ],
        initial=exports.XLSX,
    )
    include_personal = forms.BooleanField(
        label=_("Include personal data"),
        required=False,
        help_text=_(
            "The applicants' names and contacts. Keep the file as the law on personal "
            "information requires."
        ),
    )

    def __init__(self, *args: Any, user: Any, personal_fields: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_for_user(user).order_by("path")
        if not (personal_fields and can_view_personal_data(user)):
            del self.fields["include_personal"]
