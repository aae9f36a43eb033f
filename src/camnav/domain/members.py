"""Members, their enrollment and their accumulators for the benefit period."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Protocol

from camnav.domain.money import Cents
from camnav.domain.plans import Tier


@dataclass(frozen=True, slots=True)
class Enrollment:
    """A member's coverage under one plan from `start` to `end` (inclusive; open when None)."""

    member_id: str
    plan_id: str
    start: date
    end: date | None = None
    region: str = ""
    zip_code: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def _frozen(mapping: Mapping[str, int] | None = None) -> Mapping[str, int]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True, slots=True)
class Accumulators:
    """What a member has met in the benefit period: deductible, out-of-pocket and visits used.

    Amounts are kept per accumulator bucket (a tier, see Plan.bucket); visits per limit id and per
    category (the latter for authorization-from-visit-N rules).
    """

    deductible_met: Mapping[str, Cents] = field(default_factory=_frozen)
    out_of_pocket_met: Mapping[str, Cents] = field(default_factory=_frozen)
    limit_visits: Mapping[str, int] = field(default_factory=_frozen)
    category_visits: Mapping[str, int] = field(default_factory=_frozen)

    def deductible(self, bucket: Tier) -> Cents:
        return self.deductible_met.get(bucket, 0)

    def out_of_pocket(self, bucket: Tier) -> Cents:
        return self.out_of_pocket_met.get(bucket, 0)

    def visits(self, limit_id: str) -> int:
        return self.limit_visits.get(limit_id, 0)

    def visits_in(self, category: str) -> int:
        return self.category_visits.get(category, 0)

    def add(
        self,
        bucket: Tier,
        deductible: Cents = 0,
        out_of_pocket: Cents = 0,
        limit_ids: tuple[str, ...] = (),
        category: str | None = None,
    ) -> Accumulators:
        """A new set of accumulators with amounts and one visit added."""
        # Built directly, not with dataclasses.replace, which costs more than the additions: this
        # runs for every paid claim line. A field added to Accumulators must be carried over here.
        return Accumulators(
            deductible_met=_plus(self.deductible_met, (bucket,), deductible),
            out_of_pocket_met=_plus(self.out_of_pocket_met, (bucket,), out_of_pocket),
            limit_visits=_plus(self.limit_visits, limit_ids, 1),
            category_visits=_plus(self.category_visits, (category,) if category else (), 1),
        )


class MetSoFar(Protocol):
    """What the checks and the cost share read of a member's accumulators."""

    def deductible(self, bucket: Tier) -> Cents: ...

    def out_of_pocket(self, bucket: Tier) -> Cents: ...

    def visits(self, limit_id: str) -> int: ...

    def visits_in(self, category: str) -> int: ...


class Tally:
    """Accumulators being added to while one claim's lines are decided.

    Accumulators.add builds a new read-only set for every paid line; a claim's lines add to plain
    dicts here instead, and the result is frozen once, when the claim is decided. frozen() is what
    the same additions made one Accumulators.add at a time would have given.
    """

    __slots__ = (
        "_base",
        "_touched",
        "category_visits",
        "deductible_met",
        "limit_visits",
        "out_of_pocket_met",
    )

    def __init__(self, base: Accumulators) -> None:
        self._base = base
        self.deductible_met = _copy(base.deductible_met)
        self.out_of_pocket_met = _copy(base.out_of_pocket_met)
        self.limit_visits = _copy(base.limit_visits)
        self.category_visits = _copy(base.category_visits)
        # Which of the four mappings were added to, in the order above; the others stay as they are.
        self._touched = [False, False, False, False]

    def deductible(self, bucket: Tier) -> Cents:
        return self.deductible_met.get(bucket, 0)

    def out_of_pocket(self, bucket: Tier) -> Cents:
        return self.out_of_pocket_met.get(bucket, 0)

    def visits(self, limit_id: str) -> int:
        return self.limit_visits.get(limit_id, 0)

    def visits_in(self, category: str) -> int:
        return self.category_visits.get(category, 0)

    def add(
        self,
        bucket: Tier,
        deductible: Cents,
        out_of_pocket: Cents,
        limit_ids: tuple[str, ...],
        category: str | None,
    ) -> None:
        """Amounts and one visit added, as Accumulators.add adds them."""
        touched = self._touched
        if deductible:
            met = self.deductible_met
            met[bucket] = met.get(bucket, 0) + deductible
            touched[0] = True
        if out_of_pocket:
            met = self.out_of_pocket_met
            met[bucket] = met.get(bucket, 0) + out_of_pocket
            touched[1] = True
        if limit_ids:
            visits = self.limit_visits
            for limit_id in limit_ids if len(limit_ids) == 1 else dict.fromkeys(limit_ids):
                visits[limit_id] = visits.get(limit_id, 0) + 1
            touched[2] = True
        if category:
            visits = self.category_visits
            visits[category] = visits.get(category, 0) + 1
            touched[3] = True

    def frozen(self) -> Accumulators:
        base, touched = self._base, self._touched
        return Accumulators(
            deductible_met=_read_only(self.deductible_met, base.deductible_met, touched[0]),
            out_of_pocket_met=_read_only(
                self.out_of_pocket_met, base.out_of_pocket_met, touched[1]
            ),
            limit_visits=_read_only(self.limit_visits, base.limit_visits, touched[2]),
            category_visits=_read_only(self.category_visits, base.category_visits, touched[3]),
        )


def _copy(mapping: Mapping[str, int]) -> dict[str, int]:
    # dict() of a read-only mapping goes key by key; its copy() is the underlying dict's.
    if isinstance(mapping, (dict, MappingProxyType)):
        return mapping.copy()
    return dict(mapping)


def _read_only(
    current: dict[str, int], base: Mapping[str, int], touched: bool
) -> Mapping[str, int]:
    """As _plus leaves a mapping: the base itself when read-only and not added to."""
    if not touched and isinstance(base, MappingProxyType):
        return base
    return MappingProxyType(current)


def _plus(base: Mapping[str, int], keys: tuple[str, ...], amount: int) -> Mapping[str, int]:
    """`amount` added once under each key, as a new read-only mapping."""
    if isinstance(base, MappingProxyType) and not (amount and keys):
        return base  # already read-only, and nothing to add
    merged = dict(base)
    if amount:
        for key in dict.fromkeys(keys):
            merged[key] = merged.get(key, 0) + amount
    return MappingProxyType(merged)
