"""Keeping :class:`~wagtail_govdisclosure.models.summary.ReportSummary` rows up to date.

A report's summary is rewritten when a revision of it is saved, when it is
published and when it is unpublished; anything that changes what the status
board shows (those, a column published or unpublished, a page moved or
deleted) also starts a new generation of the board's cache, so the
dashboard panel never shows a stale count for longer than one request.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .checks import Severity, run_checks
from .models import AnnualReportPage, DisclosureIndexPage
from .models.summary import ReportSummary

logger = logging.getLogger(__name__)

#: The cache key holding the board's generation (see :func:`board_generation`).
GENERATION_KEY = "wagtail_govdisclosure:board-generation"


def board_generation() -> int:
    """A number that changes whenever a report, a column or the tree changes."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, None)
    return int(generation)


def new_board_generation() -> None:
    """Make every cached board and dashboard panel stale."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def summarise(report: AnnualReportPage) -> ReportSummary:
    """Write the summary of ``report`` (its page row as stored) and return it."""
    live_tables = None
    live_format = ""
    if report.live:
        live = report.document
        live_tables = live.to_json()["tables"]
        live_format = live.format.key
    latest = None
    errors = 0
    if not report.live or report.has_unpublished_changes:
        revision = report.get_latest_revision()
        draft = revision.as_object() if revision is not None else report
        column = report.get_column()
        draft.__dict__["_column"] = column
        document = draft.document
        latest = document.to_json()
        # The checks the board shows for a draft: the gate's, against last year's live report.
        previous = report.previous_report()
        previous_document = None
        if previous is not None:
            previous.__dict__["_column"] = column
            previous_document = previous.document
        findings = run_checks(document, previous=previous_document)
        errors = sum(1 for finding in findings if finding.severity is Severity.ERROR)
    summary, _created = ReportSummary.objects.update_or_create(
        page=report,
        defaults={
            "live_format": live_format,
            "live_tables": live_tables,
            "latest_document": latest,
            "latest_errors": errors,
        },
    )
    return summary


def summarise_next_year(report: AnnualReportPage) -> None:
    """Rewrite the summary of the same agency's next report, whose checks compare with it."""
    following = report.sibling_reports().filter(year=report.year + 1).first()
    if following is not None and (not following.live or following.has_unpublished_changes):
        _summarise_safely(following)


def summarise_all(reports: Iterable[AnnualReportPage] | None = None) -> int:
    """Write the summary of every report (or of ``reports``); the number written."""
    if reports is None:
        reports = AnnualReportPage.objects.filter(alias_of__isnull=True).iterator(chunk_size=200)
    count = 0
    for report in reports:
        summarise(report)
        count += 1
    if count:
        new_board_generation()
    return count


def _summarise_safely(report: AnnualReportPage) -> None:
    """:func:`summarise` from a signal: a failure is logged, never stops the save.

    The summary is removed instead, so that the board writes it again on its
    next load rather than show stale figures.
    """
    try:
        with transaction.atomic():
            summarise(report)
    except Exception:
        logger.exception("Could not summarise annual report %s", report.pk)
        ReportSummary.objects.filter(page_id=report.pk).delete()


def summarise_drafts_under(page: Page) -> None:
    """Rewrite the summaries of the unpublished reports at or below ``page``.

    A draft's error count depends on its column (the agency's level and kind)
    and on where it sits: after a column is published or a page moved.
    """
    drafts = AnnualReportPage.objects.descendant_of(page, inclusive=True).filter(
        models.Q(live=False) | models.Q(has_unpublished_changes=True), alias_of__isnull=True
    )
    for report in drafts:
        _summarise_safely(report)


def _is_report(page: Any) -> bool:
    return isinstance(page, AnnualReportPage) and not page.alias_of_id


@receiver(page_published)
@receiver(page_unpublished)
def _page_state_changed(sender: Any, instance: Page, **kwargs: Any) -> None:
    if _is_report(instance):
        # The signal's instance may hold the previous state of the flags: read the row.
        report = AnnualReportPage.objects.get(pk=instance.pk)
        _summarise_safely(report)
        summarise_next_year(report)
        new_board_generation()
    elif isinstance(instance, DisclosureIndexPage):
        summarise_drafts_under(instance)
        new_board_generation()


@receiver(post_save, sender=AnnualReportPage)
def _revision_saved(sender: Any, instance: AnnualReportPage, **kwargs: Any) -> None:
    # ``save_revision`` saves the page with these fields once the revision exists.
    update_fields = kwargs.get("update_fields") or ()
    if "latest_revision" not in update_fields or instance.alias_of_id:
        return
    # The instance may hold the draft's content in memory: summarise the stored row.
    report = AnnualReportPage.objects.filter(pk=instance.pk).first()
    if report is not None:
        _summarise_safely(report)
        new_board_generation()


@receiver(post_page_move)
def _page_moved(sender: Any, instance: Page, **kwargs: Any) -> None:
    summarise_drafts_under(instance)
    new_board_generation()


@receiver(post_delete)
def _page_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, AnnualReportPage | DisclosureIndexPage):
        new_board_generation()
