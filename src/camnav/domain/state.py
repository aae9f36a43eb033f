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


@dataclass(slots=True)
class MemberState:
    """Everything about a member that a decision depends on, as of one moment.

    Accumulators are kept per benefit period (keyed by the period's first day), so a claim or an
    estimate that crosses into a new plan year starts from zero there.

    Not frozen: every adjudicated claim builds the member's next state, and a frozen dataclass pays
    a call to object.__setattr__ for each field. Nothing changes one once built: the with_ methods
    and after_claim build new ones.
    """

    enrollment: Enrollment
    periods: Mapping[date, Accumulators] = field(default_factory=_no_periods)
    referrals: tuple[Referral, ...] = ()
    letters: tuple[Letter, ...] = ()
    history: tuple[PriorLine, ...] = ()
    # The history by date of service, built with the state (a member's state is built once, when
    # loaded): a claim line is only ever checked against the member's lines of its own day.
    history_index: HistoryIndex | None = field(
        default=None, repr=False, compare=False, kw_only=True
    )

    def __post_init__(self) -> None:
        index = self.history_index
        # An index given for another history (dataclasses.replace carries it over) is rebuilt.
        if index is None or index.history is not self.history:
            self.history_index = HistoryIndex.of(self.history)

    def history_on(self, day: date) -> tuple[PriorLine, ...]:
        """The member's decided lines of one date of service, in history order."""
        assert self.history_index is not None  # built by __post_init__
        return self.history_index.by_day().get(day, ())

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
        history = self.history + decided
        assert self.history_index is not None  # built by __post_init__
        index = self.history_index.extended(history, decided)
        return MemberState(
            self.enrollment, periods, referrals, self.letters, history, history_index=index
        )

    def referral(self, referral_id: str) -> Referral | None:
        return find_referral(self.referrals, referral_id)


class HistoryIndex:
    """A member's decided lines by date of service, for the one history they were taken from.

    A loaded state's index is built with the state. The index of the state after a claim is its
    predecessor's with the claim's lines added, filed when first asked for: a state that is only
    stored, never adjudicated against, costs no copy.
    """

    __slots__ = ("_added", "_base", "_by_day", "history")

    def __init__(
        self,
        history: tuple[PriorLine, ...],
        by_day: dict[date, tuple[PriorLine, ...]] | None,
        base: Mapping[date, tuple[PriorLine, ...]] | None = None,
        added: tuple[PriorLine, ...] = (),
    ) -> None:
        self.history = history
        self._by_day = by_day
        self._base = base  # the predecessor's index, until this one is filed
        self._added = added

    @classmethod
    def of(cls, history: tuple[PriorLine, ...]) -> HistoryIndex:
        return cls(history, _by_day({}, history))

    def extended(
        self, history: tuple[PriorLine, ...], added: tuple[PriorLine, ...]
    ) -> HistoryIndex:
        """The index of `history`, which is this index's history followed by `added`."""
        # This index is filed first, so an index never waits on more than one predecessor.
        return HistoryIndex(history, None, self.by_day(), added)

    def by_day(self) -> Mapping[date, tuple[PriorLine, ...]]:
        if self._by_day is None:
            assert self._base is not None  # an index is built filed or from a filed one
            self._by_day = _by_day(dict(self._base), self._added)
            self._base, self._added = None, ()
        return self._by_day


def _by_day(
    by_day: dict[date, tuple[PriorLine, ...]], lines: tuple[PriorLine, ...]
) -> dict[date, tuple[PriorLine, ...]]:
    for line in lines:
        by_day[line.service_date] = (*by_day.get(line.service_date, ()), line)
    return by_day


def with_referral(referrals: tuple[Referral, ...], updated: Referral) -> tuple[Referral, ...]:
    """The documents on file with one replaced by its updated version (same id)."""
    # A list comprehension: a generator costs more than the few documents a member has.
    return tuple([updated if r.id == updated.id else r for r in referrals])


def find_referral(referrals: tuple[Referral, ...], referral_id: str) -> Referral | None:
    for referral in referrals:  # a loop, not next() over a generator: every referred visit asks
        if referral.id == referral_id:
            return referral
    return None


def start_state(
    enrollment: Enrollment, plan: Plan, accumulators: Accumulators, on: date
) -> MemberState:
    """A member's state with the accumulators given for the period that holds `on`."""
    return MemberState(enrollment).with_accumulators(plan, on, accumulators)
