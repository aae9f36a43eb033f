"""Where things are: real US ZIP code centroids (the `zipcodes` package), the regions' medical
centers, and the ZIP codes around each center where the demo's members and providers live.

Each region's people cluster around its medical centers (a region is a metro area or two, not a
whole state), so every center is an *anchor* with the standard ZIP codes within a radius of it.
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import zipcodes

from camnav.demo.seeds import pick
from camnav.domain.plans import DeliveryMode
from camnav.domain.regions import MedicalCenter, Region

ANCHOR_RADIUS_KM = 30.0
# New centers sit in the same metro area as the region's others, but not next door to one.
NEW_CENTER_KM = (8.0, 35.0)
# Homes and offices are placed within this distance of their ZIP code's centroid.
JITTER_KM = 0.25
# States with no statewide massage license (licensing.yaml): therapists there practise without one.
UNLICENSED_MASSAGE_STATES = ("KS", "MN", "VT", "WY")
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True, slots=True)
class ZipCentroid:
    zip_code: str
    state: str
    city: str
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Place:
    """A point near a ZIP code's centroid."""

    zip_code: str
    state: str
    city: str
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Anchor:
    """A medical center (or, out of every region, a state) and the ZIP codes around it."""

    id: str
    region_id: str | None
    location: ZipCentroid
    zips: tuple[ZipCentroid, ...]


class ZipIndex:
    """The active standard (street-address) ZIP codes, by code and by state."""

    def __init__(self, centroids: Iterable[ZipCentroid]) -> None:
        self._by_code = {c.zip_code: c for c in centroids}
        self._by_state: dict[str, list[ZipCentroid]] = {}
        for centroid in sorted(self._by_code.values(), key=lambda c: c.zip_code):
            self._by_state.setdefault(centroid.state, []).append(centroid)

    def get(self, zip_code: str) -> ZipCentroid | None:
        return self._by_code.get(zip_code)

    def in_states(self, states: Iterable[str]) -> tuple[ZipCentroid, ...]:
        return tuple(c for state in states for c in self._by_state.get(state, ()))


@functools.cache
def zip_index() -> ZipIndex:
    """The index of the `zipcodes` package's data (read once: listing it takes about a second)."""
    # zipcodes ships no type hints.
    listed: list[dict[str, Any]] = zipcodes.list_all()  # type: ignore[no-untyped-call]
    return ZipIndex(
        ZipCentroid(z["zip_code"], z["state"], z["city"], float(z["lat"]), float(z["long"]))
        for z in listed
        if z["zip_code_type"] == "STANDARD" and z["active"] and z["lat"] and z["long"]
    )


def distance_km(a: ZipCentroid, b: ZipCentroid) -> float:
    """Great-circle (haversine) distance between two centroids."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat, dlon = lat2 - lat1, math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def place(rng: random.Random, anchor: Anchor) -> Place:
    """A point near one of the anchor's ZIP code centroids."""
    centroid = pick(rng, anchor.zips)
    return jittered(rng, centroid)


def jittered(rng: random.Random, centroid: ZipCentroid) -> Place:
    """A point within JITTER_KM of the centroid, so neighbours do not share one map pin."""
    distance, bearing = JITTER_KM * math.sqrt(rng.random()), rng.random() * 2 * math.pi
    dlat = distance * math.cos(bearing) / 111.32
    dlon = distance * math.sin(bearing) / (111.32 * math.cos(math.radians(centroid.latitude)))
    return Place(
        centroid.zip_code,
        centroid.state,
        centroid.city,
        round(centroid.latitude + dlat, 6),
        round(centroid.longitude + dlon, 6),
    )


def add_centers(
    regions: Mapping[str, Region], index: ZipIndex, rng: random.Random, wanted: int
) -> dict[str, Region]:
    """The regions with medical centers added, one at a time to the region with the fewest, until
    there are `wanted` in all; each new one at a real ZIP code in its region's metro area."""
    result = dict(regions)
    while sum(len(r.medical_centers) for r in result.values()) < wanted:
        smallest = min(result.values(), key=lambda r: (len(r.medical_centers), r.id))
        result[smallest.id] = _with_new_center(smallest, index, rng)
    return result


def _with_new_center(region: Region, index: ZipIndex, rng: random.Random) -> Region:
    existing = [index.get(c.zip_code) for c in region.medical_centers]
    centers = [c for c in existing if c is not None]
    low, high = NEW_CENTER_KM
    candidates = [
        z
        for z in index.in_states(region.states)
        if min(distance_km(z, c) for c in centers) >= low
        and any(distance_km(z, c) <= high for c in centers)
    ]
    spot = pick(rng, candidates)
    prefix = region.medical_centers[0].id.split("-")[0] if region.medical_centers else region.id
    slug = "-".join(spot.city.lower().split())
    employed = tuple(
        category for category, modes in region.delivery.items() if DeliveryMode.EMPLOYED in modes
    )
    center = MedicalCenter(
        f"{prefix}-{slug}-{spot.zip_code}",
        f"{spot.city.title()} Medical Offices ({spot.city.title()}, {spot.state})",
        spot.zip_code,
        employed,
    )
    return replace(region, medical_centers=(*region.medical_centers, center))


def anchors_of(region: Region, index: ZipIndex) -> tuple[Anchor, ...]:
    """One anchor per medical center, with the region's ZIP codes within ANCHOR_RADIUS_KM."""
    in_region = index.in_states(region.states)
    anchors = []
    for center in region.medical_centers:
        location = index.get(center.zip_code)
        if location is None:
            raise ValueError(f"medical center {center.id}: {center.zip_code} is not a known ZIP")
        near = tuple(z for z in in_region if distance_km(z, location) <= ANCHOR_RADIUS_KM)
        anchors.append(Anchor(center.id, region.id, location, near or (location,)))
    return tuple(anchors)


def out_of_area_anchors(index: ZipIndex, states: Sequence[str]) -> tuple[Anchor, ...]:
    """Anchors for states outside every region: any standard ZIP code of the state."""
    anchors = []
    for state in states:
        zips = index.in_states((state,))
        anchors.append(Anchor(f"out-of-area-{state.lower()}", None, zips[0], zips))
    return tuple(anchors)


def center_coordinates(
    regions: Iterable[Region], index: ZipIndex
) -> dict[str, tuple[float, float]]:
    """Each medical center's (latitude, longitude): its ZIP code's centroid."""
    found: dict[str, tuple[float, float]] = {}
    for region in regions:
        for center in region.medical_centers:
            centroid = index.get(center.zip_code)
            if centroid is not None:
                found[center.id] = (centroid.latitude, centroid.longitude)
    return found
