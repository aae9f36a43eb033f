"""The cast of the API tests, how they are stored, and the requests they send.

Import with `from api_cast import ...` (pytest's "prepend" import mode puts this directory on
sys.path). The story, on Monday 10 March 2025 at noon UTC:

- Maria Lopez (plan B, Washington HMO) holds a valid referral from her primary care physician
  Dr. Ana Reyes for six massage visits, and sees Oak Street Massage, a contracted therapist in
  Portland whose front desk signs in as a provider.
- Owen Park (plan A, Northwest HMO) is Dr. Ben Cho's patient; Dr. Cho has no other patient.
- Staff: Jordan Lee (member services), Priya Shah (clinical reviewer), Alex Morgan (plan
  administrator).
- Rosa Diaz, LMT, is a licensed Oregon massage therapist outside the network.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Connection

from camnav.domain.members import Enrollment
from camnav.domain.providers import License, LicenseStatus, Participation, Provider
from camnav.domain.referrals import Referral, ReferralKind, ReferralStatus
from camnav.library.library import PlanLibrary
from camnav.services.context import ServiceContext
from camnav.services.ports import (
    AccumulatorEntry,
    AccumulatorKind,
    MemberRecord,
    ProviderRecord,
    ReferralRecord,
    Role,
    UnitOfWork,
    UnitOfWorkFactory,
)

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
YEAR_2025 = date(2025, 1, 1)
PASSWORD = "correct horse battery staple"
NETWORK = "example-health-network"

MARIA = "M-1001"
OWEN = "M-1002"
OAK_STREET = "P-2001"
ROSA_DIAZ = "P-2002"
MARIAS_REFERRAL = "R-3001"
MARIAS_CLAIM = "CLM-MARIA-0001"


def fixed_clock() -> datetime:
    return NOW


class Caller(StrEnum):
    """Who sends a request, as the authorization matrix names them (seen from Maria's records)."""

    MEMBER_SELF = "member-self"
    MEMBER_OTHER = "member-other"
    PHYSICIAN_WITH_PATIENT = "physician-with-patient"
    PHYSICIAN_WITHOUT = "physician-without"
    MEMBER_SERVICES = "member_services"
    CLINICAL_REVIEWER = "clinical_reviewer"
    PLAN_ADMINISTRATOR = "plan_administrator"
    PROVIDER = "provider"
    ANONYMOUS = "anonymous"


USERNAMES: dict[Caller, str] = {
    Caller.MEMBER_SELF: "maria.lopez",
    Caller.MEMBER_OTHER: "owen.park",
    Caller.PHYSICIAN_WITH_PATIENT: "dr.reyes",
    Caller.PHYSICIAN_WITHOUT: "dr.cho",
    Caller.MEMBER_SERVICES: "jordan.lee",
    Caller.CLINICAL_REVIEWER: "priya.shah",
    Caller.PLAN_ADMINISTRATOR: "alex.morgan",
    Caller.PROVIDER: "oak-street-front-desk",
}

SIGNED_IN = tuple(USERNAMES)


@functools.cache
def password_hash() -> str:
    """One argon2id hash for every account, made with the smallest cost argon2 allows.

    Sign-in verifies with the parameters stored in the hash, so the cast signs in in a few
    milliseconds instead of the half second the production parameters cost on this machine.
    """
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


def rosa_diaz() -> Provider:
    return Provider(
        id=ROSA_DIAZ,
        name="Rosa Diaz, LMT",
        category="massage",
        state="OR",
        npi="1245319599",
        license=License("LMT-67890", "OR", LicenseStatus.ACTIVE, date(2026, 12, 31)),
    )


def marias_referral() -> ReferralRecord:
    return ReferralRecord(
        referral=Referral(
            id=MARIAS_REFERRAL,
            kind=ReferralKind.REFERRAL,
            category="massage",
            valid_from=date(2025, 2, 1),
            valid_to=date(2025, 7, 31),
            visits=6,
            diagnoses=("M79.7", "G89.29"),
            status=ReferralStatus.APPROVED,
        ),
        member_id=MARIA,
        received_at=datetime(2025, 1, 28, 9, 0, tzinfo=UTC),
        decided_at=datetime(2025, 1, 28, 9, 0, tzinfo=UTC),
    )


def seed_cast(units: UnitOfWorkFactory, library: PlanLibrary) -> dict[Caller, int]:
    """Store the regions, network, members, providers, referral and accounts; the user ids."""
    with units() as uow:
        for region in library.regions.values():
            uow.organizations.add_region(region)
        uow.organizations.add_network(NETWORK, "Example Health Network")
        uow.members.add(
            MemberRecord(MARIA, "Maria", "Lopez", date(1984, 6, 2), "98660", "washington")
        )
        uow.members.enroll(Enrollment(MARIA, "example-b", YEAR_2025, None, "washington", "98660"))
        uow.members.add(MemberRecord(OWEN, "Owen", "Park", date(1979, 11, 3), "97214", "northwest"))
        uow.members.enroll(Enrollment(OWEN, "example-a", YEAR_2025, None, "northwest", "97214"))
        uow.providers.add(ProviderRecord(oak_street(), "225700000X", "97214", 45.5152, -122.6784))
        uow.providers.add(ProviderRecord(rosa_diaz(), "225700000X", "97201", 45.5077, -122.6907))
        uow.referrals.add(marias_referral())
        ids = {caller: _add_user(uow, caller) for caller in SIGNED_IN}
        uow.users.add_patient(ids[Caller.PHYSICIAN_WITH_PATIENT], MARIA)
        uow.users.add_patient(ids[Caller.PHYSICIAN_WITHOUT], OWEN)
        uow.commit()
    return ids


ROLES: dict[Caller, tuple[Role, str, dict[str, str]]] = {
    Caller.MEMBER_SELF: (Role.MEMBER, "Maria Lopez", {"member_id": MARIA}),
    Caller.MEMBER_OTHER: (Role.MEMBER, "Owen Park", {"member_id": OWEN}),
    Caller.PHYSICIAN_WITH_PATIENT: (Role.PHYSICIAN, "Dr. Ana Reyes", {}),
    Caller.PHYSICIAN_WITHOUT: (Role.PHYSICIAN, "Dr. Ben Cho", {}),
    Caller.MEMBER_SERVICES: (Role.MEMBER_SERVICES, "Jordan Lee", {}),
    Caller.CLINICAL_REVIEWER: (Role.CLINICAL_REVIEWER, "Priya Shah", {}),
    Caller.PLAN_ADMINISTRATOR: (Role.PLAN_ADMINISTRATOR, "Alex Morgan", {}),
    Caller.PROVIDER: (Role.PROVIDER, "Oak Street front desk", {"provider_id": OAK_STREET}),
}


def _add_user(uow: UnitOfWork, caller: Caller) -> int:
    role, display_name, links = ROLES[caller]
    user = uow.users.add(
        username=USERNAMES[caller],
        display_name=display_name,
        role=role,
        password_hash=password_hash(),
        **links,
    )
    return int(user.id)


def visits_already_used(
    units: UnitOfWorkFactory, member_id: str, *, visits: int, out_of_pocket: int
) -> None:
    """Ledger entries for earlier massage visits of 2025 (plan A and B name the limit `massage`)."""
    entries = [
        AccumulatorEntry(YEAR_2025, AccumulatorKind.LIMIT_VISIT, visits, key="massage"),
        AccumulatorEntry(YEAR_2025, AccumulatorKind.CATEGORY_VISIT, visits, key="massage"),
    ]
    if out_of_pocket:
        entries.append(
            AccumulatorEntry(YEAR_2025, AccumulatorKind.OUT_OF_POCKET, out_of_pocket, "in_network")
        )
    with units() as uow:
        uow.members.append_accumulators(member_id, entries, NOW)
        uow.commit()


def sign_in(client: TestClient, caller: Caller) -> str:
    """A bearer token from POST /api/v1/auth/token."""
    response = client.post(
        "/api/v1/auth/token", json={"username": USERNAMES[caller], "password": PASSWORD}
    )
    assert response.status_code == 201, response.text
    token = response.json()["access_token"]
    assert isinstance(token, str)
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def claim_body(
    *,
    member_id: str = MARIA,
    provider_id: str = OAK_STREET,
    day: date = TODAY,
    units: int = 4,
    **overrides: Any,
) -> dict[str, Any]:
    """Sixty minutes of therapeutic massage (97124 x 4) billed $160.00."""
    body: dict[str, Any] = {
        "member_id": member_id,
        "provider_id": provider_id,
        "diagnoses": ["M79.7", "G89.29"] if member_id == MARIA else ["M54.50", "M62.830"],
        "lines": [
            {"date": str(day), "code": "97124", "units": units, "minutes": 60, "billed": "160.00"}
        ],
    }
    body.update(overrides)
    return body


def referral_body(**overrides: Any) -> dict[str, Any]:
    """Dr. Reyes refers Maria for six more massage visits after physical therapy and medication."""
    body: dict[str, Any] = {
        "member_id": MARIA,
        "category": "massage",
        "diagnoses": ["M79.7"],
        "visits": 6,
        "valid_from": "2025-03-10",
        "valid_to": "2025-09-09",
        "conventional_treatments": ["physical therapy, 8 weeks", "medication"],
    }
    body.update(overrides)
    return body


@dataclass(frozen=True)
class Api:
    """The app over one test's transaction, the cast's bearer tokens, and units to look inside."""

    client: TestClient
    tokens: dict[Caller, str]
    user_ids: dict[Caller, int]
    units: UnitOfWorkFactory
    kind: str = "sqlite"  # or "postgresql"
    connection: Connection | None = None  # the one the test's transaction runs on

    @contextmanager
    def undone(self) -> Iterator[None]:
        """What happens inside is rolled back at the end (a savepoint of the test's transaction),
        so each generated request meets the cast's database as seeded."""
        assert self.connection is not None
        savepoint = self.connection.begin_nested()
        try:
            yield
        finally:
            if savepoint.is_active:
                savepoint.rollback()

    @property
    def app(self) -> FastAPI:
        app: FastAPI = self.client.app  # type: ignore[assignment]
        return app

    def headers(self, caller: Caller, **extra: str) -> dict[str, str]:
        signed = bearer(self.tokens[caller]) if caller is not Caller.ANONYMOUS else {}
        return {**signed, **extra}

    def get(self, caller: Caller, url: str) -> Response:
        return self.client.get(url, headers=self.headers(caller))

    def post(self, caller: Caller, url: str, json: object, **headers: str) -> Response:
        return self.client.post(url, json=json, headers=self.headers(caller, **headers))


@dataclass(frozen=True)
class CommittedCast:
    """The cast on a fresh database whose commits are real, and a context over it."""

    kind: str
    context: ServiceContext
    user_ids: dict[Caller, int]


def endpoints(app: FastAPI, *, documented_only: bool = False) -> set[str]:
    """Every method and path the app declares, enumerated from app.routes (HEAD goes with GET;
    included routers are walked through)."""
    found = set()
    for route in iter_route_contexts(app.routes):
        if documented_only and not getattr(route, "include_in_schema", False):
            continue
        for method in route.methods or ():
            if method != "HEAD":
                found.add(f"{method} {route.path}")
    return found
