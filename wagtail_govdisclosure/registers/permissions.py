"""Who sees which register entries, and who sees the applicants' personal data.

Two independent rules (see ``docs/registers.md``):

* **The agency's own staff.** A user works with the register entries of the agencies
  whose disclosure column (:class:`~wagtail_govdisclosure.models.DisclosureIndexPage`)
  they may edit in the page tree — Wagtail's own page permissions, so a county office
  with edit rights over the county's column (and the departments' columns below it)
  sees every register below. Superusers see all. The model permissions (add, change,
  delete, view) say what they may do with those entries.
* **Personal data.** The applicant's name and contact are shown, searched and exported
  only for users with the ``view_personal_data`` permission of the registers, and then
  only for the agencies above; an export includes them only when such a user asks.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..models import DisclosureIndexPage

APP_LABEL = "wagtail_govdisclosure_registers"
#: The permission to see the applicants' names and contacts.
PERSONAL_DATA_PERMISSION = f"{APP_LABEL}.view_personal_data"

#: Page permissions that make a user one of an agency's staff.
_STAFF_PAGE_ACTIONS = ["change", "publish"]


def can_view_personal_data(user: Any) -> bool:
    return bool(user and user.is_active and user.has_perm(PERSONAL_DATA_PERMISSION))


def agencies_for_user(user: Any) -> QuerySet[DisclosureIndexPage]:
    """The agencies (disclosure columns) whose registers ``user`` works with."""
    if not user or not user.is_active:
        return DisclosureIndexPage.objects.none()
    if user.is_superuser:
        return DisclosureIndexPage.objects.all()
    pages = PagePermissionPolicy(Page).instances_user_has_any_permission_for(
        user, _STAFF_PAGE_ACTIONS
    )
    return DisclosureIndexPage.objects.filter(pk__in=pages.values("pk"))


def user_can_access_agency(user: Any, agency_id: int | None) -> bool:
    if agency_id is None:
        return False
    if user and user.is_active and user.is_superuser:
        return True
    return agencies_for_user(user).filter(pk=agency_id).exists()


def has_model_permission(user: Any, model: type, action: str) -> bool:
    """``user.has_perm("<app>.<action>_<model>")`` for a register model."""
    opts = model._meta
    return bool(user and user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"))
