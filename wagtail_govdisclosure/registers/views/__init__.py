"""Admin views of the registers: import, export, and filling a report from the registers.

The ModelAdmin listings and forms are in :mod:`..wagtail_hooks`; these views are the
ones django-import-export has no Wagtail integration for.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import Application, ReviewCase

#: URL names of the registers, as the views and the listing's buttons use them.
REGISTERS = {"applications": Application, "cases": ReviewCase}
REGISTER_TITLES = {
    "applications": _("Disclosure applications"),
    "cases": _("Review and litigation cases"),
}


def register_key(model: type) -> str:
    for key, registered in REGISTERS.items():
        if registered is model:
            return key
    raise KeyError(model)
