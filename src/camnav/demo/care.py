"""The care members seek: who sees whom, for what, how often, and what each visit bills.

Most members use no complementary care in a year; some make a few visits, some come regularly
and a few come weekly, past their plan's visit limit. A visit is one claim with the lines a
therapist of the category bills, at the provider's own charges.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from camnav.demo.members import DemoMember
from camnav.demo.providers import DemoProvider, Mode
from camnav.demo.seeds import chance, pick, pick_weighted
from camnav.domain.claims import ClaimLine
from camnav.domain.diagnoses import NecessityOutcome, assess_medical_necessity
from camnav.domain.plans import Plan, ProductType
from camnav.domain.providers import LicenseStatus, Provider

# How much care a member seeks in the year: (fewest visits, most visits, days between visits).
PROFILES = {"none": 0.55, "light": 0.27, "regular": 0.13, "heavy": 0.05}
_SHAPES = {"light": (1, 4, 35), "regular": (5, 12, 16), "heavy": (13, 30, 7)}
CATEGORY_WEIGHTS = {
    "massage": 0.5,
    "chiropractic": 0.25,
    "acupuncture": 0.2,
    "physical_therapy": 0.3,
}
UNCOVERED_SHARE = 0.03  # episodes of care the member's plan does not cover
STRESS_ONLY_SHARE = 0.03  # massage sought for stress alone
SECOND_EPISODE_SHARE = 0.15
# The usual charge per unit (cents) before a provider's own percentage.
USUAL_CHARGES = {
    "97124": 4500,
    "97140": 4500,
    "97110": 4200,
    "97530": 4600,
    "97161": 15000,
    "97162": 17500,
    "97810": 6500,
    "97811": 4500,
    "97813": 7000,
    "97814": 5000,
    "98940": 6000,
    "98941": 7500,
}
# The conditions each category's visits are for, as groups of codes billed together.
Codes = tuple[str, ...]
DIAGNOSES: Mapping[str, Mapping[Codes, float]] = {
    "massage": {
        ("M54.50",): 3,
        ("M54.2",): 3,
        ("M79.7",): 1,
        ("G89.29",): 1,
        ("G44.209",): 1,
        ("M62.830",): 1,
    },
    "chiropractic": {
        ("M54.50",): 4,
        ("M54.2",): 3,
        ("M54.59",): 1,
        ("G44.209",): 1,
        ("S13.4XXD",): 1,
    },
    "acupuncture": {
        ("M54.50",): 3,
        ("M54.59",): 1,
        ("G89.29",): 1,
        ("M79.7",): 1,
        ("G43.909",): 1,
    },
    "physical_therapy": {
        ("M25.561",): 2,
        ("M54.50",): 2,
        ("S83.511D",): 1,
        ("Z47.1", "Z96.651"): 1,  # aftercare of a knee replacement names the implant
        ("M25.511",): 1,
    },
}
# Medicare covers acupuncture for chronic low back pain only; some ask for fibromyalgia.
MEDICARE_ACUPUNCTURE: Mapping[Codes, float] = {("M54.50",): 8, ("M54.59",): 2, ("M79.7",): 1}
STRESS_ONLY = ("Z73.3",)


@dataclass(frozen=True, slots=True)
class Visit:
    """One visit, billed as one claim; `by_member` when the member paid and asks for
    reimbursement, `complete` when such a request came with every document."""

    member_id: str
    provider_id: str
    category: str
    day: date
    lines: tuple[ClaimLine, ...]
    diagnoses: tuple[str, ...]
    by_member: bool = False
    complete: bool = True


class ProviderPools:
    """Providers by where they work, category and network, for members choosing one."""

    def __init__(self, providers: Iterable[DemoProvider]) -> None:
        self.near: dict[tuple[str, str, str], list[DemoProvider]] = {}
        self.region: dict[tuple[str, str, str], list[DemoProvider]] = {}
        self.outside: dict[tuple[str, str], list[DemoProvider]] = {}
        for p in providers:
            category = p.provider.category
            if p.mode is Mode.OUT_OF_NETWORK:
                self.outside.setdefault((p.region_id or "", category), []).append(p)
            for network in sorted({x.network for x in p.provider.participations}):
                self.near.setdefault((p.anchor_id, category, network), []).append(p)
                self.region.setdefault((p.region_id or "", category, network), []).append(p)

    def choose(
        self, rng: random.Random, member: DemoMember, plan: Plan, category: str
    ) -> DemoProvider | None:
        """A provider near the member in the plan's network; now and then one out of network
        (more often on a PPO, which pays for it), or, for a PPO member's massage, out of every
        region (care while away)."""
        region = member.record.region or ""
        ppo = plan.product is ProductType.PPO
        away = self.outside.get(("", category), [])
        if ppo and category == "massage" and away and chance(rng, 0.02):
            return _preferred(rng, away)
        outside = self.outside.get((region, category), [])
        if outside and chance(rng, 0.15 if ppo else 0.02):
            return _preferred(rng, outside)
        near = self.near.get((member.anchor_id, category, plan.network))
        pool = near or self.region.get((region, category, plan.network))
        if pool:
            return _preferred(rng, pool)
        # No one in network: a few members go out of network anyway.
        return _preferred(rng, outside) if outside and chance(rng, 0.3) else None


def _preferred(rng: random.Random, pool: Sequence[DemoProvider]) -> DemoProvider:
    """A provider from the pool; members looking for care mostly find one who takes new
    patients and whose license is in order, but not always."""
    candidates = [pick(rng, pool) for _ in range(3)]
    good = [p for p in candidates if p.record.accepting_new_patients and _licensed(p.provider)]
    return good[0] if good else candidates[0]


def _licensed(provider: Provider) -> bool:
    return provider.license is None or provider.license.status is LicenseStatus.ACTIVE


@dataclass(frozen=True)
class CareWorld:
    """What generating care reads."""

    plans: Mapping[tuple[str, int], Plan]  # by (plan id, plan year)
    pools: ProviderPools
    history: tuple[date, date]

    def plan_on(self, plan_id: str, day: date) -> Plan:
        return self.plans[(plan_id, day.year)]


def care_of(rng: random.Random, member: DemoMember, world: CareWorld) -> list[Visit]:
    """The member's visits over the history: none for most, one or two episodes of care for
    the rest."""
    profile = pick_weighted(rng, PROFILES)
    if profile == "none":
        return []
    low, high, gap = _SHAPES[profile]
    episodes = 2 if profile != "light" and chance(rng, SECOND_EPISODE_SHARE) else 1
    visits: list[Visit] = []
    for _ in range(episodes):
        visits += _episode(rng, member, world, rng.randint(low, high) // episodes or 1, gap)
    return sorted(visits, key=lambda v: (v.day, v.provider_id))


def _episode(
    rng: random.Random, member: DemoMember, world: CareWorld, count: int, gap: int
) -> list[Visit]:
    start = _first_day(rng, member, world.history)
    plan = world.plan_on(member.plan_id, start)
    category = _category(rng, plan)
    provider = world.pools.choose(rng, member, plan, category) if category else None
    if category is None or provider is None:
        return []
    stress = category == "massage" and chance(rng, STRESS_ONLY_SHARE)
    diagnoses = STRESS_ONLY if stress else _diagnoses(rng, plan, category)
    if not _expects_coverage(plan, category, provider, diagnoses, start):
        # Denied at the first visit or two, the member stops.
        count = min(count, rng.randint(1, 2))
    days = _days(rng, start, count, gap, world, member, category)
    by_member = provider.mode is Mode.OUT_OF_NETWORK and chance(rng, 0.75)
    return [
        _visit(rng, member, provider, category, day, diagnoses, by_member, first=i == 0)
        for i, day in enumerate(days)
    ]


def _expects_coverage(
    plan: Plan, category: str, provider: DemoProvider, diagnoses: Codes, day: date
) -> bool:
    """Whether the plan covers the category from this provider for these diagnoses."""
    benefit = plan.benefit(category)
    if benefit is None or not benefit.covered:
        return False
    in_network = provider.provider.in_network(plan.network, day)
    if not in_network and not benefit.out_of_network.covered:
        return False
    necessity = benefit.necessity
    if necessity is None:
        return True
    finding = assess_medical_necessity(diagnoses, necessity.qualifying, necessity.stress_set)
    return finding.outcome is NecessityOutcome.QUALIFIES


def _first_day(rng: random.Random, member: DemoMember, history: tuple[date, date]) -> date:
    first = max(history[0], member.enrollments[0].start)
    last = max(first, history[1] - timedelta(days=7))
    return date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def _category(rng: random.Random, plan: Plan) -> str | None:
    covered = {c: w for c, w in CATEGORY_WEIGHTS.items() if _covered(plan, c)}
    uncovered = {c: 1.0 for c, b in plan.benefits.items() if not b.covered}
    if uncovered and (not covered or chance(rng, UNCOVERED_SHARE)):
        return pick_weighted(rng, uncovered)
    return pick_weighted(rng, covered) if covered else None


def _covered(plan: Plan, category: str) -> bool:
    benefit = plan.benefit(category)
    return benefit is not None and benefit.covered


def _diagnoses(rng: random.Random, plan: Plan, category: str) -> tuple[str, ...]:
    medicare = plan.product is ProductType.MEDICARE_ADVANTAGE and category == "acupuncture"
    weights = MEDICARE_ACUPUNCTURE if medicare else DIAGNOSES.get(category, DIAGNOSES["massage"])
    first = pick_weighted(rng, weights)
    # Physical therapy's groups already name what goes together.
    if category != "physical_therapy" and chance(rng, 0.25):
        second = pick_weighted(rng, weights)
        return first + second if second != first else first
    return first


def _days(
    rng: random.Random,
    start: date,
    count: int,
    gap: int,
    world: CareWorld,
    member: DemoMember,
    category: str,
) -> list[date]:
    """Visit days from `start`, about `gap` days apart, until `count` visits or the end of the
    history. A member stops a plan year's visits soon after reaching its visit limit, and
    stops coming a month after the coverage ended."""
    days: list[date] = []
    per_year: dict[int, int] = {}
    patience = rng.randint(0, 2)
    day = start
    while len(days) < count and day <= world.history[1]:
        limit = _limit(world.plan_on(member.plan_id, day), category)
        if per_year.get(day.year, 0) < limit + patience and _still_coming(member, day):
            days.append(day)
            per_year[day.year] = per_year.get(day.year, 0) + 1
        day += timedelta(days=max(1, gap + rng.randint(-gap // 3, gap // 3)))
    return days


def _limit(plan: Plan, category: str) -> int:
    limits = [limit.visits for limit in plan.limits_for(category)]
    return min(limits) if limits else 1_000


def _still_coming(member: DemoMember, day: date) -> bool:
    return member.covered_on(day) or member.covered_on(day - timedelta(days=30))


def _visit(
    rng: random.Random,
    member: DemoMember,
    provider: DemoProvider,
    category: str,
    day: date,
    diagnoses: tuple[str, ...],
    by_member: bool,
    first: bool,
) -> Visit:
    plan_a_massage = member.plan_id == "example-a" and category == "massage"
    modality = "tui_na" if plan_a_massage and chance(rng, 0.02) else None
    shapes = _LINE_SHAPES[category](rng, first)
    lines = tuple(
        ClaimLine(
            number=number,
            service_date=day,
            code=code,
            units=units,
            billed=unit_charge(code, provider.charge_percent) * units,
            minutes=minutes,
            modifiers=modifiers,
            modality=modality,
        )
        for number, (code, units, minutes, modifiers) in enumerate(shapes, start=1)
    )
    # Members paying in-network therapists up front and asking for their money back are rare.
    by_member = by_member or (member.plan_id == "example-b" and chance(rng, 0.03))
    complete = not by_member or chance(rng, 0.9)
    return Visit(
        member.member_id, provider.provider.id, category, day, lines, diagnoses, by_member, complete
    )


def unit_charge(code: str, percent: int) -> int:
    """The provider's charge per unit, in whole dollars."""
    return USUAL_CHARGES.get(code, 5000) * percent // 10_000 * 100


