"""The k-nearest search is exact: for random clouds of points, origins and admission rules it
returns what brute force over every point returns (ties by id), through an index that only
answers boxes."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camnav.domain.directory import Located, Near, nearest
from camnav.domain.places import Box, GeoPoint, distance_km


class BoxIndex:
    """A stand-in spatial index: it answers boxes only, and counts what it was asked."""

    def __init__(self, points: Sequence[Located]) -> None:
        self.points, self.queries = points, 0

    def within(self, boxes: tuple[Box, ...]) -> list[Located]:
        self.queries += 1
        return [p for p in self.points if any(b.contains(p.point) for b in boxes)]


def brute_force(
    origin: GeoPoint, k: int, points: Sequence[Located], admitted: set[str]
) -> list[tuple[float, str]]:
    ranked = sorted((distance_km(origin, p.point), p.id) for p in points if p.id in admitted)
    return ranked[:k]


def search(
    origin: GeoPoint, k: int, points: Sequence[Located], admitted: set[str]
) -> list[Near[str]]:
    def admit(ids: Sequence[str]) -> Mapping[str, str]:
        return {id_: id_ for id_ in ids if id_ in admitted}

    return nearest(origin, k, BoxIndex(points).within, admit)


def cloud(rng: random.Random, count: int, centre: GeoPoint, spread: float) -> list[Located]:
    points = []
    for number in range(count):
        latitude = max(-90.0, min(90.0, centre.latitude + rng.gauss(0, spread)))
        longitude = (centre.longitude + rng.gauss(0, spread) + 540) % 360 - 180
        points.append(Located(f"P{number:05d}", GeoPoint(latitude, longitude)))
    # Providers of one ZIP code share its centroid: many exact ties.
    return points + [Located(f"T{p.id}", p.point) for p in points[: count // 5]]


@settings(max_examples=100, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    k=st.integers(1, 40),
    spread=st.sampled_from([0.01, 0.2, 2.0, 30.0]),
    centre_latitude=st.floats(-89.9, 89.9),
    centre_longitude=st.floats(-180, 180),
    share=st.floats(0.0, 1.0),
)
def test_nearest_equals_brute_force(
    seed: int,
    k: int,
    spread: float,
    centre_latitude: float,
    centre_longitude: float,
    share: float,
) -> None:
    rng = random.Random(seed)
    centre = GeoPoint(centre_latitude, centre_longitude)
    points = cloud(rng, 300, centre, spread)
    admitted = {p.id for p in points if rng.random() < share}
    origin = rng.choice(points).point if rng.random() < 0.5 else centre
    found = search(origin, k, points, admitted)
    expected = brute_force(origin, k, points, admitted)
    assert [n.id for n in found] == [id_ for _, id_ in expected]
    assert [n.distance_km for n in found] == pytest.approx([d for d, _ in expected])


@pytest.mark.parametrize(
    "origin",
    [GeoPoint(51.88, 179.99), GeoPoint(51.88, -179.99), GeoPoint(89.99, 0), GeoPoint(-89.9, 45)],
)
def test_across_the_180th_meridian_and_around_the_poles(origin: GeoPoint) -> None:
    rng = random.Random(7)
    points = cloud(rng, 400, origin, 1.5)
    admitted = {p.id for p in points}
    found = search(origin, 25, points, admitted)
    assert [n.id for n in found] == [i for _, i in brute_force(origin, 25, points, admitted)]


def test_fewer_admitted_than_k_returns_them_all_nearest_first() -> None:
    rng = random.Random(3)
    points = cloud(rng, 200, GeoPoint(40, -100), 10)
    admitted = {points[5].id, points[70].id, points[150].id}
    found = search(GeoPoint(-40, 80), 20, points, admitted)
    assert [n.id for n in found] == [
        i for _, i in brute_force(GeoPoint(-40, 80), 20, points, admitted)
    ]
    assert len(found) == 3


def test_nothing_admitted_searches_the_whole_globe_and_returns_nothing() -> None:
    index = BoxIndex([Located("A", GeoPoint(0, 0))])
    assert nearest(GeoPoint(10, 10), 5, index.within, lambda ids: {}) == []
    assert index.queries < 12  # the radius grows geometrically up to half the circumference


def test_a_dense_neighbourhood_is_answered_in_one_box_query() -> None:
    rng = random.Random(11)
    points = cloud(rng, 2000, GeoPoint(45.5, -122.6), 0.02)
    index = BoxIndex(points)
    found = nearest(GeoPoint(45.5, -122.6), 20, index.within, lambda ids: dict.fromkeys(ids, 1))
    assert len(found) == 20 and index.queries == 1
    assert math.isfinite(found[-1].distance_km)
