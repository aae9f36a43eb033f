"""The cast of the referral tests, how they are stored, and the requests they send.

Import with `from referral_cast import ...`. The story, on Monday 10 March 2025 at noon UTC:

- Dr. Ana Reyes refers her patients: Maria Lopez (plan B, Washington HMO: massage with a
  referral, conventional treatment first, at most 12 visits a referral), George Adams (plan G,
  Medicare Advantage: acupuncture for chronic low back pain, authorization from visit 13 with
  improvement shown), Elena Ruiz (plan E, California HMO: chiropractic after the initial exam
  only under an approved treatment plan; massage excluded) and Hana Kim (plan C, HSA: massage
  with a prescription).
- Dr. Ben Cho's only patient is Owen Park (plan A).
- Priya Shah is the clinical reviewer, Alex Morgan the plan administrator, Jordan Lee member
  services; Oak Street Massage is a contracted therapist in Portland.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from httpx import Response

from camnav.domain.members import Enrollment
from camnav.domain.providers import License, LicenseStatus, Participation, Provider
from camnav.library.library import PlanLibrary
from camnav.services.ports import MemberRecord, ProviderRecord, Role, UnitOfWork, UnitOfWorkFactory

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
YEAR_2025 = date(2025, 1, 1)
PASSWORD = "correct horse battery staple"
NETWORK = "example-health-network"

MARIA, OWEN, GEORGE, ELENA, HANA = "M-1001", "M-1002", "M-1003", "M-1004", "M-1005"
OAK_STREET = "P-2001"


class Who(StrEnum):
    MARIA = "maria.lopez"
    OWEN = "owen.park"
    DR_REYES = "dr.reyes"
    DR_CHO = "dr.cho"
    REVIEWER = "priya.shah"
    ADMINISTRATOR = "alex.morgan"
    MEMBER_SERVICES = "jordan.lee"
    PROVIDER = "oak-street-front-desk"


ACCOUNTS: dict[Who, tuple[Role, str, dict[str, str]]] = {
    Who.MARIA: (Role.MEMBER, "Maria Lopez", {"member_id": MARIA}),
    Who.OWEN: (Role.MEMBER, "Owen Park", {"member_id": OWEN}),
    Who.DR_REYES: (Role.PHYSICIAN, "Dr. Ana Reyes, MD", {"physician_npi": "1467523841"}),
    Who.DR_CHO: (Role.PHYSICIAN, "Dr. Ben Cho, MD", {}),
    Who.REVIEWER: (Role.CLINICAL_REVIEWER, "Priya Shah, RN", {}),
    Who.ADMINISTRATOR: (Role.PLAN_ADMINISTRATOR, "Alex Morgan", {}),
    Who.MEMBER_SERVICES: (Role.MEMBER_SERVICES, "Jordan Lee", {}),
    Who.PROVIDER: (Role.PROVIDER, "Oak Street front desk", {"provider_id": OAK_STREET}),
}

MEMBERS = (
    (MARIA, "Maria", "Lopez", "example-b", "washington", "98660"),
    (OWEN, "Owen", "Park", "example-a", "northwest", "97214"),
    (GEORGE, "George", "Adams", "example-g", "northwest", "97214"),
    (ELENA, "Elena", "Ruiz", "example-e", "northern_california", "94607"),
    (HANA, "Hana", "Kim", "example-c", "washington", "98660"),
)


def fixed_clock() -> datetime:
    return NOW


@functools.cache
def password_hash() -> str:
    """The cheapest argon2id hash, so the cast signs in in milliseconds."""
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)


def oak_street() -> Provider:
    return Provider(
        id=OAK_STREET,
        name="Oak Street Massage",
        category="massage",
        state="OR",
        npi="1234567893",
        license=License("LMT-12345", "OR", LicenseStatus.ACTIVE, date(2026, 6, 30)),
        participations=(Participation(NETWORK, date(2024, 1, 1), None),),
        credentialed=True,
    )


def seed_cast(units: UnitOfWorkFactory, library: PlanLibrary) -> dict[Who, int]:
    """Store the regions, network, members, provider and accounts; the user ids."""
    with units() as uow:
        for region in library.regions.values():
            uow.organizations.add_region(region)
        uow.organizations.add_network(NETWORK, "Example Health Network")
        for member_id, first, last, plan_id, region, zip_code in MEMBERS:
            uow.members.add(
                MemberRecord(member_id, first, last, date(1970, 1, 1), zip_code, region)
            )
            uow.members.enroll(Enrollment(member_id, plan_id, YEAR_2025, None, region, zip_code))
        uow.providers.add(ProviderRecord(oak_street(), "225700000X", "97214", 45.5152, -122.6784))
        ids = {who: _add_user(uow, who) for who in Who}
        for member_id in (MARIA, GEORGE, ELENA, HANA):
            uow.users.add_patient(ids[Who.DR_REYES], member_id)
        uow.users.add_patient(ids[Who.DR_CHO], OWEN)
        uow.commit()
    return ids


def _add_user(uow: UnitOfWork, who: Who) -> int:
    role, display_name, links = ACCOUNTS[who]
    user = uow.users.add(
        username=who.value,
        display_name=display_name,
        role=role,
        password_hash=password_hash(),
        **links,
    )
    return int(user.id)


def sign_in(client: TestClient, who: Who) -> str:
    response = client.post("/api/v1/auth/token", json={"username": who.value, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return str(response.json()["access_token"])


def referral_body(**overrides: Any) -> dict[str, Any]:
    """Dr. Reyes refers Maria for six massage visits after physical therapy and medication."""
    body: dict[str, Any] = {
        "member_id": MARIA,
        "category": "massage",
        "diagnoses": ["M79.7"],
        "visits": 6,
        "valid_from": "2025-03-10",
        "valid_to": "2025-09-09",
        "frequency": "once a week",
        "conventional_treatments": [
            {"what": "physical therapy", "duration": "8 weeks", "outcome": "partial relief"},
            "medication",
        ],
    }
    body.update(overrides)
    return body


def georges_authorization(**overrides: Any) -> dict[str, Any]:
    """Eight more acupuncture visits for George's chronic low back pain after twelve."""
    body: dict[str, Any] = {
        "member_id": GEORGE,
        "category": "acupuncture",
        "diagnoses": ["M54.50"],
        "visits": 8,
        "valid_from": "2025-03-10",
        "duration_weeks": 12,
        "condition_weeks": 20,
        "progress_notes": {"functional_improvement": True, "summary": "walks 2 km, was 500 m"},
    }
    body.update(overrides)
    return body


@dataclass(frozen=True)
class Api:
    """The app over one test's transaction, the cast's tokens, and units to look inside."""

    client: TestClient
    tokens: dict[Who, str]
    user_ids: dict[Who, int]
    units: UnitOfWorkFactory

    def headers(self, who: Who | None, **extra: str) -> dict[str, str]:
        signed = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return {**signed, **extra}

    def get(self, who: Who | None, url: str, **params: Any) -> Response:
        return self.client.get(url, headers=self.headers(who), params=params)

    def post(self, who: Who | None, url: str, json: object, **headers: str) -> Response:
        return self.client.post(url, json=json, headers=self.headers(who, **headers))

    def refer(self, body: dict[str, Any], who: Who = Who.DR_REYES) -> dict[str, Any]:
        """POST a referral that must be accepted; its document."""
        response = self.post(who, "/api/v1/referrals", body)
        assert response.status_code == 201, response.text
        found: dict[str, Any] = response.json()
        return found
