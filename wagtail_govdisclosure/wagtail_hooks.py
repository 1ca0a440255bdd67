"""Wagtail hooks of the disclosure column: the publish gate's admin side."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.log_actions import LogFormatter
from wagtail.models import Page

from .pdf import hooks as pdf_hooks  # noqa: F401  (the PDF preview's admin URL and button)
from .publishing import (
    REFUSED_LOG_ACTION,
    GatedPublishPageRevisionAction,
    PublishRefused,
    check_publishable,
    is_gated,
    refusal_html,
)


@hooks.register("before_bulk_action")
def refuse_bulk_publish(
    request: HttpRequest, action_type: str, objects: list[Any], action_class_instance: Any
) -> HttpResponse | None:
    """Refuse a bulk publication that includes a page the gate refuses, naming each one.

    Bulk publishing runs in one transaction: rather than let the first refusal
    abort it, nothing is published and the editor learns which pages to fix
    (or leave out of the selection).
    """
    if action_type != "publish":
        return None
    pages = [page.specific for page in objects]
    form = getattr(action_class_instance, "cleaned_form", None)
    if form is not None and form.cleaned_data.get("include_descendants"):
        for page in objects:
            pages.extend(page.get_descendants().not_live().specific())
    refusals: list[PublishRefused] = []
    for page in pages:
        if not is_gated(page):
            continue
        revision = page.get_latest_revision()
        try:
            check_publishable(revision.as_object() if revision else page)
        except PublishRefused as refusal:
            refusal.page = page
            refusals.append(refusal)
    if not refusals:
        return None
    messages.error(
        request,
        ngettext(
            "Nothing was published: %(count)s page cannot be published until its errors "
            "are corrected.",
            "Nothing was published: %(count)s pages cannot be published until their errors "
            "are corrected.",
            len(refusals),
        )
        % {"count": len(refusals)},
    )
    messages.error(request, refusal_html(refusals))
    return redirect(action_class_instance.next_url)


@hooks.register("register_actions")
def register_gated_publish_action(registry: Any) -> None:
    """Wagtail 8's API v3 publishes through the action registry: gate it there too."""
    registry.register(Page, GatedPublishPageRevisionAction)


@hooks.register("register_log_actions")
def register_refusal_log_action(actions: Any) -> None:
    @actions.register_action(REFUSED_LOG_ACTION)
    class PublishRefusedFormatter(LogFormatter):
        label = _("Publication refused")

        def format_message(self, log_entry: Any) -> str:
            data = log_entry.data or {}
            count = data.get("errors", 0)
            if data.get("scheduled"):
                return ngettext(
                    "Scheduled publication skipped: %(count)s error must be corrected first",
                    "Scheduled publication skipped: %(count)s errors must be corrected first",
                    count,
                ) % {"count": count}
            return ngettext(
                "Publication refused: %(count)s error must be corrected first",
                "Publication refused: %(count)s errors must be corrected first",
                count,
            ) % {"count": count}

        def format_comment(self, log_entry: Any) -> str:
            return " ".join((log_entry.data or {}).get("messages", []))


# --- The report status board, the agencies' permissions ------------------------------------

from django.core.exceptions import PermissionDenied  # noqa: E402
from django.urls import reverse_lazy  # noqa: E402
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem  # noqa: E402

from .permissions import BOARD_PERMISSION, can_view_board  # noqa: E402
from .views import status as status_views  # noqa: E402

#: Hook other parts of the app (and host portals) use to add items to the 政府信息公开 menu.
MENU_HOOK = "register_govdisclosure_menu_item"


class BoardMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_view_board(request.user)


@hooks.register("register_admin_urls")
def register_status_urls() -> list[Any]:
    return status_views.admin_urls()


