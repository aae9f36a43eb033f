"""Therapists: employed at medical centers where a region delivers a category with its own staff,
contracted through practices where it uses a network, and some out of network everywhere."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from camnav.demo.geography import Anchor, Place, jittered, place
from camnav.demo.licenses import license_for
from camnav.demo.names import first_name, last_name
from camnav.demo.npi import INDIVIDUAL, new_npis
from camnav.demo.practices import Practice
from camnav.demo.seeds import chance, pick
from camnav.domain.plans import DeliveryMode
from camnav.domain.providers import TAXONOMY_CATEGORIES, LicensingPolicy, Participation, Provider
from camnav.domain.regions import Region
from camnav.services.ports import ProviderRecord


class Mode(StrEnum):
    """How a provider relates to Example Health."""

    EMPLOYED = "employed"
    CONTRACTED = "contracted"
    OUT_OF_NETWORK = "out_of_network"


# Massage therapists are the most numerous (the brief); the rest share the remainder.
CATEGORY_SHARES = {
    "massage": 0.52,
    "acupuncture": 0.16,
    "chiropractic": 0.16,
    "physical_therapy": 0.16,
}
# Where a region delivers a category through none of employed staff or a network, fewer
# practitioners are in the directory: only those members found on their own.
UNDELIVERED_WEIGHT = 0.4
OUT_OF_AREA_MASSAGE_SHARE = 0.01

TAXONOMIES = {category: code for code, category in TAXONOMY_CATEGORIES.items()}
_ABBREVIATIONS = {
    "massage": "MT",
    "acupuncture": "AC",
    "chiropractic": "DC",
    "physical_therapy": "PT",
}
_CREDENTIALS = {
    "massage": "LMT",
    "acupuncture": "LAc",
    "chiropractic": "DC",
    "physical_therapy": "DPT",
}
_FEMALE_SHARE = {"massage": 0.8, "acupuncture": 0.55, "chiropractic": 0.3, "physical_therapy": 0.6}
_LANGUAGES: Mapping[str, Mapping[str, float]] = {
    "northwest": {"Spanish": 0.1, "Russian": 0.04, "Vietnamese": 0.04},
    "washington": {"Spanish": 0.1, "Chinese": 0.06, "Vietnamese": 0.05, "Russian": 0.04},
    "northern_california": {"Spanish": 0.25, "Chinese": 0.15, "Tagalog": 0.06},
    "southern_california": {"Spanish": 0.35, "Korean": 0.06, "Chinese": 0.06},
    "colorado": {"Spanish": 0.15},
    "georgia": {"Spanish": 0.1, "Korean": 0.04},
    "mid_atlantic": {"Spanish": 0.12, "Amharic": 0.03, "Korean": 0.04},
    "hawaii": {"Tagalog": 0.15, "Japanese": 0.12, "Ilocano": 0.05},
}
_MODE_SPLITS = {
    (True, True): {Mode.EMPLOYED: 0.35, Mode.CONTRACTED: 0.55, Mode.OUT_OF_NETWORK: 0.10},
    (True, False): {Mode.EMPLOYED: 0.85, Mode.OUT_OF_NETWORK: 0.15},
    (False, True): {Mode.CONTRACTED: 0.88, Mode.OUT_OF_NETWORK: 0.12},
    (False, False): {Mode.OUT_OF_NETWORK: 1.0},
}


SlotKey = tuple[str | None, str, Mode]


@dataclass(frozen=True, slots=True)
class Slot:
    """How many providers of a category a region (None: out of every region) has in one mode."""

    region_id: str | None
    category: str
    mode: Mode
    count: int


@dataclass(frozen=True, slots=True)
class DemoProvider:
    """A provider with where it works (region, anchor), how it relates to the plan, and its
    charges."""

    record: ProviderRecord
    region_id: str | None
    anchor_id: str
    mode: Mode
    charge_percent: int  # the provider's charges as a percentage of the usual charge

    @property
    def provider(self) -> Provider:
        return self.record.provider


def allocate(total: int, regions: Sequence[Region], shares: Mapping[str, float]) -> list[Slot]:
    """Split `total` providers over regions (by `shares`), categories and modes, every count
    rounded so the whole adds up to `total`."""
    weights: dict[SlotKey, float] = {}
    for region in regions:
        for category, share in CATEGORY_SHARES.items():
            modes = region.modes(category)
            key = (DeliveryMode.EMPLOYED in modes, DeliveryMode.NETWORK in modes)
            weight = shares.get(region.id, 0.1) * share * (1.0 if any(key) else UNDELIVERED_WEIGHT)
            for mode, part in _MODE_SPLITS[key].items():
                weights[(region.id, category, mode)] = weight * part
    weights[(None, "massage", Mode.OUT_OF_NETWORK)] = OUT_OF_AREA_MASSAGE_SHARE
    counts = _apportion(total, weights)
    return [Slot(r, c, m, counts[(r, c, m)]) for (r, c, m) in weights if counts[(r, c, m)]]


def _apportion(total: int, weights: Mapping[SlotKey, float]) -> dict[SlotKey, int]:
    """Largest-remainder rounding of `total` in proportion to the weights."""
    scale = total / sum(weights.values())
    exact = {key: weight * scale for key, weight in weights.items()}
    counts = {key: int(value) for key, value in exact.items()}
    by_remainder = sorted(exact, key=lambda key: (counts[key] - exact[key], str(key)))
    for key in by_remainder[: total - sum(counts.values())]:
        counts[key] += 1
    return counts


@dataclass(frozen=True, slots=True)
class Workplace:
    """Where a provider works and the networks it takes part in through that work."""

    place: Place
    anchor_id: str
    organization_id: str | None = None
    employed_at: str = ""
    participations: tuple[Participation, ...] = ()


@dataclass(frozen=True)
class ProviderWorld:
    """What placing providers reads: regions and their anchors, practices, licensing policy."""

    regions: Mapping[str, Region]
    anchors: Mapping[str, tuple[Anchor, ...]]  # by region id
    out_of_area: tuple[Anchor, ...]
    practices: Sequence[Practice]
    policy: LicensingPolicy
    today: date
    staff_networks: tuple[str, ...]  # the networks employed staff take part in

    def practices_of(self, region_id: str | None, category: str) -> list[Practice]:
        return [
            p
            for p in self.practices
            if p.organization.region == region_id and p.category == category
        ]

    def centers_of(self, region_id: str | None, category: str) -> list[Anchor]:
        """The anchors of the region's medical centers that employ staff of the category."""
        region = self.regions.get(region_id or "")
        if region is None:
            return []
        employing = {center.id for center in region.centers_for(category)}
        return [anchor for anchor in self.anchors[region.id] if anchor.id in employing]


