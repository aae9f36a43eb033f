"""A provider's credential on a date: the same rule the adjudication engine applies at check 6
(C1), told as one status a directory can show and filter on.

A license valid on the date (active, issued, not past its expiry) is enough everywhere. Where a
state has no license for the category (policy data), the plan's own credentialing stands in for
it; California's voluntary certification counts when it is valid on the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from camnav.domain.providers import (
    License,
    LicenseStatus,
    LicensingPolicy,
    LicensingRequirement,
    Provider,
)


class CredentialStatus(StrEnum):
    LICENSED = "licensed"  # a license valid on the date
    CERTIFIED = "certified"  # a voluntary certification valid on the date (California massage)
    CREDENTIALED = "credentialed"  # no license required in the state; the plan credentialed them
    REVIEW = "review"  # no license required in the state; not yet credentialed: claims pend
    UNLICENSED = "unlicensed"  # a license is required and none is on file
    NOT_YET_VALID = "not_yet_valid"  # active, but issued after the date
    EXPIRED = "expired"  # active, but past its expiry on the date
    LAPSED = "lapsed"
    INACTIVE = "inactive"
    DENIED = "denied"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


# Statuses under which the engine finds no provider-license reason: a claim can be paid.
GOOD_STANDING = frozenset(
    {CredentialStatus.LICENSED, CredentialStatus.CERTIFIED, CredentialStatus.CREDENTIALED}
)


@dataclass(frozen=True, slots=True)
class Credential:
    status: CredentialStatus
    requirement: LicensingRequirement
    license: License | None

    @property
    def in_good_standing(self) -> bool:
        return self.status in GOOD_STANDING


def credential_on(provider: Provider, policy: LicensingPolicy, day: date) -> Credential:
    """The provider's credential on `day`: the license on record checked for that date, or where
    the state licenses nobody for the category, the plan's credentialing."""
    requirement = policy.requirement(provider.state, provider.category)
    license = provider.license
    if license is not None and license.valid_on(day):
        certified = requirement is LicensingRequirement.VOLUNTARY_CERTIFICATION
        status = CredentialStatus.CERTIFIED if certified else CredentialStatus.LICENSED
        return Credential(status, requirement, license)
    if requirement is not LicensingRequirement.LICENSE:
        vetted = provider.credentialed
        status = CredentialStatus.CREDENTIALED if vetted else CredentialStatus.REVIEW
        return Credential(status, requirement, license)
    return Credential(license_status_on(license, day), requirement, license)


def license_status_on(license: License | None, day: date) -> CredentialStatus:
    """A license's standing on `day`: its board status, or for an active license, whether the
    day falls between its issue and expiry dates (both included)."""
    if license is None:
        return CredentialStatus.UNLICENSED
    if license.status is not LicenseStatus.ACTIVE:
        return CredentialStatus(license.status.value)
    if license.issued is not None and day < license.issued:
        return CredentialStatus.NOT_YET_VALID
    if license.expires is not None and day > license.expires:
        return CredentialStatus.EXPIRED
    return CredentialStatus.LICENSED


def expires_within(license: License, today: date, days: int) -> bool:
    """An active license whose expiry falls from today to `days` days later (both included)."""
    return (
        license.status is LicenseStatus.ACTIVE
        and license.expires is not None
        and today <= license.expires <= today + timedelta(days=days)
    )
