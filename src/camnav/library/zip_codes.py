"""Real US ZIP code centroids, from the `zipcodes` package's data.

One ZIP code is looked up on its own (milliseconds); after a few hundred such look-ups, or when
an import asks for it, the whole table is read once (seconds) and kept for the process.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import zipcodes

from camnav.domain.places import GeoPoint


@dataclass(frozen=True, slots=True)
class ZipCentroid:
    zip_code: str
    state: str
    city: str
    point: GeoPoint


def zip_code_of(postal_code: str) -> str | None:
    """The five-digit ZIP code of a ZIP or ZIP+4 (with or without its hyphen), or None."""
    digits = postal_code.strip().replace("-", "")
    if len(digits) not in (5, 9) or not digits.isascii() or not digits.isdigit():
        return None
    return digits[:5]


# Past this many single look-ups, reading the whole table is cheaper.
SINGLE_LOOKUPS = 64


@functools.lru_cache(maxsize=8192)
def zip_centroid(zip_code: str) -> ZipCentroid | None:
    """The centroid of one five-digit ZIP code, or None when it is not a known ZIP code."""
    if zip_table.cache_info().currsize or zip_centroid.cache_info().misses > SINGLE_LOOKUPS:
        return zip_table().get(zip_code)
    if zip_code_of(zip_code) != zip_code:
        return None
    # zipcodes ships no type hints.
    found: list[dict[str, Any]] = zipcodes.matching(zip_code)  # type: ignore[no-untyped-call]
    centroids = [c for c in map(_centroid, found) if c is not None]
    return centroids[0] if centroids else None


@functools.cache
def zip_table() -> Mapping[str, ZipCentroid]:
    """Every ZIP code with a centroid (standard, PO box, unique and military codes)."""
    listed: list[dict[str, Any]] = zipcodes.list_all()  # type: ignore[no-untyped-call]
    table = {}
    for entry in listed:
        centroid = _centroid(entry)
        if centroid is not None:
            table[centroid.zip_code] = centroid
    return table


def _centroid(entry: Mapping[str, Any]) -> ZipCentroid | None:
    if not entry.get("lat") or not entry.get("long"):
        return None
    point = GeoPoint(float(entry["lat"]), float(entry["long"]))
    return ZipCentroid(entry["zip_code"], entry["state"], entry["city"], point)
