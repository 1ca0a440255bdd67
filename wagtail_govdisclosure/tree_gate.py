"""The publish gate on the paths that change what is live without publishing a revision.

Moving a page, making an alias and converting an alias into a page put a
report live at a place, or as a page, the gate never judged. Wagtail runs them
from the page explorer, the admin API (``move``, ``convert_alias``),
``MovePageAction``, ``ConvertAliasPageAction``, ``CreatePageAliasAction`` and
the ``move_pages`` command; the refusals here sit where all of them pass,
before anything is written, so a refused change leaves nothing changed:

* ``pre_page_move`` (sent before the tree is touched): a live report moved to
  another report index, or a report index moved to another column, is judged
  at its new place; a report may not join an index that has a report of its
  year.
* ``pre_save`` of a report: a new alias may not be a second report of the
  year in its agency's column; converting an alias into a page (the first save with
  ``alias_of`` cleared) is refused if the index has another report of the year,
  or if the page is live and its content would fail the gate where it stands.

A refusal is a ``ValidationError`` (a :exc:`~.publishing.PublishRefused` when
the content would be wrong): the admin API answers 400 with the reasons.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models.signals import pre_save
from wagtail.models import Page
from wagtail.signals import pre_page_move

from .models import AnnualReportIndexPage, AnnualReportPage, DisclosureIndexPage
from .publishing import check_publishable


def _duplicate_year(year: int) -> ValidationError:
    from .forms import duplicate_year_message

    return ValidationError({"year": [duplicate_year_message(year)]})


def _reports_of_year(index: Page, year: int, *, exclude: int | None = None) -> bool:
    reports = AnnualReportPage.objects.child_of(index).filter(year=year)
    if exclude is not None:
        reports = reports.exclude(pk=exclude)
    return reports.exists()


def alias_is_second_report(original: Page, parent: Page) -> bool:
    """Whether an alias of ``original`` under ``parent`` would be a second report of its year
    in its own agency's column (an alias in another agency's column points to that report).
    """
    original = original.specific
    if not isinstance(original, AnnualReportPage) or not original.year:
        return False
    column = original.get_column()
    destination = AnnualReportPage().get_column(parent=parent.specific)
    if column is None or destination is None or column.pk != destination.pk:
        return False
    return _reports_of_year(parent, original.year)


def refuse_move(
    sender: Any,
    instance: Page,
    parent_page_before: Page,
    parent_page_after: Page,
    **kwargs: Any,
) -> None:
    """Refuse a move that would put a wrong report live or a second report of a year."""
    if parent_page_before.pk == parent_page_after.pk:
        return  # reordering among siblings changes nothing the checks read
    moved = instance.specific
    destination = parent_page_after.specific
    if isinstance(moved, AnnualReportPage):
        if (
            moved.alias_of_id is None
            and moved.year
            and _reports_of_year(destination, moved.year, exclude=moved.pk)
        ):
            raise _duplicate_year(moved.year)
        if moved.live:
            check_publishable(moved, parent=destination)
    elif isinstance(moved, AnnualReportIndexPage):
        # Its reports change column: each live one is judged with the new agency.
        for report in AnnualReportPage.objects.child_of(moved).live().specific():
            if report.alias_of_id is None:
                check_publishable(report, parent=destination)
    elif not isinstance(moved, DisclosureIndexPage):
        # A page holding whole columns moves them with their reports: nothing they read changes.
        return


def refuse_alias_change(
    sender: Any, instance: AnnualReportPage, update_fields: Any = None, **kwargs: Any
) -> None:
    """Refuse an alias that is a second report of its year, and a conversion the gate refuses."""
    if not instance.path or not instance.year:
        return
    if instance.alias_of_id is not None:
        if instance._state.adding:
            parent = Page.objects.filter(path=instance.path[: -Page.steplen]).first()
            if parent is not None and alias_is_second_report(instance.alias_of, parent):
                raise _duplicate_year(instance.year)
        return
    if instance._state.adding or instance.pk is None:
        return
    if (
        update_fields is not None
        and "alias_of" not in update_fields
        and ("alias_of_id" not in update_fields)
    ):
        return
    was_alias = AnnualReportPage.objects.filter(pk=instance.pk, alias_of__isnull=False).exists()
    if not was_alias:
        return
    # The alias becomes a page of its own: one report per year, and its content judged.
    if _reports_of_year(instance.get_parent(), instance.year, exclude=instance.pk):
        raise _duplicate_year(instance.year)
    if instance.live:
        check_publishable(instance)


pre_page_move.connect(refuse_move, dispatch_uid="wagtail_govdisclosure.refuse_move")
pre_save.connect(
    refuse_alias_change,
    sender=AnnualReportPage,
    dispatch_uid="wagtail_govdisclosure.refuse_alias_change",
)
