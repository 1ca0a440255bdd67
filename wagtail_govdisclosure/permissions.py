"""Who may do what: the status board's permission and the agencies' editor groups.

An agency's staff work in its column only. For each column two groups are
created (:func:`ensure_agency_groups`): its editors (「<机关> 编辑」: add and edit
pages, lock their own, no publishing) and its moderators (「<机关> 审核」: publish
and unlock too). Their Wagtail page permissions are granted on the column page
alone, so they cover the column's subtree and nothing else: Wagtail refuses
them the edit, publish, copy and move views anywhere outside it.

The group names are Chinese data, deliberately not passed through gettext: a group
is found again by its name, so :func:`ensure_agency_groups` run a second time (a
rerun of the command, a new agency, another admin's language) must build the very
same name. Translated, a rerun in English would create 「<机关> Editors」 beside the
existing 「<机关> 编辑」 and split the agency's staff across two groups. The names are
what the county's administrators see and search for in the Wagtail group list, so
Chinese is also what they are given.

The status board shows every agency's progress; it is for the 政务公开办 and
needs the ``view_annualreportpage`` permission (Django creates it for the
model; Wagtail does not otherwise use it for pages), offered in the group
editor's permission list by the app's ``register_permissions`` hook.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import GroupPagePermission, Page

from .models import AnnualReportPage, DisclosureIndexPage

#: Names of an agency's groups. Group names are records, not interface text: they stay
#: the same whatever language the command runs in, so running it again finds them.
EDITOR_GROUP_NAME = "{agency} 编辑"
MODERATOR_GROUP_NAME = "{agency} 审核"

#: Wagtail page permission types (``<type>_page``) of each group, on the column page.
EDITOR_PAGE_PERMISSIONS = ("add", "change", "lock")
MODERATOR_PAGE_PERMISSIONS = ("add", "change", "lock", "publish", "unlock")

#: The permission of the status board (``app_label.codename``).
BOARD_PERMISSION = "wagtail_govdisclosure.view_annualreportpage"


def board_permission() -> Permission:
    """The ``Permission`` row of :data:`BOARD_PERMISSION`."""
    return Permission.objects.get(
        content_type=ContentType.objects.get_for_model(AnnualReportPage, for_concrete_model=True),
        codename=BOARD_PERMISSION.split(".", 1)[1],
    )


def can_view_board(user: Any) -> bool:
    """Whether ``user`` may see the status board and the county roll-up."""
    return bool(user and user.is_active and user.has_perm(BOARD_PERMISSION))


@dataclass
class GroupChanges:
    """What :func:`ensure_agency_groups` did for one group."""

    group: Group
    created: bool = False
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.created or bool(self.added or self.removed)


def _page_permissions(types: tuple[str, ...]) -> dict[str, Permission]:
    content_type = ContentType.objects.get_for_model(Page)
    found = {
        permission.codename: permission
        for permission in Permission.objects.filter(
            content_type=content_type, codename__in=[f"{t}_page" for t in types]
        )
    }
    missing = {f"{t}_page" for t in types} - set(found)
    if missing:  # pragma: no cover - Wagtail's migrations create them
        raise LookupError(f"Wagtail page permissions not found: {', '.join(sorted(missing))}")
    return found


def _ensure_group(name: str, column: Page, types: tuple[str, ...]) -> GroupChanges:
    """Create or correct one group: admin access and exactly ``types`` on ``column``."""
    group, created = Group.objects.get_or_create(name=name)
    changes = GroupChanges(group, created=created)
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    if not group.permissions.filter(pk=access.pk).exists():
        group.permissions.add(access)
        changes.added.append("wagtailadmin.access_admin")
    wanted = _page_permissions(types)
    existing = {
        grant.permission.codename: grant
        for grant in GroupPagePermission.objects.filter(group=group, page=column).select_related(
            "permission"
        )
    }
    for codename, permission in wanted.items():
        if codename not in existing:
            GroupPagePermission.objects.create(group=group, page=column, permission=permission)
            changes.added.append(codename)
    # The group is this column's: a permission it must not have (publishing, for the
    # editors) is taken away again if someone added it.
    for codename, grant in existing.items():
        if codename not in wanted:
            grant.delete()
            changes.removed.append(codename)
    return changes


def ensure_agency_groups(column: DisclosureIndexPage) -> list[GroupChanges]:
    """The editor and moderator groups of ``column``'s agency, created or brought up to date.

    Idempotent: a second run changes nothing. Returns what was done to each group.
    """
    agency = column.agency_name or column.title
    with transaction.atomic():
        return [
            _ensure_group(EDITOR_GROUP_NAME.format(agency=agency), column, EDITOR_PAGE_PERMISSIONS),
            _ensure_group(
                MODERATOR_GROUP_NAME.format(agency=agency), column, MODERATOR_PAGE_PERMISSIONS
            ),
        ]


__all__ = [
    "BOARD_PERMISSION",
    "EDITOR_GROUP_NAME",
    "EDITOR_PAGE_PERMISSIONS",
    "MODERATOR_GROUP_NAME",
    "MODERATOR_PAGE_PERMISSIONS",
    "GroupChanges",
    "board_permission",
    "can_view_board",
    "ensure_agency_groups",
]
