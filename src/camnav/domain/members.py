"""Members, their enrollment and their accumulators for the benefit period."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

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


def _plus(base: Mapping[str, int], keys: tuple[str, ...], amount: int) -> Mapping[str, int]:
    """`amount` added once under each key, as a new read-only mapping."""
    if isinstance(base, MappingProxyType) and not (amount and keys):
        return base  # already read-only, and nothing to add
    merged = dict(base)
    if amount:
        for key in dict.fromkeys(keys):
            merged[key] = merged.get(key, 0) + amount
    return MappingProxyType(merged)
