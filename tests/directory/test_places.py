"""Great-circle distances, and boxes that contain every point within a radius (around the 180th
meridian and over the poles too)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camnav.domain.places import EARTH_RADIUS_KM, GeoPoint, boxes_around, distance_km

PORTLAND = GeoPoint(45.5152, -122.6784)
SEATTLE = GeoPoint(47.6062, -122.3321)


def test_portland_to_seattle_is_about_234_km() -> None:
    assert distance_km(PORTLAND, SEATTLE) == pytest.approx(234.0, abs=0.5)
    assert distance_km(SEATTLE, PORTLAND) == distance_km(PORTLAND, SEATTLE)
    assert distance_km(PORTLAND, PORTLAND) == 0


def test_antipodes_are_half_the_circumference_apart() -> None:
    far = distance_km(GeoPoint(0, 0), GeoPoint(0, 180))
    assert far == pytest.approx(math.pi * EARTH_RADIUS_KM)


def test_a_circle_across_the_180th_meridian_takes_two_boxes() -> None:
    boxes = boxes_around(GeoPoint(51.9, 179.9), 50)
    assert len(boxes) == 2
    assert any(b.contains(GeoPoint(51.9, -179.8)) for b in boxes)


def test_a_circle_over_a_pole_takes_every_longitude() -> None:
    (box,) = boxes_around(GeoPoint(89.5, 10), 100)
    assert (box.max_latitude, box.min_longitude, box.max_longitude) == (90, -180, 180)


def destination(start: GeoPoint, bearing: float, km: float) -> GeoPoint:
    """The point `km` from `start` along the great circle leaving it at `bearing` (radians)."""
    lat, lon, delta = (
        math.radians(start.latitude),
        math.radians(start.longitude),
        km / EARTH_RADIUS_KM,
    )
    lat2 = math.asin(
        math.sin(lat) * math.cos(delta) + math.cos(lat) * math.sin(delta) * math.cos(bearing)
    )
    lon2 = lon + math.atan2(
        math.sin(bearing) * math.sin(delta) * math.cos(lat),
        math.cos(delta) - math.sin(lat) * math.sin(lat2),
    )
    longitude = (math.degrees(lon2) + 540) % 360 - 180
    return GeoPoint(max(-90.0, min(90.0, math.degrees(lat2))), longitude)


@settings(max_examples=400, deadline=None)
@given(
    latitude=st.floats(-89.99, 89.99),
    longitude=st.floats(-180, 180),
    radius=st.floats(0.001, 21_000),
    share=st.floats(0, 1),
    bearing=st.floats(0, 2 * math.pi),
)
def test_every_point_within_the_radius_lies_in_a_box(
    latitude: float, longitude: float, radius: float, share: float, bearing: float
) -> None:
    centre = GeoPoint(latitude, longitude)
    point = destination(centre, bearing, min(radius * share, math.pi * EARTH_RADIUS_KM))
    assert any(box.contains(point) for box in boxes_around(centre, radius))
