"""The cast of the claims workflow tests, how it is stored, and the requests it sends.

Import with `from claims_cast import ...`. The story, on Monday 10 March 2025 at noon UTC:

- Owen Park (plan A, Northwest HMO: massage without referral, $25 copay, 12 visits a year) pays
  his therapists himself and asks to be reimbursed.
- Hana Kim (plan C, HSA-qualified HDHP: $1,650 deductible, then 20 %) has met $1,500.00 of her
  deductible and holds a physician's prescription for massage.
- Oak Street Massage (Oregon) is a licensed, credentialed network therapist; Prairie Hands
  Massage practises in Kansas, which does not license massage therapists, and has not been
  credentialed yet; Rosa Diaz, LMT, is licensed in Oregon and outside the network.
- Staff: Jordan Lee (member services), Priya Shah (clinical reviewer), Alex Morgan (plan
  administrator); Oak Street's front desk signs in as its provider.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from argon2 import PasswordHasher

from camnav.domain.members import Enrollment
from camnav.domain.providers import License, LicenseStatus, Participation, Provider
from camnav.domain.referrals import Referral, ReferralKind, ReferralStatus
from camnav.library.library import PlanLibrary
from camnav.services.ports import (
    AccumulatorEntry,
    AccumulatorKind,
    MemberRecord,
    ProviderRecord,
    ReferralRecord,
    Role,
    UnitOfWorkFactory,
)

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
YEAR_2025 = date(2025, 1, 1)
PASSWORD = "correct horse battery staple"
NETWORK = "example-health-network"

OWEN = "M-5001"
HANA = "M-5002"
OAK_STREET = "P-6001"
PRAIRIE = "P-6002"
ROSA = "P-6003"
HANAS_PRESCRIPTION = "R-7001"

# A tiny file of each accepted kind: what their first bytes say is all that matters.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120


class Caller(StrEnum):
    OWEN = "owen"
    HANA = "hana"
    MEMBER_SERVICES = "member_services"
    REVIEWER = "reviewer"
    ADMINISTRATOR = "administrator"
    PROVIDER = "provider"


ACCOUNTS: dict[Caller, tuple[str, Role, str, dict[str, str]]] = {
    Caller.OWEN: ("owen.park", Role.MEMBER, "Owen Park", {"member_id": OWEN}),
    Caller.HANA: ("hana.kim", Role.MEMBER, "Hana Kim", {"member_id": HANA}),
    Caller.MEMBER_SERVICES: ("jordan.lee", Role.MEMBER_SERVICES, "Jordan Lee", {}),
    Caller.REVIEWER: ("priya.shah", Role.CLINICAL_REVIEWER, "Priya Shah", {}),
    Caller.ADMINISTRATOR: ("alex.morgan", Role.PLAN_ADMINISTRATOR, "Alex Morgan", {}),
    Caller.PROVIDER: ("oak-desk", Role.PROVIDER, "Oak Street desk", {"provider_id": OAK_STREET}),
}


@dataclass
class Clock:
    """The service's clock: fixed, and moved forward by the tests that need time to pass."""

    now: datetime = field(default=NOW)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, days: int = 0, hours: int = 0) -> None:
        self.now += timedelta(days=days, hours=hours)


@functools.cache
def password_hash() -> str:
    """argon2id at its smallest cost: the cast signs in in milliseconds."""
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)


def providers() -> list[ProviderRecord]:
    contracted = (Participation(NETWORK, date(2024, 1, 1), None),)
    return [
        ProviderRecord(
            Provider(
                OAK_STREET,
                "Oak Street Massage",
                "massage",
                "OR",
                npi="1234567893",
                license=License("LMT-12345", "OR", LicenseStatus.ACTIVE, date(2026, 6, 30)),
                participations=contracted,
                credentialed=True,
            ),
            "225700000X",
            "97214",
        ),
        ProviderRecord(
            Provider(
                PRAIRIE,
                "Prairie Hands Massage",
                "massage",
                "KS",
                npi="1245319599",
                participations=contracted,
            ),
            "225700000X",
            "66044",
        ),
        ProviderRecord(
            Provider(
                ROSA,
                "Rosa Diaz, LMT",
                "massage",
                "OR",
                npi="1003000126",
                license=License("LMT-67890", "OR", LicenseStatus.ACTIVE, date(2026, 12, 31)),
            ),
            "225700000X",
            "97201",
        ),
    ]


