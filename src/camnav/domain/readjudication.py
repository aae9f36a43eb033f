"""Deciding a member's claims in date-of-service order, whatever order they arrive in.

A claim whose date of service comes before claims already decided for the member is decided on
the member's state as it stood before those claims, and the later claims are decided again, in
order, on the state it leaves. Rewinding takes the later claims' contributions back out of the
member's state: their accumulator amounts, the referral visits they counted and their lines in the
claim history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from types import MappingProxyType

from camnav.domain.adjudication import LineResult
from camnav.domain.claims import Claim, PriorLine
from camnav.domain.members import Accumulators
from camnav.domain.referrals import Referral
from camnav.domain.state import MemberState

ReplayKey = tuple[date, date]


def replay_key(claim: Claim) -> ReplayKey:
    """Claims are decided by first date of service, then the day received: an order that
    depends on the claims, not on when they reached us. Claims with the same key keep the order
    they arrived in (so of two identical claims the first one is paid, the second a duplicate)."""
    first = min((line.service_date for line in claim.lines), default=claim.received)
    return first, claim.received


def subtract_periods(
    periods: Mapping[date, Accumulators], removed: Mapping[date, Accumulators]
) -> Mapping[date, Accumulators]:
    """Balances per benefit period with another set of balances taken out (zeros dropped)."""
    result = {
        period: _minus(periods.get(period, Accumulators()), removed.get(period, Accumulators()))
        for period in sorted(set(periods) | set(removed))
    }
    return MappingProxyType(result)


def _minus(total: Accumulators, part: Accumulators) -> Accumulators:
    return Accumulators(
        deductible_met=_minus_map(total.deductible_met, part.deductible_met),
        out_of_pocket_met=_minus_map(total.out_of_pocket_met, part.out_of_pocket_met),
        limit_visits=_minus_map(total.limit_visits, part.limit_visits),
        category_visits=_minus_map(total.category_visits, part.category_visits),
    )


def _minus_map(total: Mapping[str, int], part: Mapping[str, int]) -> Mapping[str, int]:
    names = sorted(set(total) | set(part))
    left = {name: total.get(name, 0) - part.get(name, 0) for name in names}
    return MappingProxyType({name: value for name, value in left.items() if value})


def counted_referral_visits(lines: Iterable[LineResult]) -> Counter[str]:
    """Visits the lines counted against each referral, prescription or authorization."""
    return Counter(line.referral_id for line in lines if line.counted_visit and line.referral_id)


def without_referral_visits(
    referrals: tuple[Referral, ...], visits: Mapping[str, int]
) -> tuple[Referral, ...]:
    """The documents on file with the given visits given back."""
    return tuple(
        replace(r, visits_used=max(r.visits_used - visits[r.id], 0)) if visits.get(r.id) else r
        for r in referrals
    )


def rewind(
    state: MemberState,
    removed: Mapping[date, Accumulators],
    referral_visits: Mapping[str, int],
    history: tuple[PriorLine, ...],
) -> MemberState:
    """The member as they stood before some decided claims: those claims' accumulator amounts
    and referral visits taken out, and the claim history without their lines."""
    return replace(
        state,
        periods=subtract_periods(state.periods, removed),
        referrals=without_referral_visits(state.referrals, referral_visits),
        history=history,
    )


def add_periods(
    periods: Mapping[date, Accumulators], added: Mapping[date, Accumulators]
) -> Mapping[date, Accumulators]:
    """Balances per benefit period with another set of balances added."""
    return subtract_periods(periods, subtract_periods({}, added))
