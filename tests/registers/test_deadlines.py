"""Reply deadlines: 20 working days (40 when extended), China's holidays and 调休 days."""

from __future__ import annotations

import pytest

from wagtail_govdisclosure.registers.holidays import (
    WorkingCalendar,
    library_confirmed_years,
    reply_deadline,
)
from wagtail_govdisclosure.registers.models import Application, CalendarDay, DeadlineStatus

from .conftest import add_applications, day


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar()


def test_national_day_week_and_its_two_adjusted_working_days(calendar) -> None:
    # 2024: 10月1日至7日放假; 9月29日（星期日）、10月12日（星期六）上班.
    assert calendar.is_working_day(day("2024-09-29"))
    assert calendar.is_working_day(day("2024-10-12"))
    assert not any(calendar.is_working_day(day(f"2024-10-0{d}")) for d in range(1, 8))
    # Received Friday 27 September: 29, 30 Sep, 8-12 Oct (the Saturday too), 14-18, 21-25,
    # 28-30 Oct. Ignoring the two 调休 days would give 1 November.
    assert reply_deadline(day("2024-09-27"), calendar=calendar) == day("2024-10-30")


def test_spring_festival_and_its_adjusted_sundays(calendar) -> None:
    # 2024: 2月10日至17日放假; 2月4日（星期日）、2月18日（星期日）上班.
    assert calendar.is_working_day(day("2024-02-04"))
    assert calendar.is_working_day(day("2024-02-18"))
    assert not calendar.is_working_day(day("2024-02-16"))
    # Feb 2, 4-9, 18-23, 26-29, Mar 1, 4, 5.
    assert reply_deadline(day("2024-02-01"), calendar=calendar) == day("2024-03-05")


def test_an_extension_adds_twenty_working_days(calendar) -> None:
    deadline = reply_deadline(day("2024-09-27"), calendar=calendar, extended=True)
    assert calendar.working_days_between(day("2024-09-27"), deadline) == 40
    assert deadline == day("2024-11-27")


def test_the_wait_for_a_correction_is_not_counted(calendar) -> None:
    # Asked to complete the application on 3 September; the completed one arrived on
    # 27 September: the 20 working days count from then.
    assert reply_deadline(
        day("2024-08-30"),
        calendar=calendar,
        correction_requested_on=day("2024-09-03"),
        correction_received_on=day("2024-09-27"),
    ) == day("2024-10-30")
    assert (
        reply_deadline(
            day("2024-08-30"), calendar=calendar, correction_requested_on=day("2024-09-03")
        )
        is None
    )


def test_the_library_knows_the_notices_up_to_a_recent_year() -> None:
    assert {2024, 2025} <= library_confirmed_years()


def test_table_rows_override_the_library() -> None:
    plain = WorkingCalendar()
    wednesday, saturday = day("2024-03-06"), day("2024-03-09")
    assert plain.is_working_day(wednesday) and not plain.is_working_day(saturday)
    amended = WorkingCalendar({wednesday: False, saturday: True})
    assert not amended.is_working_day(wednesday) and amended.is_working_day(saturday)
    received = day("2024-03-04")
    assert plain.add_working_days(received, 5) == day("2024-03-11")
    # One day lost on Wednesday, one won on Saturday.
    assert amended.add_working_days(received, 5) == day("2024-03-11")
    assert amended.add_working_days(received, 3) == day("2024-03-08")


def test_a_new_notice_entered_in_the_table_moves_stored_deadlines(agency) -> None:
    # A year the package may not know yet: the editor enters the State Council's notice.
    (application,) = add_applications(agency, [("N1", "natural_person", "2027-09-24", None, "")])
    before = application.reply_deadline
    assert before == WorkingCalendar().add_working_days(day("2027-09-24"), 20)
    # A day off inside the period pushes the deadline one working day on.
    CalendarDay.objects.create(date=day("2027-10-13"), kind=CalendarDay.Kind.DAY_OFF, note="测试")
    application.refresh_from_db()
    assert application.reply_deadline > before
    moved = application.reply_deadline
    # A Saturday worked (调休) brings it back.
    saturday = CalendarDay.objects.create(date=day("2027-10-09"), kind=CalendarDay.Kind.WORKING_DAY)
    application.refresh_from_db()
    assert application.reply_deadline < moved
    saturday.delete()
    application.refresh_from_db()
    assert application.reply_deadline == moved


def test_deadline_status(agency) -> None:
    today = day("2024-10-20")
    open_late, due_soon, closed_late, waiting = add_applications(
        agency,
        [
            ("S1", "natural_person", "2024-09-02", None, ""),
            ("S2", "natural_person", "2024-09-27", None, ""),
            ("S3", "natural_person", "2024-08-01", "2024-10-08", "disclosed"),
            (
                "S4",
                "natural_person",
                "2024-10-08",
                None,
                "",
                {"correction_requested_on": "2024-10-09"},
            ),
        ],
    )
    assert open_late.deadline_status(today) is DeadlineStatus.OVERDUE
    assert due_soon.reply_deadline == day("2024-10-30")
    assert due_soon.deadline_status(day("2024-10-25")) is DeadlineStatus.DUE_SOON
    assert due_soon.deadline_status(today) is DeadlineStatus.OPEN
    assert closed_late.deadline_status(today) is DeadlineStatus.CLOSED_LATE
    assert waiting.deadline_status(today) is DeadlineStatus.AWAITING_CORRECTION
    overdue = set(Application.objects.overdue(today).values_list("reference", flat=True))
    assert overdue == {"S1", "S3"}
    soon = Application.objects.due_soon(day("2024-10-25")).values_list("reference", flat=True)
    assert set(soon) == {"S2"}