def hanas_prescription() -> ReferralRecord:
    return ReferralRecord(
        referral=Referral(
            id=HANAS_PRESCRIPTION,
            kind=ReferralKind.PRESCRIPTION,
            category="massage",
            valid_from=date(2025, 1, 15),
            valid_to=date(2026, 1, 14),
            diagnoses=("M54.50",),
            status=ReferralStatus.APPROVED,
        ),
        member_id=HANA,
        received_at=datetime(2025, 1, 15, 9, 0, tzinfo=UTC),
        decided_at=datetime(2025, 1, 15, 9, 0, tzinfo=UTC),
    )


def seed(units: UnitOfWorkFactory, library: PlanLibrary) -> None:
    """Store regions, network, members, providers, documents, carried-in accumulators, users."""
    with units() as uow:
        for region in library.regions.values():
            uow.organizations.add_region(region)
        uow.organizations.add_network(NETWORK, "Example Health Network")
        uow.members.add(MemberRecord(OWEN, "Owen", "Park", date(1979, 11, 3), "97214", "northwest"))
        uow.members.enroll(Enrollment(OWEN, "example-a", YEAR_2025, None, "northwest", "97214"))
        uow.members.add(MemberRecord(HANA, "Hana", "Kim", date(1990, 4, 12), "97214", "northwest"))
        uow.members.enroll(Enrollment(HANA, "example-c", YEAR_2025, None, "northwest", "97214"))
        for record in providers():
            uow.providers.add(record)
        uow.referrals.add(hanas_prescription())
        carried = AccumulatorEntry(YEAR_2025, AccumulatorKind.DEDUCTIBLE, 150000, "in_network")
        uow.members.append_accumulators(HANA, [carried], NOW)
        for username, role, name, links in ACCOUNTS.values():
            uow.users.add(
                username=username,
                display_name=name,
                role=role,
                password_hash=password_hash(),
                **links,
            )
        uow.commit()


def line(
    day: date, *, units: int = 4, billed: str = "160.00", code: str = "97124"
) -> dict[str, Any]:
    return {"date": str(day), "code": code, "units": units, "minutes": 15 * units, "billed": billed}


def bill(**overrides: str) -> dict[str, str]:
    """Oak Street's itemized bill, complete."""
    return {
        "provider_name": "Oak Street Massage",
        "provider_address": "1200 SE Oak St, Portland, OR 97214",
        "tin": "93-1234567",
        "npi": "1234567893",
        "license_number": "LMT-12345",
        "place_of_service": "11",
        "patient_name": "Owen Park",
        **overrides,
    }


def reimbursement(
    *, provider_id: str = OAK_STREET, day: date = TODAY, uploads: list[str], **overrides: Any
) -> dict[str, Any]:
    """Owen's request to be reimbursed for an hour of therapeutic massage he paid $160 for."""
    body: dict[str, Any] = {
        "member_id": OWEN,
        "provider_id": provider_id,
        "bill": bill(npi="") if provider_id != OAK_STREET else bill(),
        "diagnoses": ["M54.50", "M62.830"],
        "lines": [line(day)],
        "amount_paid": "160.00",
        "uploads": uploads,
    }
    body["bill"]["npi"] = body["bill"]["npi"] or _npi(provider_id)
    body.update(overrides)
    return body


def _npi(provider_id: str) -> str:
    return next(r.provider.npi for r in providers() if r.provider.id == provider_id)


def provider_claim(
    member_id: str, day: date, received: date, claim_id: str, **more: Any
) -> dict[str, Any]:
    """Oak Street's claim for an hour of massage (97124 x 4, $160.00)."""
    return {
        "id": claim_id,
        "member_id": member_id,
        "provider_id": OAK_STREET,
        "received": str(received),
        "diagnoses": ["M54.50"],
        "lines": [line(day, **more)],
    }