def new_providers(
    rng: random.Random, slots: Sequence[Slot], world: ProviderWorld
) -> list[DemoProvider]:
    """The providers of every slot, numbered in order."""
    npis = new_npis(rng, sum(slot.count for slot in slots), INDIVIDUAL)
    providers: list[DemoProvider] = []
    for slot in slots:
        workplaces = _workplaces(rng, slot, world)
        for _ in range(slot.count):
            number = len(providers)
            workplace = workplaces(rng)
            providers.append(_provider(rng, slot, workplace, npis[number], number + 1, world))
    return providers


WorkplaceDraw = Callable[[random.Random], Workplace]


def _workplaces(rng: random.Random, slot: Slot, world: ProviderWorld) -> WorkplaceDraw:
    """How the slot's providers find work; a slot with no practice or center to join practises
    out of network."""
    practices = world.practices_of(slot.region_id, slot.category)
    centers = world.centers_of(slot.region_id, slot.category)
    if slot.mode is Mode.CONTRACTED and practices:
        return lambda r: _at_practice(r, pick(r, practices))
    if slot.mode is Mode.EMPLOYED and centers:
        return lambda r: _at_center(r, pick(r, centers), world.staff_networks)
    anchors = world.anchors[slot.region_id] if slot.region_id else world.out_of_area
    return lambda r: _on_own(r, pick(r, anchors))


def _at_practice(rng: random.Random, practice: Practice) -> Workplace:
    return Workplace(
        place(rng, practice.anchor),
        practice.anchor.id,
        organization_id=practice.organization.id,
        participations=practice.participations,
    )


def _at_center(rng: random.Random, center: Anchor, networks: Sequence[str]) -> Workplace:
    hired = date(rng.randint(2008, 2024), rng.randint(1, 12), 1)
    return Workplace(
        jittered(rng, center.location),
        center.id,
        employed_at=center.id,
        participations=tuple(Participation(network, hired) for network in networks),
    )


def _on_own(rng: random.Random, anchor: Anchor) -> Workplace:
    return Workplace(place(rng, anchor), anchor.id)


def _provider(
    rng: random.Random,
    slot: Slot,
    workplace: Workplace,
    npi: str,
    number: int,
    world: ProviderWorld,
) -> DemoProvider:
    spot, category = workplace.place, slot.category
    gender = "female" if chance(rng, _FEMALE_SHARE[category]) else "male"
    credential = "CMT" if category == "massage" and spot.state == "CA" else _CREDENTIALS[category]
    in_network = slot.mode is not Mode.OUT_OF_NETWORK
    provider = Provider(
        id=f"P-{spot.state}-{_ABBREVIATIONS[category]}-{number:05d}",
        name=f"{first_name(rng, gender)} {last_name(rng)}, {credential}",
        category=category,
        state=spot.state,
        npi=npi,
        license=license_for(rng, category, spot.state, world.policy, world.today),
        participations=workplace.participations,
        # Credentialing is done on joining a network; some out-of-area therapists did it too.
        credentialed=in_network or (slot.region_id is None and chance(rng, 0.6)),
        discount_participant=slot.mode is Mode.CONTRACTED and category != "physical_therapy",
        employed_at=workplace.employed_at,
    )
    record = ProviderRecord(
        provider=provider,
        taxonomy=TAXONOMIES[category],
        zip_code=spot.zip_code,
        latitude=spot.latitude,
        longitude=spot.longitude,
        organization_id=workplace.organization_id,
        accepting_new_patients=chance(rng, 0.85),
        languages=_languages(rng, slot.region_id),
        gender=gender,
    )
    return DemoProvider(
        record, slot.region_id, workplace.anchor_id, slot.mode, rng.randint(90, 130)
    )


def _languages(rng: random.Random, region_id: str | None) -> tuple[str, ...]:
    spoken = _LANGUAGES.get(region_id or "", {})
    return ("English", *(language for language, share in spoken.items() if chance(rng, share)))


def practice_counts(slots: Sequence[Slot], wanted: int) -> dict[tuple[str, str], int]:
    """Practices per (region, category) of contracted providers, in proportion to them, at least
    one each (so the total can exceed `wanted` when there are few)."""
    contracted = [s for s in slots if s.mode is Mode.CONTRACTED and s.region_id is not None]
    total = sum(s.count for s in contracted) or 1
    return {
        (s.region_id or "", s.category): max(1, round(wanted * s.count / total)) for s in contracted
    }
