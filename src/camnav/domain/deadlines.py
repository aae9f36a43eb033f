"""Decision deadlines for prior authorizations (CMS-0057-F): 72 hours when expedited, 7 calendar
days when standard, both counted from receipt.

The 72 hours are elapsed time, so a daylight-saving change moves the deadline's wall-clock
reading by an hour. The 7 calendar days end at the same wall-clock time seven local dates later
in the plan's time zone, so a week that crosses a change lasts 167 or 169 hours. Weekends and
holidays count like any other day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum

EXPEDITED_HOURS = 72
STANDARD_DAYS = 7
# Example Health counts its deadlines on Pacific time unless a plan names another zone.
DEFAULT_TIME_ZONE = "America/Los_Angeles"


class Urgency(StrEnum):
    STANDARD = "standard"
    EXPEDITED = "expedited"


def decision_deadline(received_at: datetime, urgency: Urgency, zone: tzinfo) -> datetime:
    """The moment by which a request received at `received_at` must be decided (UTC)."""
    _require_aware(received_at)
    if urgency is Urgency.EXPEDITED:
        return (received_at + timedelta(hours=EXPEDITED_HOURS)).astimezone(UTC)
    return calendar_days_later(received_at, STANDARD_DAYS, zone)


def calendar_days_later(moment: datetime, days: int, zone: tzinfo) -> datetime:
    """The same local wall-clock time `days` calendar days later in `zone`, in UTC.

    A wall-clock time that falls in a spring-forward gap is read with the offset in force before
    the gap (so it lands just after it); one that occurs twice in the fall is read as the first.
    """
    local = moment.astimezone(zone)
    later = (local.replace(tzinfo=None) + timedelta(days=days)).replace(tzinfo=zone, fold=0)
    return later.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Clock:
    """Where a request stands against its deadline at one moment."""

    deadline: datetime
    time_left: timedelta
    overdue: bool


def clock_for(received_at: datetime, urgency: Urgency, zone: tzinfo, now: datetime) -> Clock:
    """The deadline, the time left (negative once past) and whether it is overdue at `now`."""
    _require_aware(now)
    deadline = decision_deadline(received_at, urgency, zone)
    left = deadline - now
    return Clock(deadline, left, left < timedelta(0))


def decided_in_time(
    received_at: datetime, decided_at: datetime, urgency: Urgency, zone: tzinfo
) -> bool:
    """Whether a decision came no later than its deadline."""
    return decided_at <= decision_deadline(received_at, urgency, zone)


def _require_aware(moment: datetime) -> None:
    # A naive datetime has no place on the time line: comparing it would silently use local time.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is needed, not {moment!r}")
