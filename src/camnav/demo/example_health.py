"""The synthetic Example Health, imagined in memory from a seed before anything is written.

Every concept draws from its own random stream (camnav.demo.seeds), in a fixed order, so the
same seed, size and day give the same plan, down to the last claim.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from camnav.demo.accounts import DemoAccount, demo_accounts
from camnav.demo.care import CareWorld, ProviderPools, care_of
from camnav.demo.cast import Cast, cast_of, panel_of
from camnav.demo.documents import Papers, PlanOn, papers_for
from camnav.demo.geography import (
    UNLICENSED_MASSAGE_STATES,
    Anchor,
    add_centers,
    anchors_of,
    center_coordinates,
    out_of_area_anchors,
    zip_index,
)
from camnav.demo.history import Decided, Engine, claim_ids, claims_of, decide, final_usage
from camnav.demo.members import MEMBER_NUMBER_START, DemoMember, Membership, new_members
from camnav.demo.practices import Practice, PracticeNeed, new_practices
from camnav.demo.progress import Steps
from camnav.demo.providers import (
    DemoProvider,
    ProviderWorld,
    allocate,
    new_providers,
    practice_counts,
)
from camnav.demo.seeds import stream
from camnav.domain.plans import Plan
from camnav.domain.regions import Region
from camnav.library.library import PlanLibrary

MEDICAL_CENTERS = 40
# How Example Health's members and providers spread over its regions.
REGION_SHARES = {
    "northwest": 0.18,
    "washington": 0.18,
    "northern_california": 0.14,
    "southern_california": 0.16,
    "colorado": 0.11,
    "georgia": 0.09,
    "mid_atlantic": 0.10,
    "hawaii": 0.04,
}


@dataclass(frozen=True, slots=True)
class DemoSize:
    """How big a demo to build; the default is the full demo."""

    members: int = 20_000
    providers: int = 5_200
    practices: int = 300


@dataclass
class ExampleHealth:
    """Everything the demo writes, and the claims as the engine decided them."""

    today: date
    history: tuple[date, date]
    regions: dict[str, Region]
    coordinates: dict[str, tuple[float, float]]
    networks: tuple[str, ...]
    practices: list[Practice]
    providers: list[DemoProvider]
    members: list[DemoMember]
    cast: Cast
    accounts: tuple[DemoAccount, ...]
    panel: tuple[str, ...]
    papers: dict[str, Papers] = field(default_factory=dict)
    decided: dict[str, list[Decided]] = field(default_factory=dict)
    usage: dict[str, int] = field(default_factory=dict)

    @property
    def claim_count(self) -> int:
        return sum(len(claims) for claims in self.decided.values())


def history_span(today: date, library: PlanLibrary) -> tuple[date, date]:
    """The year of history: from the first day of the month a year before today's month (or
    the first day the plans cover) to today."""
    start = date(today.year - 1, today.month + 1, 1) if today.month < 12 else date(today.year, 1, 1)
    return max(start, min(plan.effective_from for plan in library.plans)), today


@dataclass(frozen=True)
class _Setting:
    """What every part of the imagined plan reads: the seed, the day, the regions' geography."""

    library: PlanLibrary
    seed: int
    today: date
    history: tuple[date, date]
    years: tuple[int, ...]
    regions: dict[str, Region]
    anchors: dict[str, tuple[Anchor, ...]]
    offered: dict[str, list[Plan]]


def imagine(
    library: PlanLibrary, seed: int, size: DemoSize, today: date, steps: Steps
) -> ExampleHealth:
    """The whole demo in memory; claims decided by the engine."""
    setting = _setting(library, seed, today, steps)
    practices, providers = _directory(setting, size)
    steps.start("providers", 2 * len(providers))
    steps.advance("providers", len(providers))
    membership = Membership(setting.offered, setting.anchors, setting.years, setting.history)
    cast = cast_of(stream(seed, "cast"), membership, providers, today)
    first = MEMBER_NUMBER_START + len(cast.members)
    count = max(size.members - len(cast.members), 0)
    members = [
        *cast.members,
        *new_members(stream(seed, "members"), count, REGION_SHARES, membership, first),
    ]
    steps.start("members", 2 * len(members))
    health = ExampleHealth(
        today,
        setting.history,
        setting.regions,
        center_coordinates(setting.regions.values(), zip_index()),
        tuple(sorted({plan.network for plan in library.plans})),
        practices,
        providers,
        members,
        cast,
        demo_accounts(cast),
        panel_of(cast, members),
    )
    _history(health, library, seed, setting.years, steps)
    return health


