"""The live reports a change feeds: judged again before the change goes live.

A report's checks read two things besides its own content: last year's
published report (``carry_over``, ``in_force_continuity`` compare with it) and
its column's agency (level and kind decide ``regulations_not_competent``…).
So republishing last year's report, or changing the column's level, can make
a live report wrong without anyone publishing it. Before such a change goes
live, each live report it feeds is judged with the change in place; an error
the change would bring in (one the report does not already have) refuses the
change, with the reason naming that report:

* a report's new content → the live report of the next year in the same
  index (:func:`report_dependents`, part of the gate, so every publish path,
  the editor's form included, refuses). To correct both years, the editor
  saves the next year's corrected draft first: a change its draft agrees with
  goes through, and that draft is published next;
* a live column saved with another agency name, code, level or kind → every
  live report in the column (:func:`refuse_column_change`, on ``pre_save``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.translation import gettext as _

from .checks import run_checks
from .models import AnnualReportPage, DisclosureIndexPage


@dataclass(frozen=True)
class DependentFinding:
    """An error a change would bring into another live report (named in the message)."""

    code: str
    message: str
    cells: tuple[str, ...] = ()
    severity: str = "error"


def _error_keys(findings: list[Any]) -> dict[tuple[str, tuple[str, ...]], Any]:
    return {
        (finding.code, tuple(finding.cells)): finding
        for finding in findings
        if str(getattr(finding.severity, "value", finding.severity)) == "error"
    }


def _brought_in(report: AnnualReportPage, before: list[Any], after: list[Any]) -> list[Any]:
    """The errors in ``after`` that ``before`` does not have, each naming ``report``."""
    old = _error_keys(before)
    title = report.get_admin_display_title()
    return [
        DependentFinding(
            code=key[0],
            message=_("The published report “%(title)s” would be wrong: %(message)s")
            % {"title": title, "message": finding.message},
        )
        for key, finding in _error_keys(after).items()
        if key not in old
    ]


def report_dependents(content: AnnualReportPage, parent: Any = None) -> list[DependentFinding]:
    """The errors publishing ``content`` would bring into next year's live report.

    ``content`` is the report as it is about to go live (a revision's object);
    ``parent`` stands in for its tree position, as in the gate.
    """
    if content.alias_of_id or not content.year:
        return []
    following = (
        content.sibling_reports(parent).live().filter(year=content.year + 1).specific().first()
    )
    if following is None:
        return []
    today = timezone.localdate()
    document = following.get_document()
    current = following.previous_report()
    before = run_checks(document, previous=current.get_document() if current else None, today=today)
    new_previous = content.get_document(parent)
    after = run_checks(document, previous=new_previous, today=today)
    brought = _brought_in(following, before, after)
    if brought and following.has_unpublished_changes:
        # Correcting both years: the next year's draft already agrees with the new content.
        # The two cannot go live at once, and each would refuse the other; this one may go
        # first, and the draft (which its own gate then accepts) is published after it.
        draft = following.get_latest_revision_as_object()
        if not _brought_in(
            following,
            run_checks(
                draft.get_document(),
                previous=current.get_document() if current else None,
                today=today,
            ),
            run_checks(draft.get_document(), previous=new_previous, today=today),
        ):
            return []
    return brought


def column_dependents(column: DisclosureIndexPage) -> list[DependentFinding]:
    """The errors ``column``'s unsaved agency data would bring into its live reports."""
    stored = DisclosureIndexPage.objects.filter(pk=column.pk).first()
    if stored is None or stored.agency_info() == column.agency_info():
        return []
    today = timezone.localdate()
    brought: list[DependentFinding] = []
    reports = AnnualReportPage.objects.descendant_of(stored).live().filter(alias_of__isnull=True)
    for report in reports.specific():
        if report.get_column() is None or report.get_column().pk != column.pk:
            continue  # a column nested inside this one is that report's column
        before = report.get_findings(today=today)
        report.__dict__["_column"] = column  # judged with the agency data about to be saved
        after = report.get_findings(today=today)
        brought += _brought_in(report, before, after)
    return brought


def refuse_column_change(sender: Any, instance: DisclosureIndexPage, **kwargs: Any) -> None:
    """Refuse to save a live column whose new agency data would make a live report wrong."""
    from .publishing import PublishRefused

    if instance._state.adding or instance.pk is None or not instance.live:
        return
    update_fields = kwargs.get("update_fields")
    agency_fields = {"agency_name", "uscc", "level", "kind"}
    if update_fields is not None and not agency_fields & set(update_fields):
        return
    brought = column_dependents(instance)
    if brought:
        raise PublishRefused(instance, brought)


pre_save.connect(
    refuse_column_change,
    sender=DisclosureIndexPage,
    dispatch_uid="wagtail_govdisclosure.refuse_column_change",
)
