"""What the directory's use cases program against (the store implements it, as for ports.py):
bulk writes of imported providers and licenses, and the reads a nearest search makes.

`UnitOfWork.directory` is a DirectoryRepository. Imports write in batches, one unit of work a
batch; every write is keyed (NPI; provider, state and license number) so re-importing the same
file changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from camnav.domain.directory import Located
from camnav.domain.places import Box, GeoPoint
from camnav.domain.providers import License
from camnav.library.nppes import NppesProvider
from camnav.services.ports import ProviderRecord


@dataclass(frozen=True, slots=True)
class PlacedProvider:
    """A provider read from the NPI registry's file, placed at its ZIP code's centroid."""

    listing: NppesProvider
    point: GeoPoint


@dataclass(frozen=True, slots=True)
class WriteCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: WriteCounts) -> WriteCounts:
        return WriteCounts(
            self.inserted + other.inserted,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
        )


@dataclass(frozen=True, slots=True)
class LicenseHolder:
    """A provider who reported a license number to the registry or holds it on record."""

    provider_id: str
    name: str
    last_name: str


LicenseKey = tuple[str, str]  # (state, license number)


@dataclass(frozen=True, slots=True)
class PlaceFilters:
    """The filters an index query applies itself; the search checks every filter again on the
    full records, so these may only narrow what it must read.

    `in_network`: a participation in `network` (any network when None) active on `on`, or none;
    `employed`: employed at a medical center, or not; `credentialed_on`: a license active on that
    day, or the plan's credentialing (what good standing needs, whichever license is on record).
    """

    category: str | None = None
    accepting_new_patients: bool | None = None
    gender: str | None = None
    language: str | None = None
    on: date | None = None
    network: str | None = None
    in_network: bool | None = None
    employed: bool | None = None
    credentialed_on: date | None = None


@dataclass(frozen=True, slots=True)
class LicenseOnRecord:
    provider_id: str
    provider_name: str
    npi: str
    category: str
    license: License


class DirectoryRepository(Protocol):
    def save_providers(self, providers: Sequence[PlacedProvider]) -> WriteCounts:
        """Insert new NPIs, update those whose registry record changed, leave the rest."""
        ...

    def holders(
        self, keys: Collection[LicenseKey]
    ) -> Mapping[LicenseKey, tuple[LicenseHolder, ...]]:
        """Who reported or holds each (state, number)."""
        ...

    def save_licenses(self, licenses: Sequence[tuple[str, License]]) -> WriteCounts:
        """Upsert (provider id, license) by provider, state and number."""
        ...

    def within(self, boxes: Sequence[Box], filters: PlaceFilters) -> list[Located]:
        """The located providers in any of the boxes that pass the filters."""
        ...

    def records(self, provider_ids: Collection[str]) -> Mapping[str, ProviderRecord]: ...

    def expiring(self, start: date, end: date) -> tuple[LicenseOnRecord, ...]:
        """Active licenses expiring from start to end (both included), soonest first."""
        ...

    def located_count(self) -> int: ...
