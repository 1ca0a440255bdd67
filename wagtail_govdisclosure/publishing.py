"""The publish gate: a page cannot go live while any error-level finding stands.

A page type opts in by defining ``get_publish_findings(parent=None)``, which
returns findings (objects with ``severity``, ``message`` and ``cells``, such as
:class:`~wagtail_govdisclosure.checks.Finding`) about the content it holds;
``parent`` stands in for the tree position of a page not created yet.
:func:`check_publishable` is the one gate every path goes through: it raises
:exc:`PublishRefused`, a ``ValidationError`` carrying the findings.

Where publishing happens, and how the gate is enforced there
(Wagtail 7.4 and 8.0, see ``wagtail/actions/publish_revision.py``):

* The admin create and edit views validate the page form; the page form of a
  gated page runs the gate unless the action only saves a draft, and shows
  each finding on its cell (see :mod:`wagtail_govdisclosure.forms`).
* ``revision.publish()`` and ``page.publish(revision)`` — used by bulk publish,
  workflow approval, ``publish_scheduled``, the create view and code — end in
  :meth:`PublishGateMixin.publish`, which checks the revision's content before
  anything is written. ``publish_scheduled`` is recognised by its log action:
  the refused go-live is logged and skipped, the schedule is cleared and the
  command carries on with the other pages.
* The edit view, the admin API and Wagtail 8's API v3 run
  ``PublishPageRevisionAction`` directly. API v3 takes the action from
  Wagtail's action registry, where :class:`GatedPublishPageRevisionAction`
  is registered (see ``wagtail_hooks.py``); the others, and copying a page
  with its live state kept (``CopyPageAction`` sets the copy live itself),
  all write the page row through ``save()``: :meth:`PublishGateMixin.save`
  refuses a save that makes content live.
* A plain ``save()`` of a live page changing its content in place (code,
  a shell) is judged too: :meth:`PublishGateMixin.save` runs the gate when a
  gated field (``publish_gated_fields``) differs from the stored row.

Where a person is looking the refusal is friendly: the bulk action hook
(``wagtail_hooks.py``) names the reports that cannot be published, the copy
form explains, and :class:`PublishRefusedMiddleware` turns a refusal raised in
any other admin view (workflow approval) into a message and a redirect.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import ngettext
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.log_actions import log

if TYPE_CHECKING:
    from wagtail.models import Page, Revision

logger = logging.getLogger(__name__)

#: The log action ``publish_scheduled`` passes to ``revision.publish()``.
SCHEDULED_LOG_ACTION = "wagtail.publish.scheduled"
#: The audit log action recorded when the gate refuses a publication.
REFUSED_LOG_ACTION = "wagtail_govdisclosure.publish_refused"
#: How many findings a refusal message quotes before saying how many more there are.
QUOTED_FINDINGS = 3


def _is_error(finding: Any) -> bool:
    severity = getattr(finding, "severity", "error")
    return str(getattr(severity, "value", severity)) == "error"


class PublishRefused(ValidationError):
    """A publication refused by the gate: ``page`` has error-level ``errors``.

    A ``ValidationError`` whose ``message_dict`` is keyed by the cell each error
    is about (``table.row.column``; ``__all__`` for the summary and the errors
    not about a cell), so API clients get the reasons the editor shows.
    """

    def __init__(self, page: Page, findings: Iterable[Any]):
        self.page = page
        self.findings = list(findings)
        self.errors = [finding for finding in self.findings if _is_error(finding)]
        by_cell: dict[str, list[str]] = {NON_FIELD_ERRORS: [self.summary]}
        for finding in self.errors:
            cells = getattr(finding, "cells", ()) or ()
            key = cells[0] if cells else NON_FIELD_ERRORS
            by_cell.setdefault(key, []).append(str(finding.message))
        super().__init__(by_cell)

    @property
    def summary(self) -> str:
        """One sentence: what was refused and why."""
        return ngettext(
            "“%(title)s” cannot be published: %(count)s error must be corrected first.",
            "“%(title)s” cannot be published: %(count)s errors must be corrected first.",
            len(self.errors),
        ) % {"title": _page_title(self.page), "count": len(self.errors)}

    def quoted_messages(self, limit: int = QUOTED_FINDINGS) -> list[str]:
        """The first ``limit`` error messages, then how many more there are."""
        quoted = [str(finding.message) for finding in self.errors[:limit]]
        rest = len(self.errors) - len(quoted)
        if rest > 0:
            quoted.append(
                ngettext("… and %(count)s more error.", "… and %(count)s more errors.", rest)
                % {"count": rest}
            )
        return quoted

    def __str__(self) -> str:
        return " ".join([self.summary, *self.quoted_messages()])


def _page_title(page: Page) -> str:
    return getattr(page, "draft_title", "") or getattr(page, "title", "") or str(page)


def is_gated(page: object) -> bool:
    """Whether ``page``'s type declares publish findings (and so goes through the gate)."""
    return callable(getattr(page, "get_publish_findings", None))


