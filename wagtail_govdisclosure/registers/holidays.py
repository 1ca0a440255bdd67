"""Working days in China and the reply deadline of a disclosure application.

《政府信息公开条例》第三十三条: an organ that cannot answer at once answers within
20 working days of receiving the application; with the approval of its head of
disclosure work it may extend the period by at most 20 more working days.
第三十条: when the application must be completed (补正), the period counts from the
day the completed application is received, so the time the applicant takes is not
counted. The day of receipt itself is not counted (期间开始之日不计入).

Working days are Monday to Friday except public holidays, plus the weekend days the
State Council's yearly notice turns into working days (调休). Both come from the
maintained `holidays <https://pypi.org/project/holidays/>`_ package (its ``CN``
calendar carries each year's notice once published), overridden by
:class:`~.models.CalendarDay` rows that editors add when a notice is newer than the
installed package. No date is written in this code.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable, Mapping
from functools import cached_property

import holidays as holidays_library

#: 第三十三条第二款: the reply period and the longest extension, in working days.
REPLY_WORKING_DAYS = 20
EXTENSION_WORKING_DAYS = 20


def _library_calendar(years: Iterable[int]) -> holidays_library.HolidayBase:
    return holidays_library.country_holidays("CN", years=list(years))


def library_confirmed_years() -> set[int]:
    """Years whose holiday arrangement (with its 调休 working days) the package knows.

    The package lists each year's substituted days once the State Council's notice is
    out; for a later year it knows the fixed holidays only, so an editor must enter
    that year's notice in the calendar table.
    """
    # The package merges its static per-year arrangements into the instance.
    calendar = holidays_library.country_holidays("CN")
    return {int(year) for year in getattr(calendar, "special_public_holidays", None) or ()}


class WorkingCalendar:
    """China's working days: the ``holidays`` package's ``CN`` calendar, with overrides.

    ``overrides`` maps a date to ``True`` (a working day, e.g. a 调休 Saturday) or
    ``False`` (a day off); an override always wins over the package.
    """

    def __init__(self, overrides: Mapping[datetime.date, bool] | None = None):
        self.overrides: dict[datetime.date, bool] = dict(overrides or {})
        self._years: dict[int, list[int]] = {}

    @classmethod
    def from_database(cls) -> WorkingCalendar:
        """The calendar with every :class:`~.models.CalendarDay` row of the database."""
        from .models import CalendarDay

        return cls(CalendarDay.objects.as_overrides())

    @cached_property
    def _library(self) -> holidays_library.HolidayBase:
        return _library_calendar(())

    def is_working_day(self, day: datetime.date) -> bool:
        """Whether ``day`` is a working day."""
        if day in self.overrides:
            return self.overrides[day]
        return self._library.is_working_day(day)

    def _working_ordinals(self, year: int) -> list[int]:
        """The working days of ``year`` as sorted ordinals (computed once per year)."""
        found = self._years.get(year)
        if found is None:
            day = datetime.date(year, 1, 1)
            found = []
            while day.year == year:
                if self.is_working_day(day):
                    found.append(day.toordinal())
                day += datetime.timedelta(days=1)
            self._years[year] = found
        return found

    def add_working_days(self, start: datetime.date, count: int) -> datetime.date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        year = start.year
        ordinals = self._working_ordinals(year)
        position = bisect.bisect_right(ordinals, start.toordinal())
        remaining = count
        while True:
            available = len(ordinals) - position
            if remaining <= available:
                return datetime.date.fromordinal(ordinals[position + remaining - 1])
            remaining -= available
            year += 1
            if year > start.year + 5:  # pragma: no cover - a calendar with no working day
                raise ValueError("No working days found in the calendar.")
            ordinals = self._working_ordinals(year)
            position = 0

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if ``end`` ≤ ``start``)."""
        if end <= start:
            return 0
        total = 0
        for year in range(start.year, end.year + 1):
            ordinals = self._working_ordinals(year)
            low = bisect.bisect_right(ordinals, start.toordinal())
            high = bisect.bisect_right(ordinals, end.toordinal())
            total += high - low
        return total


def reply_deadline(
    received_on: datetime.date,
    *,
    calendar: WorkingCalendar,
    extended: bool = False,
    correction_requested_on: datetime.date | None = None,
    correction_received_on: datetime.date | None = None,
) -> datetime.date | None:
    """The last day to answer an application, or ``None`` while a 补正 is awaited.

    Counted from the receipt, or from the completed application's receipt when a
    补正 was requested (第三十条); 20 working days, 40 when extended (第三十三条).
    """
    start = received_on
    if correction_requested_on is not None:
        if correction_received_on is None:
            return None
        start = correction_received_on
    days = REPLY_WORKING_DAYS + (EXTENSION_WORKING_DAYS if extended else 0)
    return calendar.add_working_days(start, days)