@hooks.register("register_admin_menu_item")
def register_govdisclosure_menu() -> SubmenuMenuItem:
    """The 「政府信息公开」 menu; it shows only when one of its items does."""
    return SubmenuMenuItem(
        _("Government information disclosure"),
        Menu(register_hook_name=MENU_HOOK),
        name="govdisclosure",
        icon_name="doc-full-inverse",
        order=305,
    )


@hooks.register(MENU_HOOK)
def register_status_board_menu_item() -> MenuItem:
    return BoardMenuItem(
        _("Annual report progress"),
        reverse_lazy(f"{status_views.URL_NAMESPACE}:board"),
        name="govdisclosure-status",
        icon_name="table",
        order=100,
    )


@hooks.register("construct_homepage_panels")
def add_status_panel(request: HttpRequest, panels: list[Any]) -> None:
    if can_view_board(request.user):
        panels.append(status_views.StatusPanel(request))


@hooks.register("register_permissions")
def register_board_permission() -> Any:
    """Offer the board's permission in the group editor (for the 政务公开办's group)."""
    from django.contrib.auth.models import Permission

    app_label, codename = BOARD_PERMISSION.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


@hooks.register("before_move_page")
def refuse_move_without_permission(request: HttpRequest, page: Any, destination: Any) -> None:
    """Refuse the move confirmation itself, not only its POST, for a destination out of reach.

    Wagtail checks the destination only when the move is carried out; without this the
    confirmation page of a move into another agency's column shows before it is refused.
    """
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


@hooks.register("before_move_page")
def refuse_move_that_breaks_a_live_page(
    request: HttpRequest, page: Any, destination: Any
) -> HttpResponse | None:
    """Refuse to move a live gated page where its published content would fail the gate.

    A report's checks depend on its column: the agency's level and kind, and
    last year's report the carried-over numbers must match. Its live content
    is judged as if it sat under ``destination``; the editor learns why the
    move is refused and stays on the choice of destination.
    """
    specific = page.specific
    if not specific.live or not is_gated(specific):
        return None
    try:
        check_publishable(specific, parent=destination)
    except PublishRefused as refusal:
        messages.error(
            request,
            _("“%(title)s” is published and cannot be moved there: its content would be wrong.")
            % {"title": specific.get_admin_display_title()},
        )
        messages.error(request, refusal_html([refusal]))
        return redirect("wagtailadmin_pages:move", page.pk)
    return None


@hooks.register("before_move_page")
def refuse_move_the_tree_gate_refuses(
    request: HttpRequest, page: Any, destination: Any
) -> HttpResponse | None:
    """Say why a move is refused (a second report of the year, a report index changing
    column with wrong reports) instead of letting the refusal of ``pre_page_move`` be an error.
    """
    from django.core.exceptions import ValidationError

    from .tree_gate import refuse_move

    try:
        refuse_move(
            type(page), page, parent_page_before=page.get_parent(), parent_page_after=destination
        )
    except PublishRefused as refusal:
        messages.error(request, refusal_html([refusal]))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        return None
    return redirect("wagtailadmin_pages:move", page.pk)


# --- Importing published reports (upload, preview, create drafts) --------------------------

from .views import import_reports as import_views  # noqa: E402


class ImportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        # The menu is rendered more than once per admin page: ask the database once.
        cached = getattr(request, "_govdisclosure_can_import", None)
        if cached is None:
            cached = import_views.can_import(request.user)
            request._govdisclosure_can_import = cached  # type: ignore[attr-defined]
        return cached


@hooks.register("register_admin_urls")
def register_import_urls() -> list[Any]:
    return import_views.admin_urls()


@hooks.register(MENU_HOOK)
def register_import_menu_item() -> MenuItem:
    return ImportMenuItem(
        _("Import annual reports"),
        reverse_lazy(f"{import_views.URL_NAMESPACE}:import"),
        name="govdisclosure-import",
        icon_name="upload",
        order=200,
    )


@hooks.register("register_admin_urls")
def register_editor_guide_urls() -> list[Any]:
    from .views import editor_guide

    return editor_guide.admin_urls()