def publish_findings(page: Page, *, parent: Page | None = None) -> list[Any]:
    """The findings of ``page`` that matter for publishing (empty for a page without a gate).

    An alias shows its original's content, which went through the gate when it
    was published, so an alias is never refused.
    """
    if not is_gated(page) or getattr(page, "alias_of_id", None):
        return []
    return list(page.get_publish_findings(parent=parent))  # type: ignore[attr-defined]


def check_publishable(page: Page, *, parent: Page | None = None) -> list[Any]:
    """The gate: raise :exc:`PublishRefused` while ``page`` has an error-level finding.

    ``page`` holds the content about to go live (for a revision:
    ``revision.as_object()``). Returns the findings (warnings only) otherwise.
    """
    findings = publish_findings(page, parent=parent)
    if any(_is_error(finding) for finding in findings):
        raise PublishRefused(page, findings)
    dependents = dependent_findings(page, parent=parent)
    if dependents:
        raise PublishRefused(page, [*findings, *dependents])
    return findings


def dependent_findings(page: Page, *, parent: Page | None = None) -> list[Any]:
    """The errors ``page``'s content would bring into other live pages (see ``dependents.py``).

    A page type opts in with ``get_dependent_findings(parent=None)``; aliases
    carry no content of their own and feed nothing.
    """
    getter = getattr(page, "get_dependent_findings", None)
    if getter is None or getattr(page, "alias_of_id", None):
        return []
    return list(getter(parent=parent))


def log_refusal(
    refusal: PublishRefused, *, user: Any = None, revision: Revision | None = None, **data: Any
) -> None:
    """Record a refusal in the page's history and the application log."""
    page = refusal.page
    codes: dict[str, int] = {}
    for finding in refusal.errors:
        code = getattr(finding, "code", "")
        codes[code] = codes.get(code, 0) + 1
    logger.warning(
        "Publication of %r (page %s, revision %s) refused: %d error(s) %s",
        _page_title(page),
        page.pk,
        getattr(revision, "pk", None),
        len(refusal.errors),
        codes,
    )
    if page.pk is None:
        return
    log(
        instance=page,
        action=REFUSED_LOG_ACTION,
        user=user,
        revision=revision,
        content_changed=False,
        data={
            "errors": len(refusal.errors),
            "codes": codes,
            "messages": refusal.quoted_messages(),
            **data,
        },
    )


def skip_scheduled_publication(revision: Revision, refusal: PublishRefused) -> None:
    """Leave a refused scheduled go-live undone: clear the schedule, log, carry on.

    Clearing ``approved_go_live_at`` stops ``publish_scheduled`` from retrying
    every run; the page's history says why the report did not go live, and
    the editor schedules it again once it is corrected.
    """
    with transaction.atomic():
        revision.approved_go_live_at = None
        revision.save(update_fields=["approved_go_live_at"])
        log_refusal(refusal, revision=revision, scheduled=True)


