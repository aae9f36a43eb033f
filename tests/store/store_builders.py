"""Keyword-only builders of what the store keeps, and a small cast to store it for.

Import with `from store_builders import ...` (pytest's "prepend" import mode puts this directory
on sys.path). The story: Maya Lopez, a member of plan A in the Northwest region, sees Sam Rivera,
an in-network licensed massage therapist in Oregon, in March 2025.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from camnav.domain.claims import Attachment, Claim, ClaimLine, Submitter
from camnav.domain.members import Enrollment
from camnav.domain.providers import License, LicenseStatus, Participation, Provider
from camnav.domain.referrals import Referral, ReferralKind
from camnav.domain.regions import MedicalCenter, Region
from camnav.services.ports import (
    AuditEvent,
    AuditOutcome,
    MemberRecord,
    ProviderRecord,
    ReferralRecord,
    Role,
    UnitOfWork,
    UserRecord,
)

DAY = date(2025, 3, 10)
YEAR_2025 = date(2025, 1, 1)
NETWORK = "example-health-network"
REGION = "northwest"
MEMBER = "M-1001"
PROVIDER = "P-2001"
NOON = datetime(2025, 3, 10, 12, 0, 0, 123456, tzinfo=UTC)


def a_region(**overrides: Any) -> Region:
    values: dict[str, Any] = {
        "id": REGION,
        "name": "Northwest",
        "states": ("OR", "WA"),
        "delivery": {"massage": ("network",), "acupuncture": ("employed", "network")},
        "medical_centers": (
            MedicalCenter("nw-portland", "Portland Medical Center", "97227", ("acupuncture",)),
            MedicalCenter("nw-salem", "Salem Medical Center", "97301", ("acupuncture",)),
        ),
        "citation": "Regions 2025 §1",
    }
    values.update(overrides)
    return Region(**values)


def a_member(*, member_id: str = MEMBER, **overrides: Any) -> MemberRecord:
    values: dict[str, Any] = {
        "first_name": "Maya",
        "last_name": "Lopez",
        "birth_date": date(1984, 6, 2),
        "zip_code": "97214",
        "region": REGION,
    }
    values.update(overrides)
    return MemberRecord(member_id=member_id, **values)


def an_enrollment(*, member_id: str = MEMBER, **overrides: Any) -> Enrollment:
    values: dict[str, Any] = {
        "plan_id": "example-a",
        "start": YEAR_2025,
        "end": None,
        "region": REGION,
        "zip_code": "97214",
    }
    values.update(overrides)
    return Enrollment(member_id=member_id, **values)


def a_provider(*, provider_id: str = PROVIDER, **overrides: Any) -> Provider:
    values: dict[str, Any] = {
        "name": "Sam Rivera, LMT",
        "category": "massage",
        "state": "OR",
        "npi": "1234567893",
        "license": License("LMT-12345", "OR", LicenseStatus.ACTIVE, date(2026, 6, 30), None),
        "participations": (Participation(NETWORK, date(2024, 1, 1), None),),
        "credentialed": True,
        "discount_participant": False,
        "employed_at": "",
    }
    values.update(overrides)
    return Provider(id=provider_id, **values)


def a_provider_record(**overrides: Any) -> ProviderRecord:
    values: dict[str, Any] = {
        "provider": a_provider(),
        "taxonomy": "225700000X",
        "zip_code": "97214",
        "latitude": 45.5152,
        "longitude": -122.6784,
        "accepting_new_patients": True,
        "languages": ("en", "es"),
        "gender": "female",
    }
    values.update(overrides)
    return ProviderRecord(**values)


def a_line(**overrides: Any) -> ClaimLine:
    values: dict[str, Any] = {
        "number": 1,
        "service_date": DAY,
        "code": "97124",
        "units": 4,
        "billed": 16000,
        "minutes": 60,
        "modifiers": (),
        "diagnoses": (),
        "modality": None,
    }
    values.update(overrides)
    return ClaimLine(**values)


def a_claim(*, claim_id: str = "C-1", **overrides: Any) -> Claim:
    values: dict[str, Any] = {
        "member_id": MEMBER,
        "provider_id": PROVIDER,
        "received": date(2025, 3, 12),
        "lines": (a_line(),),
        "submitter": Submitter.PROVIDER,
        "diagnoses": ("M54.50",),
        "attachments": frozenset(),
        "signed_waiver": False,
        "amount_paid": None,
        "missing_fields": (),
    }
    values.update(overrides)
    return Claim(id=claim_id, **values)


def a_member_claim(*, claim_id: str = "C-2") -> Claim:
    """A reimbursement request with everything a member sends, on two lines."""
    return a_claim(
        claim_id=claim_id,
        submitter=Submitter.MEMBER,
        attachments=frozenset({Attachment.ITEMIZED_BILL, Attachment.PROOF_OF_PAYMENT}),
        signed_waiver=True,
        amount_paid=19500,
        missing_fields=("provider_tin",),
        lines=(
            a_line(number=1, code="97140", units=2, billed=7000, modifiers=("59", "GP")),
            a_line(number=2, code="97124", units=2, billed=8000, diagnoses=("M79.7",)),
        ),
    )


def a_referral(*, referral_id: str = "R-1", **overrides: Any) -> Referral:
    values: dict[str, Any] = {
        "kind": ReferralKind.REFERRAL,
        "category": "massage",
        "valid_from": date(2025, 2, 1),
        "valid_to": date(2025, 7, 31),
        "visits": 6,
        "visits_used": 0,
        "diagnoses": ("M54.50",),
    }
    values.update(overrides)
    return Referral(id=referral_id, **values)


def a_referral_record(**overrides: Any) -> ReferralRecord:
    values: dict[str, Any] = {"referral": a_referral(), "member_id": MEMBER}
    values.update(overrides)
    return ReferralRecord(**values)


def an_event(minute: int = 0, **overrides: Any) -> AuditEvent:
    values: dict[str, Any] = {
        "at": NOON + timedelta(minutes=minute),
        "action": "claim.read",
        "resource_type": "claim",
        "outcome": AuditOutcome.SUCCESS,
        "actor_user_id": 7,
        "actor_role": "member",
        "resource_id": f"C-{minute}",
        "member_id": MEMBER,
        "detail": {"fields": ["status", "lines"], "remote": "127.0.0.1", "ms": 3.5},
    }
    values.update(overrides)
    return AuditEvent(**values)


def a_user(
    uow: UnitOfWork, *, username: str = "dr.chen", role: Role = Role.PHYSICIAN
) -> UserRecord:
    return uow.users.add(
        username=username,
        display_name=username.title(),
        role=role,
        password_hash="$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        member_id=MEMBER if role is Role.MEMBER else None,
        provider_id=PROVIDER if role is Role.PROVIDER else None,
        physician_npi="1987654321" if role is Role.PHYSICIAN else None,
    )


def seed_cast(uow: UnitOfWork) -> None:
    """The region, network, member (enrolled in plan A) and provider the stories need."""
    uow.organizations.add_region(a_region())
    uow.organizations.add_network(NETWORK, "Example Health Network")
    uow.members.add(a_member())
    uow.members.enroll(an_enrollment())
    uow.providers.add(a_provider_record())