LineShape = tuple[str, int, int | None, tuple[str, ...]]


def _massage(rng: random.Random, first: bool) -> list[LineShape]:
    shape = pick_weighted(
        rng, {"hour": 0.6, "45": 0.2, "mixed": 0.12, "30": 0.06, "overbilled": 0.02}
    )
    if shape == "mixed":
        return [("97124", 2, 30, ()), ("97140", 2, 30, ())]
    # An hour billed as 4 units is right; 50 minutes billed as 4 units breaks the 8-minute rule.
    units, minutes = {"hour": (4, 60), "45": (3, 45), "30": (2, 30), "overbilled": (4, 50)}[shape]
    return [("97124", units, minutes, ())]


def _acupuncture(rng: random.Random, first: bool) -> list[LineShape]:
    if chance(rng, 0.2):
        return [("97813", 1, 15, ()), ("97814", 1, 15, ())]
    extra = 2 if chance(rng, 0.12) else 1
    return [("97810", 1, 15, ()), ("97811", extra, 15 * extra, ())]


def _chiropractic(rng: random.Random, first: bool) -> list[LineShape]:
    manipulation = ("98941", 1, None, ()) if chance(rng, 0.3) else ("98940", 1, None, ())
    roll = rng.random()
    if roll < 0.08:  # manual therapy on a distinct region, marked with modifier 59
        return [manipulation, ("97140", 1, 15, ("59",))]
    if roll < 0.1:  # the same without the modifier: bundled into the manipulation
        return [manipulation, ("97140", 1, 15, ())]
    return [manipulation]


def _physical_therapy(rng: random.Random, first: bool) -> list[LineShape]:
    if first:
        return [(pick(rng, ("97161", "97162")), 1, None, ()), ("97110", 1, 15, ())]
    return [("97110", 2, 30, ()), (pick(rng, ("97140", "97530")), 1, 15, ())]


_LINE_SHAPES = {
    "massage": _massage,
    "acupuncture": _acupuncture,
    "chiropractic": _chiropractic,
    "physical_therapy": _physical_therapy,
}
