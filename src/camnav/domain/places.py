"""Points on the Earth, great-circle distances, and the latitude/longitude boxes that contain
every point within a distance (what a spatial index can answer).

The Earth is a sphere of the mean radius; distances are haversine great-circle distances.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344
# Half the circumference: no two points are farther apart.
FARTHEST_KM = math.pi * EARTH_RADIUS_KM
# Boxes are widened by this many degrees so that rounding (ours, and an index's 32-bit
# coordinates) can never leave a point that is within the distance outside its box.
_MARGIN_DEGREES = 1e-6


@dataclass(frozen=True, slots=True)
class GeoPoint:
    latitude: float
    longitude: float

    def __post_init__(self) -> None:
        if not (-90.0 <= self.latitude <= 90.0 and -180.0 <= self.longitude <= 180.0):
            raise ValueError(f"not a latitude/longitude: {self.latitude}, {self.longitude}")


@dataclass(frozen=True, slots=True)
class Box:
    """Latitudes and longitudes from the minimum to the maximum, both included."""

    min_latitude: float
    max_latitude: float
    min_longitude: float
    max_longitude: float

    def contains(self, point: GeoPoint) -> bool:
        return (
            self.min_latitude <= point.latitude <= self.max_latitude
            and self.min_longitude <= point.longitude <= self.max_longitude
        )


def distance_km(a: GeoPoint, b: GeoPoint) -> float:
    """The great-circle (haversine) distance between two points."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat, dlon = lat2 - lat1, math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def boxes_around(centre: GeoPoint, radius_km: float) -> tuple[Box, ...]:
    """Boxes that together contain every point within `radius_km` of `centre`: one, or two
    where the circle crosses the 180th meridian.

    The latitude span is the radius's angle; the longitude span is the widest a circle of that
    angle reaches at the centre's latitude, asin(sin δ / cos φ); a circle over a pole takes every
    longitude.
    """
    delta = radius_km / EARTH_RADIUS_KM
    low = centre.latitude - math.degrees(delta) - _MARGIN_DEGREES
    high = centre.latitude + math.degrees(delta) + _MARGIN_DEGREES
    if delta >= math.pi or low <= -90.0 or high >= 90.0:
        return (Box(max(low, -90.0), min(high, 90.0), -180.0, 180.0),)
    reach = math.asin(min(1.0, math.sin(delta) / math.cos(math.radians(centre.latitude))))
    span = math.degrees(reach) + _MARGIN_DEGREES
    west, east = centre.longitude - span, centre.longitude + span
    if west < -180.0:
        return (Box(low, high, -180.0, east), Box(low, high, west + 360.0, 180.0))
    if east > 180.0:
        return (Box(low, high, west, 180.0), Box(low, high, -180.0, east - 360.0))
    return (Box(low, high, west, east),)
