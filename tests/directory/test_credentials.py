"""A provider's credential on a date: the engine's license check (C1 step 6) told as a status,
and in good standing exactly when a claim for that date passes the check."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

import pytest

from camnav.domain.adjudication import adjudicate
from camnav.domain.credentials import CredentialStatus, credential_on, expires_within
from camnav.domain.estimate import typical_claim
from camnav.domain.members import Accumulators, Enrollment
from camnav.domain.plans import Tier
from camnav.domain.providers import License, LicenseStatus, Participation, Provider
from camnav.domain.reasons import ReasonCode
from camnav.domain.state import start_state
from camnav.library.library import PlanLibrary

DAY = date(2025, 3, 10)
OREGON = License("12345", "OR", LicenseStatus.ACTIVE, date(2026, 6, 30), date(2019, 7, 1))


def a_therapist(**overrides: object) -> Provider:
    values: dict[str, object] = {
        "id": "P-1",
        "name": "Sam Rivera, LMT",
        "category": "massage",
        "state": "OR",
        "license": OREGON,
        "participations": (Participation("example-health-network", date(2024, 1, 1)),),
    }
    values.update(overrides)
    return Provider(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("license", "day", "status"),
    [
        (OREGON, DAY, CredentialStatus.LICENSED),
        (OREGON, date(2026, 6, 30), CredentialStatus.LICENSED),  # the expiry day counts
        (OREGON, date(2026, 7, 1), CredentialStatus.EXPIRED),
        (OREGON, date(2019, 6, 30), CredentialStatus.NOT_YET_VALID),
        (replace(OREGON, status=LicenseStatus.LAPSED), DAY, CredentialStatus.LAPSED),
        (replace(OREGON, status=LicenseStatus.SUSPENDED), DAY, CredentialStatus.SUSPENDED),
        (replace(OREGON, status=LicenseStatus.REVOKED), DAY, CredentialStatus.REVOKED),
        (None, DAY, CredentialStatus.UNLICENSED),
    ],
)
def test_license_status_on_a_date(
    library: PlanLibrary, license: License | None, day: date, status: CredentialStatus
) -> None:
    credential = credential_on(a_therapist(license=license), library.rules.licensing, day)
    assert credential.status is status


def test_states_without_massage_licensing_rely_on_the_plans_credentialing(
    library: PlanLibrary,
) -> None:
    policy = library.rules.licensing
    for state in ("KS", "MN", "VT", "WY"):
        unvetted = a_therapist(state=state, license=None)
        assert credential_on(unvetted, policy, DAY).status is CredentialStatus.REVIEW
        vetted = replace(unvetted, credentialed=True)
        assert credential_on(vetted, policy, DAY).status is CredentialStatus.CREDENTIALED


def test_california_massage_therapists_are_certified_not_licensed(library: PlanLibrary) -> None:
    camtc = License("CAMTC-1", "CA", LicenseStatus.ACTIVE, date(2026, 1, 31))
    therapist = a_therapist(state="CA", license=camtc)
    credential = credential_on(therapist, library.rules.licensing, DAY)
    assert (credential.status, credential.requirement.value) == (
        CredentialStatus.CERTIFIED,
        "voluntary_certification",
    )


def test_a_license_expiring_within_the_window_counts_both_ends() -> None:
    license = replace(OREGON, expires=date(2025, 5, 9))
    assert expires_within(license, DAY, 60)
    assert not expires_within(license, DAY, 59)
    assert expires_within(replace(license, expires=DAY), DAY, 0)
    assert not expires_within(replace(license, status=LicenseStatus.LAPSED), DAY, 60)


LICENSES = [
    None,
    OREGON,
    replace(OREGON, expires=date(2025, 3, 9)),
    replace(OREGON, issued=date(2025, 3, 11)),
    *(replace(OREGON, status=s) for s in LicenseStatus if s is not LicenseStatus.ACTIVE),
]


def test_good_standing_is_exactly_when_a_claim_passes_the_license_check(
    library: PlanLibrary,
) -> None:
    plan = library.plan("example-a", on=DAY)
    state = start_state(
        Enrollment("M-1", plan.id, plan.effective_from, plan.effective_to),
        plan,
        Accumulators(),
        DAY,
    )
    claim = typical_claim(plan, library.rules, "massage", Tier.IN_NETWORK, DAY, ("M54.2",), None)
    credential_reasons = {ReasonCode.PROVIDER_NOT_LICENSED, ReasonCode.CREDENTIAL_REVIEW}
    for license, state_code, vetted in itertools.product(LICENSES, ("OR", "KS", "CA"), (0, 1)):
        provider = a_therapist(license=license, state=state_code, credentialed=bool(vetted))
        lines = adjudicate(claim, plan, provider, state, library.rules).lines
        flagged = any(r.code in credential_reasons for line in lines for r in line.reasons)
        good = credential_on(provider, library.rules.licensing, DAY).in_good_standing
        assert good is not flagged, (license, state_code, vetted)