class PublishGateMixin:
    """Gate the publication of a page type on its ``get_publish_findings()``.

    Mix into a ``Page`` subclass, before ``Page``, and define
    ``get_publish_findings(parent=None)`` (see the module's docstring). The
    mixin defines no such method itself, so a model without one (a historical
    model in a migration, for instance) publishes as Wagtail does.
    """

    def publish(  # type: ignore[override]
        self,
        revision: Revision,
        user: Any = None,
        changed: bool = True,
        log_action: bool | str = True,
        previous_revision: Revision | None = None,
        skip_permission_checks: bool = False,
    ) -> Any:
        """Publish ``revision`` unless its content has an error-level finding."""
        try:
            check_publishable(revision.as_object())
        except PublishRefused as refusal:
            if log_action == SCHEDULED_LOG_ACTION:
                skip_scheduled_publication(revision, refusal)
                return None
            log_refusal(refusal, user=user, revision=revision)
            raise
        return super().publish(  # type: ignore[misc]
            revision,
            user=user,
            changed=changed,
            log_action=log_action,
            previous_revision=previous_revision,
            skip_permission_checks=skip_permission_checks,
        )

    #: The fields whose stored value is the public content the gate judges; ``None``
    #: for every concrete field the page type adds to ``Page`` (see
    #: :meth:`get_publish_gated_fields`).
    publish_gated_fields: Sequence[str] | None = None

    @classmethod
    def get_publish_gated_fields(cls) -> tuple[str, ...]:
        """The names of the fields a save of a live page may not change unchecked.

        ``Page``'s own fields (tree position, live state, revisions, locking,
        titles and slugs) are bookkeeping that Wagtail saves on a live page all
        the time; the fields the page type adds hold what the gate checks.
        """
        if cls.publish_gated_fields is not None:
            return tuple(cls.publish_gated_fields)
        from wagtail.models import Page

        page_fields = {field.name for field in Page._meta.concrete_fields}
        return tuple(
            field.name
            for field in cls._meta.concrete_fields  # type: ignore[attr-defined]
            if field.name not in page_fields
            and not (field.remote_field and getattr(field.remote_field, "parent_link", False))
        )

    def save(self, *args: Any, **kwargs: Any) -> Any:
        """Refuse a save that puts content live while it has an error-level finding.

        That is a save making the page live (or changing its live revision), and
        a plain save of a live page that changes its public content in place.
        """
        update_fields = kwargs.get("update_fields")
        page: Page = self  # type: ignore[assignment]
        if makes_content_live(page, update_fields) or changes_live_content(page, update_fields):
            check_publishable(self)  # type: ignore[arg-type]
        return super().save(*args, **kwargs)  # type: ignore[misc]


def makes_content_live(page: Page, update_fields: Iterable[str] | None) -> bool:
    """Whether saving ``page`` now puts content live that was not live before.

    True for a page added live (a copy that keeps its live state), a page
    going from draft to live, and a live page whose live revision changes.
    A live page saved for other reasons (its latest revision recorded, moved)
    is not publishing anything new.
    """
    if not page.live or page.alias_of_id:
        return False
    if page._state.adding or page.pk is None:
        return True
    if update_fields is not None and not {"live", "live_revision"} & set(update_fields):
        return False
    stored = (
        type(page)._base_manager.filter(pk=page.pk).values_list("live", "live_revision_id").first()
    )
    if stored is None:
        return True
    was_live, live_revision_id = stored
    return not was_live or live_revision_id != page.live_revision_id


