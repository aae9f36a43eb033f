"""Contracted practices: organizations under one tax id, placed near a medical center, with
their contracts with Example Health's networks."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from camnav.demo.geography import Anchor, place
from camnav.demo.names import last_name
from camnav.demo.npi import ORGANIZATION, new_npis
from camnav.demo.seeds import chance, pick
from camnav.domain.providers import Participation
from camnav.services.ports import Contract, Organization

COMMERCIAL_NETWORK = "example-health-network"
MEDICARE_NETWORK = "example-health-medicare-network"
NETWORK_NAMES = {
    COMMERCIAL_NETWORK: "Example Health Network",
    MEDICARE_NETWORK: "Example Health Medicare Advantage Network",
}
# Share of eligible practices that also contract for Medicare Advantage members.
MEDICARE_SHARE = 0.6
# Share of contracts that ended during the year of history: their providers turn out of network.
TERMINATED_SHARE = 0.02

_KINDS = {
    "massage": ("Massage Therapy", "Therapeutic Massage", "Bodywork Studio", "Massage & Wellness"),
    "acupuncture": ("Acupuncture", "Acupuncture & Herbs", "Community Acupuncture"),
    "chiropractic": ("Chiropractic", "Family Chiropractic", "Spine & Wellness Center"),
    "physical_therapy": ("Physical Therapy", "Sports & Spine Physical Therapy", "Rehab Associates"),
}


@dataclass(frozen=True, slots=True)
class Practice:
    organization: Organization
    category: str
    anchor: Anchor
    contracts: tuple[Contract, ...]

    @property
    def participations(self) -> tuple[Participation, ...]:
        """What a provider of the practice holds: the practice's contracts."""
        return tuple(Participation(c.network, c.start, c.end) for c in self.contracts)


@dataclass(frozen=True, slots=True)
class PracticeNeed:
    """How many practices a region needs for one category, and which networks may contract."""

    region_id: str
    category: str
    count: int
    networks: tuple[str, ...]


def new_practices(
    rng: random.Random,
    needs: Sequence[PracticeNeed],
    anchors: Mapping[str, tuple[Anchor, ...]],
    history: tuple[date, date],
) -> list[Practice]:
    """The practices of every need, numbered in order, each near one of its region's centers."""
    total = sum(need.count for need in needs)
    npis = new_npis(rng, total, ORGANIZATION)
    tins = rng.sample(range(100_000_000, 1_000_000_000), total)
    practices: list[Practice] = []
    for need in needs:
        for _ in range(need.count):
            number = len(practices)
            anchor = pick(rng, anchors[need.region_id])
            organization = _organization(rng, number, need, anchor, npis[number], tins[number])
            contracts = _contracts(rng, organization.id, need.networks, history)
            practices.append(Practice(organization, need.category, anchor, contracts))
    return practices


def _organization(
    rng: random.Random, number: int, need: PracticeNeed, anchor: Anchor, npi: str, tin: int
) -> Organization:
    spot = place(rng, anchor)
    owner = spot.city.title() if chance(rng, 0.5) else last_name(rng)
    return Organization(
        id=f"ORG-{number + 1:04d}",
        name=f"{owner} {pick(rng, _KINDS[need.category])}",
        tin=f"{tin:09d}",
        npi=npi,
        zip_code=spot.zip_code,
        region=need.region_id,
    )


def _contracts(
    rng: random.Random, organization_id: str, networks: Sequence[str], history: tuple[date, date]
) -> tuple[Contract, ...]:
    start = date(rng.randint(2008, 2024), rng.randint(1, 12), 1)
    end = _termination(rng, history) if chance(rng, TERMINATED_SHARE) else None
    contracts = [Contract(organization_id, COMMERCIAL_NETWORK, start, end)]
    if MEDICARE_NETWORK in networks and chance(rng, MEDICARE_SHARE):
        medicare_start = max(start, date(2019, 1, 1))
        contracts.append(Contract(organization_id, MEDICARE_NETWORK, medicare_start, end))
    return tuple(contracts)


def _termination(rng: random.Random, history: tuple[date, date]) -> date:
    """The last day of a month inside the history, at least two months before its end."""
    first, last = history
    day = date.fromordinal(rng.randint(first.toordinal() + 30, last.toordinal() - 60))
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)
