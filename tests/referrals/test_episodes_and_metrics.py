"""Episodes of care (a referral and its extensions) and the prior-authorization metrics."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from camnav.domain.authorization_metrics import AuthorizationCase, nearest_rank, summarize
from camnav.domain.episodes import (
    EpisodeStatus,
    ExtensionProblem,
    extension_problem,
    group_episodes,
)
from camnav.domain.letters import appeal_deadline, necessity_valid_through
from camnav.domain.referrals import Referral, ReferralKind, ReferralStatus

PACIFIC = ZoneInfo("America/Los_Angeles")


def a_referral(
    referral_id: str,
    *,
    start: date = date(2025, 3, 10),
    end: date | None = date(2025, 6, 8),
    visits: int | None = 6,
    used: int = 0,
    status: ReferralStatus = ReferralStatus.APPROVED,
    category: str = "massage",
) -> Referral:
    return Referral(
        referral_id, ReferralKind.REFERRAL, category, start, end, visits, used, (), status
    )


def test_an_extension_joins_the_episode_of_the_referral_it_extends() -> None:
    first = a_referral("R-1", used=6)
    extension = a_referral("R-2", start=date(2025, 5, 1), end=date(2025, 8, 31), used=1)
    other = a_referral("R-3", category="acupuncture", visits=None, end=None)
    denied = a_referral("R-4", status=ReferralStatus.DENIED)

    episodes = group_episodes([extension, first, other, denied], {"R-2": "R-1", "R-4": "R-1"})

    assert [e.opened_by for e in episodes] == ["R-1", "R-3"]
    course = episodes[0]
    assert [d.id for d in course.documents] == ["R-1", "R-2"]
    assert (course.visits_authorized, course.visits_used, course.visits_left) == (12, 7, 5)
    assert (course.valid_from, course.valid_to) == (date(2025, 3, 10), date(2025, 8, 31))
    assert (episodes[1].visits_left, episodes[1].valid_to) == (None, None)


def test_an_episode_is_used_up_expired_or_expiring_soon() -> None:
    course = group_episodes([a_referral("R-1", used=2)], {})[0]

    assert course.status_on(date(2025, 3, 1)) is EpisodeStatus.NOT_STARTED
    assert course.status_on(date(2025, 4, 1)) is EpisodeStatus.ACTIVE
    assert not course.expires_soon(date(2025, 4, 1))
    assert course.expires_soon(date(2025, 5, 20))
    assert course.status_on(date(2025, 6, 9)) is EpisodeStatus.EXPIRED
    used_up = group_episodes([a_referral("R-1", used=6)], {})[0]
    assert used_up.status_on(date(2025, 4, 1)) is EpisodeStatus.USED_UP


def test_only_an_approved_referral_can_be_extended_in_its_own_category() -> None:
    approved = a_referral("R-1")

    assert extension_problem(approved, "massage") is None
    assert extension_problem(approved, "acupuncture") is ExtensionProblem.OTHER_CATEGORY
    pended = a_referral("R-2", status=ReferralStatus.PENDED)
    assert extension_problem(pended, "massage") is ExtensionProblem.NOT_APPROVED


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=PACIFIC).astimezone(UTC)


def test_the_metrics_count_by_status_and_time_the_first_decision() -> None:
    cases = [
        AuthorizationCase(ReferralStatus.APPROVED, at(10), at(10)),  # at once
        AuthorizationCase(ReferralStatus.APPROVED, at(10), at(12)),  # 48 h
        AuthorizationCase(ReferralStatus.DENIED, at(10), at(14)),  # 96 h
        AuthorizationCase(ReferralStatus.APPROVED, at(3), at(11), approved_after_appeal=True),
        AuthorizationCase(ReferralStatus.PENDED, at(10)),
    ]

    metrics = summarize(cases, PACIFIC)

    assert (metrics.requests, metrics.approved, metrics.denied, metrics.pended) == (5, 3, 1, 1)
    assert (metrics.approved_after_appeal, metrics.decided) == (1, 4)
    # 0, 48, 96 and 191 hours (8 calendar days across spring forward, one hour short)
    assert metrics.median_hours == 72.0
    assert metrics.p90_hours == 191.0
    assert metrics.within_72_hours == Fraction(2, 4)
    assert metrics.within_7_days == Fraction(3, 4)


def test_metrics_of_nothing_have_no_times_or_shares() -> None:
    metrics = summarize([], PACIFIC)

    assert (metrics.requests, metrics.median_hours, metrics.p90_hours) == (0, None, None)
    assert (metrics.within_72_hours, metrics.within_7_days) == (None, None)


def test_the_90th_percentile_is_the_nearest_rank() -> None:
    values = [float(v) for v in range(1, 11)]

    assert nearest_rank(values, Fraction(9, 10)) == 9.0
    assert nearest_rank([5.0], Fraction(9, 10)) == 5.0
    assert nearest_rank([*values[:9], 100.0], Fraction(1, 2)) == 5.0


def test_letters_count_the_appeal_window_and_the_necessity_letters_validity() -> None:
    assert appeal_deadline(date(2025, 3, 10), 65) == date(2025, 5, 14)
    assert appeal_deadline(date(2025, 3, 10), 180) == date(2025, 9, 6)
    assert necessity_valid_through(date(2025, 3, 10)) == date(2026, 3, 10)
    assert necessity_valid_through(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert necessity_valid_through(date(2025, 3, 10)) - date(2025, 3, 10) == timedelta(days=365)
