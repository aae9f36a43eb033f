"""The provider directory's rules: how a provider delivers care for a plan on a date, the exact
k-nearest search over a spatial index, and a member's price for a visit with a given provider.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Generic, TypeVar

from camnav.domain.adjudication import Adjudication, LineStatus, adjudicate
from camnav.domain.credentials import credential_on
from camnav.domain.estimate import (
    EstimatedVisit,
    estimate_visits,
    typical_claim,
    with_assumed_access,
)
from camnav.domain.places import FARTHEST_KM, Box, GeoPoint, boxes_around, distance_km
from camnav.domain.plans import DeliveryMode, Plan, Tier
from camnav.domain.providers import Provider
from camnav.domain.rules import Rules
from camnav.domain.state import MemberState

T = TypeVar("T")

FIRST_RADIUS_KM = 8.0


def delivery_on(provider: Provider, network: str | None, day: date) -> DeliveryMode:
    """Employed at a medical center and in the network on the day, contracted in the network on
    the day (contract dates inclusive), or out of network: the member is reimbursed where the
    plan covers out-of-network care. Without a network, any network counts."""
    if network is None:
        in_network = any(p.active_on(day) for p in provider.participations)
    else:
        in_network = provider.in_network(network, day)
    if not in_network:
        return DeliveryMode.REIMBURSEMENT
    return DeliveryMode.EMPLOYED if provider.employed_at else DeliveryMode.NETWORK


def tier_of(mode: DeliveryMode) -> Tier:
    return Tier.OUT_OF_NETWORK if mode is DeliveryMode.REIMBURSEMENT else Tier.IN_NETWORK


# --- the k nearest --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Located:
    """A point an index returned for a search box."""

    id: str
    point: GeoPoint


@dataclass(frozen=True, slots=True)
class Near(Generic[T]):
    distance_km: float
    id: str
    item: T


Within = Callable[[tuple[Box, ...]], Iterable[Located]]
Admit = Callable[[Sequence[str]], Mapping[str, T]]


def nearest(origin: GeoPoint, k: int, within: Within, admit: Admit[T]) -> list[Near[T]]:
    """The k admitted points nearest to `origin` (great-circle distance, ties by id).

    The radius grows until k admitted points lie within it. Every point within the radius lies
    in the boxes searched, so none outside them can come earlier: the answer is exact. `admit`
    sees candidates nearest first and returns the ids it admits, each with its item.
    """
    decided: dict[str, T | None] = {}
    radius = FIRST_RADIUS_KM
    while True:
        complete = radius >= FARTHEST_KM
        ranked = _ranked(origin, within(boxes_around(origin, radius)))
        inside = ranked if complete else [pair for pair in ranked if pair[0] <= radius]
        found = _admitted(inside, k, decided, admit)
        if len(found) >= k or complete:
            return found[:k]
        radius = min(FARTHEST_KM, radius * _growth(len(found), k))


def _ranked(origin: GeoPoint, points: Iterable[Located]) -> list[tuple[float, str]]:
    unique = {p.id: p.point for p in points}
    return sorted((distance_km(origin, point), id_) for id_, point in unique.items())


def _admitted(
    ranked: Sequence[tuple[float, str]], k: int, decided: dict[str, T | None], admit: Admit[T]
) -> list[Near[T]]:
    """Walk the candidates nearest first, asking `admit` about undecided ones in batches, until
    k are admitted or none are left."""
    found: list[Near[T]] = []
    position, batch = 0, 2 * k + 8
    while len(found) < k and position < len(ranked):
        chunk = ranked[position : position + batch]
        undecided = [id_ for _, id_ in chunk if id_ not in decided]
        if undecided:
            admitted = admit(undecided)
            decided.update({id_: admitted.get(id_) for id_ in undecided})
        found += [Near(d, id_, item) for d, id_ in chunk if (item := decided[id_]) is not None]
        position, batch = position + len(chunk), batch * 2
    return found


def _growth(found: int, k: int) -> float:
    # The count within a radius grows with the area, the radius's square: aim past k at once,
    # but at most four times as far, since a box too big costs more than another round.
    return min(4.0, max(2.0, 1.25 * math.sqrt(k / max(found, 0.5))))


# --- the member's price ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VisitQuote:
    """What a typical visit with this provider costs the member on the date, as the engine would
    decide the claim; `assumed_access` when the plan's referral or authorization was assumed."""

    visit: EstimatedVisit
    assumed_access: bool