def changes_live_content(page: Page, update_fields: Iterable[str] | None) -> bool:
    """Whether saving the live ``page`` changes the content the public sees in place.

    Compares the page type's gated fields (``get_publish_gated_fields()``)
    with the stored row; a save limited by ``update_fields`` to other fields
    (Wagtail's bookkeeping) changes nothing public.
    """
    if not page.live or page.alias_of_id or page._state.adding or page.pk is None:
        return False
    gated_fields = getattr(type(page), "get_publish_gated_fields", None)
    if gated_fields is None:
        return False
    fields = [page._meta.get_field(name) for name in gated_fields()]
    if update_fields is not None:
        wanted = set(update_fields)
        fields = [field for field in fields if field.name in wanted or field.attname in wanted]
    if not fields:
        return False
    stored = (
        type(page)._base_manager.filter(pk=page.pk).values(*(f.attname for f in fields)).first()
    )
    if stored is None:
        return False
    # Compared in the form written to the database, so a value read back equals itself.
    return any(
        field.get_prep_value(getattr(page, field.attname))
        != field.get_prep_value(stored[field.attname])
        for field in fields
    )


class GatedPublishPageRevisionAction(PublishPageRevisionAction):
    """Wagtail's page publish action, refusing before it writes anything.

    Registered for ``Page`` in Wagtail's action registry (Wagtail 8), which the
    API v3 publish endpoint uses.
    """

    def check(self, skip_permission_checks: bool = False) -> None:
        super().check(skip_permission_checks=skip_permission_checks)
        try:
            check_publishable(self.object)
        except PublishRefused as refusal:
            log_refusal(refusal, user=self.user, revision=self.revision)
            raise


def refusal_html(refusals: Sequence[PublishRefused]) -> SafeString:
    """A message for a person: each refused page, then its first errors (escaped HTML)."""
    parts = [
        format_html(
            '{}<ul class="errorlist">{}</ul>',
            refusal.summary,
            format_html_join("", "<li>{}</li>", ((text,) for text in refusal.quoted_messages())),
        )
        for refusal in refusals
    ]
    return format_html_join("", "{}", ((part,) for part in parts))


class PublishRefusedMiddleware:
    """Turn a refusal raised in an admin view into a message and a redirect.

    Wagtail views that publish without a form (workflow approval from the
    dashboard or its modal) let the gate's exception through; the database
    work of the request is rolled back with it. Add after Django's message
    middleware::

        MIDDLEWARE = [..., "wagtail_govdisclosure.publishing.PublishRefusedMiddleware"]

    Without it the refusal still holds, but the person sees an error page.

    It also answers a second create POST of one new report (发布 clicked while
    the create form's autosave was creating it): the clerk is taken to the
    report saved first, with a message linking it, instead of an error page.
    """

    def __init__(self, get_response: Any):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from .models.reports import DuplicateReportYear

        if not isinstance(exception, (PublishRefused, DuplicateReportYear)):
            return None
        try:
            admin_root = reverse("wagtailadmin_home")
        except NoReverseMatch:  # pragma: no cover
            return None
        if not request.path.startswith(admin_root):
            return None

        from wagtail.admin import messages

        if isinstance(exception, DuplicateReportYear):
            return self._existing_report(request, exception)

        page = exception.page
        messages.error(request, refusal_html([exception]))
        target = reverse("wagtailadmin_pages:edit", args=(page.pk,)) if page.pk else admin_root
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # The workflow modal's protocol: a JSON "success" step that navigates away.
            from wagtail.admin.modal_workflow import render_modal_workflow

            return render_modal_workflow(
                request, "", None, {}, json_data={"step": "success", "redirect": target}
            )
        return redirect(target)

    @staticmethod
    def _existing_report(request: HttpRequest, exception: Any) -> HttpResponse:
        """A second create POST of one new report lands on the report saved first.

        Nothing of the second POST was saved (the page is refused before its row
        is written); the clerk continues, and publishes, in the existing report.
        """
        from django.http import JsonResponse
        from django.utils.html import strip_tags
        from wagtail.admin import messages

        from .forms import existing_report_message

        existing = exception.existing
        message = existing_report_message(existing)
        if not request.accepts("text/html"):
            # The autosave's protocol (Wagtail's ``json_error_response``).
            return JsonResponse(
                {
                    "success": False,
                    "error_code": "validation_error",
                    "error_message": strip_tags(message),
                },
                status=400,
            )
        messages.error(request, message)
        return redirect(reverse("wagtailadmin_pages:edit", args=(existing.pk,)))
