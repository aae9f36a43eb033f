"""Members: who they are, where they live, and their enrollments in the demo plans.

A member's plan fits the region (plan A in the Northwest, B in Washington, E and F in
California, G for members over 65, C and D wherever they are offered: each plan's `regions`).
Most members are enrolled for every plan year of the history; some joined this year, and a few
left during it.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from camnav.demo.geography import Anchor, place
from camnav.demo.names import first_name, last_name
from camnav.demo.seeds import chance, pick, pick_weighted
from camnav.domain.members import Enrollment
from camnav.domain.plans import Plan, ProductType
from camnav.services.ports import MemberRecord

MEMBER_NUMBER_START = 100_001
# How members choose among the plans offered in their region (unlisted plans weigh 0.2).
PLAN_WEIGHTS = {
    "example-a": 0.55,
    "example-b": 0.62,
    "example-c": 0.15,
    "example-d": 0.3,
    "example-e": 0.55,
    "example-f": 0.25,
    "example-g": 0.18,
}
JOINED_THIS_YEAR_SHARE = 0.04
LEFT_SHARE = 0.02


@dataclass(frozen=True, slots=True)
class DemoMember:
    record: MemberRecord
    plan_id: str
    anchor_id: str
    enrollments: tuple[Enrollment, ...]

    @property
    def member_id(self) -> str:
        return self.record.member_id

    def enrollment_on(self, day: date) -> Enrollment:
        """The enrollment a claim on `day` is decided under, as the store picks it: the one
        covering the day, else the latest that started before it, else the first."""
        covering = [e for e in self.enrollments if e.covers(day)]
        started = [e for e in self.enrollments if e.start <= day]
        return (covering or started or [self.enrollments[0]])[-1]

    def covered_on(self, day: date) -> bool:
        return any(e.covers(day) for e in self.enrollments)


@dataclass(frozen=True)
class Membership:
    """What enrolling members reads: the plans by region, each region's anchors, the history."""

    plans: Mapping[str, Sequence[Plan]]  # the plans (latest version) offered in each region
    anchors: Mapping[str, tuple[Anchor, ...]]
    years: tuple[int, ...]  # the plan years of the history
    history: tuple[date, date]


def new_members(
    rng: random.Random,
    count: int,
    region_shares: Mapping[str, float],
    membership: Membership,
    first_number: int = MEMBER_NUMBER_START,
) -> list[DemoMember]:
    """`count` members over the regions that offer plans, numbered from `first_number`."""
    shares = {r: region_shares.get(r, 0.1) for r in membership.plans if membership.plans[r]}
    members = []
    for number in range(first_number, first_number + count):
        region_id = pick_weighted(rng, shares)
        plans = {plan.id: plan for plan in membership.plans[region_id]}
        plan = plans[pick_weighted(rng, {p: PLAN_WEIGHTS.get(p, 0.2) for p in plans})]
        members.append(new_member(rng, f"M-{number}", region_id, plan, membership))
    return members


def new_member(
    rng: random.Random,
    member_id: str,
    region_id: str,
    plan: Plan,
    membership: Membership,
    name: tuple[str, str] | None = None,
    anchor_id: str | None = None,
) -> DemoMember:
    """One member of a plan in a region, near the anchor given or a random one of the region."""
    anchors = membership.anchors[region_id]
    anchor = next((a for a in anchors if a.id == anchor_id), None) or pick(rng, anchors)
    home = place(rng, anchor)
    gender = "female" if chance(rng, 0.52) else "male"
    first, last = name or (first_name(rng, gender), last_name(rng))
    record = MemberRecord(
        member_id=member_id,
        first_name=first,
        last_name=last,
        birth_date=_birth_date(rng, plan, membership.history[1]),
        zip_code=home.zip_code,
        region=region_id,
    )
    enrollments = _enrollments(rng, record, plan.id, membership, fixed=name is not None)
    return DemoMember(record, plan.id, anchor.id, enrollments)


def _birth_date(rng: random.Random, plan: Plan, today: date) -> date:
    # Medicare Advantage members are 65 or older; the others of working age.
    low, high = (65, 92) if plan.product is ProductType.MEDICARE_ADVANTAGE else (19, 64)
    age_days = rng.randint(low * 365 + 20, high * 365)
    return today - timedelta(days=age_days)


def _enrollments(
    rng: random.Random, member: MemberRecord, plan_id: str, membership: Membership, fixed: bool
) -> tuple[Enrollment, ...]:
    """One enrollment per plan year; joiners start this year, leavers end during the history."""
    years = membership.years
    if not fixed and chance(rng, JOINED_THIS_YEAR_SHARE):
        years = years[-1:]
    spans = [(date(year, 1, 1), date(year, 12, 31)) for year in years]
    if not fixed and chance(rng, LEFT_SHARE):
        spans = _leaving(rng, spans, membership.history)
    return tuple(
        Enrollment(member.member_id, plan_id, start, end, member.region or "", member.zip_code)
        for start, end in spans
    )


def _leaving(
    rng: random.Random, spans: list[tuple[date, date]], history: tuple[date, date]
) -> list[tuple[date, date]]:
    """The spans cut at the end of a month in the last part of the history."""
    first, last = history
    day = date.fromordinal(rng.randint(first.toordinal() + 120, last.toordinal() - 30))
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    end = following - timedelta(days=1)
    return [(start, min(stop, end)) for start, stop in spans if start <= end]
