"""A member's state as the engine sees it: enrollment, accumulators
per period, documents, history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType

from camnav.domain.claims import PriorLine
from camnav.domain.members import Accumulators, Enrollment
from camnav.domain.plans import Plan
from camnav.domain.referrals import Letter, Referral

# A period with no accumulators yet. Accumulators are immutable, so one value serves every period.
NOTHING_MET = Accumulators()


def _no_periods() -> Mapping[date, Accumulators]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class MemberState:
    """Everything about a member that a decision depends on, as of one moment.

    Accumulators are kept per benefit period (keyed by the period's first day), so a claim or an
    estimate that crosses into a new plan year starts from zero there.
    """

    enrollment: Enrollment
    periods: Mapping[date, Accumulators] = field(default_factory=_no_periods)
    referrals: tuple[Referral, ...] = ()
    letters: tuple[Letter, ...] = ()
    history: tuple[PriorLine, ...] = ()

    def accumulators(self, plan: Plan, day: date) -> Accumulators:
        met = self.periods.get(plan.period_start(day))
        return NOTHING_MET if met is None else met

    def with_accumulators(self, plan: Plan, day: date, accumulators: Accumulators) -> MemberState:
        periods = dict(self.periods)
        periods[plan.period_of(day)[0]] = accumulators
        return replace(self, periods=MappingProxyType(periods))

    def with_referral(self, updated: Referral) -> MemberState:
        return replace(self, referrals=with_referral(self.referrals, updated))

    def with_history(self, lines: tuple[PriorLine, ...]) -> MemberState:
        return replace(self, history=self.history + lines)

    def after_claim(
        self,
        periods: Mapping[date, Accumulators],
        referrals: tuple[Referral, ...],
        decided: tuple[PriorLine, ...],
    ) -> MemberState:
        """The member once a claim is decided: its accumulators, its referral use, and its decided
        lines added to the history."""
        # Built directly, not with dataclasses.replace (which costs more than deciding a small
        # claim's line): a field added to MemberState must be carried over here too.
        return MemberState(
            enrollment=self.enrollment,
            periods=periods,
            referrals=referrals,
            letters=self.letters,
            history=self.history + decided,
        )

    def referral(self, referral_id: str) -> Referral | None:
        return find_referral(self.referrals, referral_id)


def with_referral(referrals: tuple[Referral, ...], updated: Referral) -> tuple[Referral, ...]:
    """The documents on file with one replaced by its updated version (same id)."""
    return tuple(updated if r.id == updated.id else r for r in referrals)


def find_referral(referrals: tuple[Referral, ...], referral_id: str) -> Referral | None:
    return next((r for r in referrals if r.id == referral_id), None)


def start_state(
    enrollment: Enrollment, plan: Plan, accumulators: Accumulators, on: date
) -> MemberState:
    """A member's state with the accumulators given for the period that holds `on`."""
    return MemberState(enrollment).with_accumulators(plan, on, accumulators)
