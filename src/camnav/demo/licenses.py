"""Providers' licenses: mostly active, some due for renewal within 60 days, a few lapsed,
suspended or inactive; none where a state has no license for the category (Kansas, Minnesota,
Vermont and Wyoming massage therapists) and a CAMTC certificate in California, whose massage
therapists are certified by a council rather than licensed by the state."""

from __future__ import annotations

import random
from datetime import date, timedelta

from camnav.demo.seeds import pick_weighted
from camnav.domain.providers import License, LicenseStatus, LicensingPolicy, LicensingRequirement

RENEWAL_WINDOW_DAYS = 60

# What the state boards' lookups would show, as shares of licensed providers.
_STANDINGS = {
    "active": 0.90,
    "renewal_due": 0.05,
    "lapsed": 0.03,
    "suspended": 0.01,
    "inactive": 0.01,
}

# License-number formats differ by state (domain reference §3); massage boards' formats here,
# a generic one for the rest.
_MASSAGE_FORMATS = {
    "WA": "MA6{:07d}",
    "OR": "{:05d}",
    "CO": "MT.0{:06d}",
    "GA": "MT{:06d}",
    "HI": "MAT-{:05d}",
    "MD": "M{:05d}",
    "VA": "0019{:06d}",
    "DC": "MT{:07d}",
}
_PREFIXES = {"massage": "LMT", "acupuncture": "LAC", "chiropractic": "DC", "physical_therapy": "PT"}


def license_for(
    rng: random.Random, category: str, state: str, policy: LicensingPolicy, today: date
) -> License | None:
    """The license (or certificate) on record for a provider of a category in a state."""
    requirement = policy.requirement(state, category)
    if requirement is LicensingRequirement.NONE:
        return None
    number = rng.randint(1, 99_999)
    if requirement is LicensingRequirement.VOLUNTARY_CERTIFICATION:
        issued = _issued(rng, today)
        return License(
            f"CAMTC-{number:05d}", state, LicenseStatus.ACTIVE, _later(rng, today), issued
        )
    return _state_license(rng, _number(category, state, number), state, today)


def _state_license(rng: random.Random, number: str, state: str, today: date) -> License:
    standing = pick_weighted(rng, _STANDINGS)
    issued = _issued(rng, today)
    if standing == "renewal_due":
        expires = today + timedelta(days=rng.randint(1, RENEWAL_WINDOW_DAYS))
        return License(number, state, LicenseStatus.ACTIVE, expires, issued)
    if standing == "lapsed":
        # Lapsed before the year of history began, so every claim of the history sees it lapsed.
        expires = today - timedelta(days=rng.randint(400, 700))
        return License(number, state, LicenseStatus.LAPSED, expires, min(issued, expires))
    status = LicenseStatus.ACTIVE if standing == "active" else LicenseStatus(standing)
    return License(number, state, status, _later(rng, today), issued)


def _number(category: str, state: str, number: int) -> str:
    if category == "massage" and state in _MASSAGE_FORMATS:
        return _MASSAGE_FORMATS[state].format(number)
    return f"{_PREFIXES.get(category, 'LIC')}-{state}-{number:06d}"


def _issued(rng: random.Random, today: date) -> date:
    return date(rng.randint(1998, today.year - 2), rng.randint(1, 12), rng.randint(1, 28))


def _later(rng: random.Random, today: date) -> date:
    """An expiry past the renewal window: licenses renew every two years or so."""
    return today + timedelta(days=rng.randint(RENEWAL_WINDOW_DAYS + 1, 900))