def _setting(library: PlanLibrary, seed: int, today: date, steps: Steps) -> _Setting:
    """The history's span and years, the regions with their centers and anchors, the plans."""
    history = history_span(today, library)
    years = tuple(range(history[0].year, today.year + 1))
    index = zip_index()
    regions = add_centers(library.regions, index, stream(seed, "centers"), MEDICAL_CENTERS)
    steps.start("regions", 2 * len(regions))
    anchors = {}
    for region_id, region in regions.items():
        anchors[region_id] = anchors_of(region, index)
        steps.advance("regions")
    offered = offered_plans(library, regions, years)
    return _Setting(library, seed, today, history, years, regions, anchors, offered)


def offered_plans(
    library: PlanLibrary, regions: Mapping[str, Region], years: Sequence[int]
) -> dict[str, list[Plan]]:
    """Per region, the plans (their latest version) with a version for every year of the
    history that list the region."""
    offered: dict[str, list[Plan]] = {region_id: [] for region_id in regions}
    for plan_id in library.plan_ids:
        versions = library.versions(plan_id)
        if all(any(v.plan_year == year for v in versions) for year in years):
            for region_id in versions[-1].regions:
                offered.setdefault(region_id, []).append(versions[-1])
    return offered


def _directory(setting: _Setting, size: DemoSize) -> tuple[list[Practice], list[DemoProvider]]:
    """The practices and providers."""
    slots = allocate(size.providers, list(setting.regions.values()), REGION_SHARES)
    needs = [
        PracticeNeed(
            region_id, category, count, _networks(setting.offered.get(region_id, ()), category)
        )
        for (region_id, category), count in practice_counts(slots, size.practices).items()
    ]
    practices = new_practices(
        stream(setting.seed, "practices"), needs, setting.anchors, setting.history
    )
    library = setting.library
    world = ProviderWorld(
        setting.regions,
        setting.anchors,
        out_of_area_anchors(zip_index(), UNLICENSED_MASSAGE_STATES),
        practices,
        library.rules.licensing,
        setting.today,
        tuple(sorted({plan.network for plan in library.plans})),
    )
    return practices, new_providers(stream(setting.seed, "providers"), slots, world)


def _networks(plans: Sequence[Plan], category: str) -> tuple[str, ...]:
    """The networks of the plans that cover a category."""
    return tuple(
        sorted({p.network for p in plans if (b := p.benefit(category)) is not None and b.covered})
    )


def _history(
    health: ExampleHealth, library: PlanLibrary, seed: int, years: Sequence[int], steps: Steps
) -> None:
    """Each member's care and documents, then the claims, decided member by member."""
    plans = {(p.id, p.plan_year): p for p in library.plans if p.plan_year in years}
    world = CareWorld(plans, ProviderPools(health.providers), health.history)
    care, documents = stream(seed, "care"), stream(seed, "documents")
    for member in health.members:
        steps.advance("members")
        if member.member_id in health.cast.papers:
            health.papers[member.member_id] = health.cast.papers[member.member_id]
            continue
        visits = care_of(care, member, world)
        plan_on = _plan_on(world, member.plan_id)
        health.papers[member.member_id] = papers_for(
            documents, member.member_id, visits, plan_on, health.today
        )
    ids = claim_ids({m: p.visits for m, p in health.papers.items()})
    steps.start("claims", 2 * len(ids))
    providers = {p.provider.id: p.provider for p in health.providers}
    engine = Engine(plans, providers, library.rules, health.today)
    arrivals = stream(seed, "claims")
    for member in health.members:
        papers = health.papers[member.member_id]
        claims = claims_of(arrivals, member, papers.visits, ids, engine)
        health.decided[member.member_id] = decide(member, claims, papers, engine)
        health.usage.update(final_usage(health.decided[member.member_id], papers))
        steps.advance("claims", len(claims))


def _plan_on(world: CareWorld, plan_id: str) -> PlanOn:
    return lambda day: world.plan_on(plan_id, day)
