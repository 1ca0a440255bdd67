"""Keeping stored reply deadlines right when the holiday calendar table changes."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .holidays import WorkingCalendar
from .models import Application, CalendarDay

#: The longest a reply period can run in calendar days (40 working days across 春节 and
#: 国庆 stay well within it): only applications started this close to a changed day
#: can have their deadline moved by it.
_REACH = datetime.timedelta(days=120)


def recompute_deadlines(around: datetime.date) -> int:
    """Recompute the deadlines a change of the day ``around`` may move; return how many moved."""
    since = around - _REACH
    candidates = Application.objects.filter(
        Q(received_on__range=(since, around)) | Q(correction_received_on__range=(since, around))
    )
    calendar = WorkingCalendar.from_database()
    changed = []
    for application in candidates.iterator(chunk_size=2000):
        deadline = application.compute_deadline(calendar)
        if deadline != application.reply_deadline:
            application.reply_deadline = deadline
            changed.append(application)
    Application.objects.bulk_update(changed, ["reply_deadline"], batch_size=1000)
    return len(changed)


@receiver(pre_save, sender=CalendarDay)
def _remember_old_date(sender: Any, instance: CalendarDay, **kwargs: Any) -> None:
    # A row moved to another date changes the calendar on both dates.
    instance._old_date = (
        CalendarDay.objects.filter(pk=instance.pk).values_list("date", flat=True).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
def _calendar_day_changed(sender: Any, instance: CalendarDay, **kwargs: Any) -> None:
    recompute_deadlines(instance.date)
    old_date = getattr(instance, "_old_date", None)
    if old_date is not None and old_date != instance.date:
        recompute_deadlines(old_date)