def quote_visit(
    plan: Plan,
    state: MemberState,
    rules: Rules,
    provider: Provider,
    day: date,
    diagnoses: tuple[str, ...],
) -> VisitQuote:
    """Adjudicate the category's typical visit with this provider on `day` for the member."""
    tier = tier_of(delivery_on(provider, plan.network, day))
    claim = typical_claim(plan, rules, provider.category, tier, day, diagnoses, None)
    claim = replace(claim, provider_id=provider.id)
    working, assumed = with_assumed_access(state, plan, provider.category, day, day)
    return VisitQuote(_visit(day, adjudicate(claim, plan, provider, working, rules)), assumed)


class Quotes:
    """Quotes for one member, plan and day, each distinct provider profile adjudicated once.

    The engine reads a provider's id only to match the member's earlier lines of the same day,
    and its state and license only when the credential fails; otherwise two providers of the same
    category, network tier and discount participation get the same decision. Without diagnoses,
    a visit assumes the qualifying diagnosis an estimate would (one estimate per category).
    """

    def __init__(
        self, plan: Plan, state: MemberState, rules: Rules, day: date, diagnoses: tuple[str, ...]
    ) -> None:
        self._inputs = (plan, state, rules)
        self._day, self._diagnoses = day, diagnoses
        self._seen_today = {p.provider_id for p in state.history if p.service_date == day}
        self._assumed: dict[str, tuple[str, ...]] = {}
        self._quotes: dict[tuple[object, ...], VisitQuote] = {}

    def quote(self, provider: Provider) -> VisitQuote:
        key = self._profile(provider)
        if key not in self._quotes:
            plan, state, rules = self._inputs
            diagnoses = self._diagnoses or self._assumed_diagnoses(provider.category)
            self._quotes[key] = quote_visit(plan, state, rules, provider, self._day, diagnoses)
        return self._quotes[key]

    def _assumed_diagnoses(self, category: str) -> tuple[str, ...]:
        if category not in self._assumed:
            plan, state, rules = self._inputs
            estimate = estimate_visits(
                plan=plan,
                state=state,
                rules=rules,
                category=category,
                tier=Tier.IN_NETWORK,
                start=self._day,
                visits=1,
            )
            code = estimate.assumed_diagnosis
            self._assumed[category] = (code,) if code else ()
        return self._assumed[category]

    def _profile(self, provider: Provider) -> tuple[object, ...]:
        plan, _, rules = self._inputs
        mode = delivery_on(provider, plan.network, self._day)
        shared = (provider.category, tier_of(mode), provider.discount_participant)
        if provider.id in self._seen_today:
            return (*shared, provider.id)
        if credential_on(provider, rules.licensing, self._day).in_good_standing:
            return shared
        return (*shared, provider.state, provider.license, provider.credentialed)


def _visit(day: date, adjudication: Adjudication) -> EstimatedVisit:
    lines = adjudication.lines
    return EstimatedVisit(
        number=1,
        service_date=day,
        covered=any(line.status is LineStatus.PAID for line in lines),
        billed=sum(line.billed for line in lines),
        allowed=sum(line.allowed for line in lines),
        deductible=sum(line.deductible for line in lines),
        copay=sum(line.copay for line in lines),
        coinsurance=sum(line.coinsurance for line in lines),
        member_owes=adjudication.member_owes,
        plan_pays=adjudication.plan_pays,
        balance_bill=adjudication.balance_bill,
        reasons=tuple(r for line in lines for r in line.reasons),
    )
