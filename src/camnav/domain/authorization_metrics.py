"""Prior-authorization metrics (CMS-0057-F publishes them yearly): how many requests were
approved, denied, still pended and approved after appeal, how long the first decision took, and
the share decided within 72 hours and within 7 calendar days of receipt.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from fractions import Fraction

from camnav.domain.deadlines import EXPEDITED_HOURS, STANDARD_DAYS, calendar_days_later
from camnav.domain.referrals import ReferralStatus


@dataclass(frozen=True, slots=True)
class AuthorizationCase:
    """One request: where it stands now, when it arrived and when it was first decided."""

    status: ReferralStatus
    received_at: datetime
    first_decided_at: datetime | None = None
    approved_after_appeal: bool = False


@dataclass(frozen=True, slots=True)
class AuthorizationMetrics:
    """Counts by current status; decision times in hours over the decided requests."""

    requests: int
    approved: int
    denied: int
    pended: int
    approved_after_appeal: int
    decided: int
    median_hours: float | None
    p90_hours: float | None
    within_72_hours: Fraction | None
    within_7_days: Fraction | None


def summarize(cases: Iterable[AuthorizationCase], zone: tzinfo) -> AuthorizationMetrics:
    """The metrics of a set of requests; `approved` includes those approved after appeal."""
    listed = list(cases)
    decided = [c for c in listed if c.first_decided_at is not None]
    hours = sorted(_hours(c) for c in decided)
    return AuthorizationMetrics(
        requests=len(listed),
        approved=_count(listed, ReferralStatus.APPROVED),
        denied=_count(listed, ReferralStatus.DENIED),
        pended=_count(listed, ReferralStatus.PENDED),
        approved_after_appeal=sum(c.approved_after_appeal for c in listed),
        decided=len(decided),
        median_hours=statistics.median(hours) if hours else None,
        p90_hours=nearest_rank(hours, Fraction(9, 10)),
        within_72_hours=_share(decided, lambda c: _hours(c) <= EXPEDITED_HOURS),
        within_7_days=_share(decided, lambda c: _within_days(c, zone)),
    )


def nearest_rank(ordered: list[float], quantile: Fraction) -> float | None:
    """The nearest-rank percentile: the smallest value with at least that share at or below it."""
    if not ordered:
        return None
    rank = max(math.ceil(quantile * len(ordered)), 1)
    return ordered[rank - 1]


def _count(cases: list[AuthorizationCase], status: ReferralStatus) -> int:
    return sum(c.status is status for c in cases)


def _hours(case: AuthorizationCase) -> float:
    assert case.first_decided_at is not None
    return (case.first_decided_at - case.received_at) / timedelta(hours=1)


def _within_days(case: AuthorizationCase, zone: tzinfo) -> bool:
    assert case.first_decided_at is not None
    return case.first_decided_at <= calendar_days_later(case.received_at, STANDARD_DAYS, zone)


def _share(
    cases: list[AuthorizationCase], test: Callable[[AuthorizationCase], bool]
) -> Fraction | None:
    if not cases:
        return None
    return Fraction(sum(test(c) for c in cases), len(cases))
