"""Decision deadlines with a fixed clock: 72 elapsed hours expedited, 7 calendar days standard in
the plan's time zone (America/Los_Angeles), weekends counted, daylight-saving changes right."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from camnav.domain.deadlines import (
    Urgency,
    calendar_days_later,
    clock_for,
    decided_in_time,
    decision_deadline,
)

PACIFIC = ZoneInfo("America/Los_Angeles")


def pacific(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=PACIFIC)  # type: ignore[misc]


# fmt: off
DEADLINES = [
    # received (Pacific)               urgency              deadline (Pacific wall clock)
    (pacific(2025, 3, 10, 9, 0),       Urgency.STANDARD,    pacific(2025, 3, 17, 9, 0)),
    (pacific(2025, 3, 10, 9, 0),       Urgency.EXPEDITED,   pacific(2025, 3, 13, 9, 0)),
    # received on a Friday: the weekend counts, nothing moves to Monday
    (pacific(2025, 6, 13, 16, 30),     Urgency.EXPEDITED,   pacific(2025, 6, 16, 16, 30)),
    (pacific(2025, 6, 13, 16, 30),     Urgency.STANDARD,    pacific(2025, 6, 20, 16, 30)),
    # received on a Saturday, due on a Saturday
    (pacific(2025, 6, 14, 10, 0),      Urgency.STANDARD,    pacific(2025, 6, 21, 10, 0)),
    # spring forward (2025-03-09 02:00 PST -> 03:00 PDT): 72 hours read an hour later on the
    # clock; 7 calendar days keep the wall-clock time and last 167 hours
    (pacific(2025, 3, 8, 9, 0),        Urgency.EXPEDITED,   pacific(2025, 3, 11, 10, 0)),
    (pacific(2025, 3, 8, 9, 0),        Urgency.STANDARD,    pacific(2025, 3, 15, 9, 0)),
    # fall back (2025-11-02 02:00 PDT -> 01:00 PST): 72 hours read an hour earlier; a week
    # lasts 169 hours
    (pacific(2025, 11, 1, 9, 0),       Urgency.EXPEDITED,   pacific(2025, 11, 4, 8, 0)),
    (pacific(2025, 10, 30, 9, 0),      Urgency.STANDARD,    pacific(2025, 11, 6, 9, 0)),
    # across New Year
    (pacific(2025, 12, 29, 23, 0),     Urgency.STANDARD,    pacific(2026, 1, 5, 23, 0)),
]
# fmt: on


@pytest.mark.parametrize(("received", "urgency", "due"), DEADLINES)
def test_the_deadline_runs_from_receipt(
    received: datetime, urgency: Urgency, due: datetime
) -> None:
    assert decision_deadline(received.astimezone(UTC), urgency, PACIFIC) == due


def test_a_standard_week_across_spring_forward_lasts_167_hours_and_across_fall_back_169() -> None:
    spring = pacific(2025, 3, 8, 9, 0)
    fall = pacific(2025, 10, 30, 9, 0)

    assert decision_deadline(spring, Urgency.STANDARD, PACIFIC) - spring == timedelta(hours=167)
    assert decision_deadline(fall, Urgency.STANDARD, PACIFIC) - fall == timedelta(hours=169)


def test_a_due_time_inside_the_spring_forward_gap_lands_just_after_it() -> None:
    received = pacific(2025, 3, 2, 2, 30)  # a Sunday; 2025-03-09 02:30 does not exist

    due = calendar_days_later(received, 7, PACIFIC)

    assert due.astimezone(PACIFIC) == pacific(2025, 3, 9, 3, 30)
    assert due - received == timedelta(hours=168)


def test_a_due_time_that_happens_twice_in_the_fall_is_the_first_of_the_two() -> None:
    received = pacific(2025, 10, 26, 1, 30)

    due = calendar_days_later(received, 7, PACIFIC)

    assert due == datetime(2025, 11, 2, 8, 30, tzinfo=UTC)  # 01:30 PDT, not 01:30 PST


def test_the_day_is_the_plans_local_day_not_utcs() -> None:
    # 2025-03-11 at 06:00 UTC is still the evening of the 10th in Los Angeles.
    received = datetime(2025, 3, 11, 6, 0, tzinfo=UTC)

    due = decision_deadline(received, Urgency.STANDARD, PACIFIC)

    assert due.astimezone(PACIFIC) == pacific(2025, 3, 17, 23, 0)


def test_the_clock_shows_time_left_and_flags_overdue() -> None:
    received = pacific(2025, 3, 10, 9, 0)

    early = clock_for(received, Urgency.EXPEDITED, PACIFIC, pacific(2025, 3, 12, 9, 0))
    late = clock_for(received, Urgency.EXPEDITED, PACIFIC, pacific(2025, 3, 13, 9, 1))
    exactly = clock_for(received, Urgency.EXPEDITED, PACIFIC, pacific(2025, 3, 13, 9, 0))

    assert (early.time_left, early.overdue) == (timedelta(hours=24), False)
    assert (late.time_left, late.overdue) == (timedelta(minutes=-1), True)
    assert exactly.overdue is False


def test_a_decision_at_the_deadline_is_in_time_and_a_minute_later_is_not() -> None:
    received = pacific(2025, 3, 10, 9, 0)
    due = pacific(2025, 3, 17, 9, 0)

    assert decided_in_time(received, due, Urgency.STANDARD, PACIFIC)
    assert not decided_in_time(received, due + timedelta(minutes=1), Urgency.STANDARD, PACIFIC)


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        decision_deadline(datetime(2025, 3, 10, 9, 0), Urgency.STANDARD, PACIFIC)
