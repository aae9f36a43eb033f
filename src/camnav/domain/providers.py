"""Providers, their licenses on a date, network participation and the states' licensing policy."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# NUCC taxonomy codes of the providers camnav deals with, and the category each practises.
TAXONOMY_CATEGORIES: Mapping[str, str] = {
    "225700000X": "massage",
    "171100000X": "acupuncture",
    "111N00000X": "chiropractic",
    "225100000X": "physical_therapy",
}


class LicenseStatus(StrEnum):
    ACTIVE = "active"
    LAPSED = "lapsed"
    INACTIVE = "inactive"
    DENIED = "denied"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


class LicensingRequirement(StrEnum):
    """What a state asks of a practitioner of a category (policy as data, see licensing.yaml)."""

    LICENSE = "license"
    VOLUNTARY_CERTIFICATION = "voluntary_certification"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class License:
    number: str
    state: str
    status: LicenseStatus
    expires: date | None = None
    issued: date | None = None

    def valid_on(self, day: date) -> bool:
        """Active, already issued and not expired on that day (expiry day included)."""
        return (
            self.status is LicenseStatus.ACTIVE
            and (self.issued is None or self.issued <= day)
            and (self.expires is None or day <= self.expires)
        )


@dataclass(frozen=True, slots=True)
class Participation:
    """A provider's contract with a network, from start to end inclusive."""

    network: str
    start: date | None = None
    end: date | None = None

    def active_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Provider:
    id: str
    name: str
    category: str
    state: str
    npi: str = ""
    license: License | None = None
    participations: tuple[Participation, ...] = ()
    credentialed: bool = False
    discount_participant: bool = False
    employed_at: str = ""

    def in_network(self, network: str, day: date) -> bool:
        for participation in self.participations:  # a loop: every claim line asks
            if participation.network == network and participation.active_on(day):
                return True
        return False


@dataclass(frozen=True, slots=True)
class LicensingPolicy:
    """Per state and category: license required (default), voluntary certification, or none."""

    rules: Mapping[tuple[str, str], LicensingRequirement]

    def requirement(self, state: str, category: str) -> LicensingRequirement:
        return self.rules.get((state.upper(), category), LicensingRequirement.LICENSE)
