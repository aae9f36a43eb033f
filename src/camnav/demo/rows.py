"""The demo's objects as table rows (column name -> value) for bulk inserts.

The store's repositories write one object at a time; the demo writes hundreds of thousands of rows
with Core `insert()` in batches, so it maps objects to rows here, column for column as the store's
repositories do (tests/demo reads them back through the repositories). The rows of claims,
determinations, payments and the accumulator ledger are the store's own (camnav.store).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from camnav.demo.documents import Document
from camnav.demo.history import Decided
from camnav.demo.members import DemoMember
from camnav.demo.providers import DemoProvider
from camnav.domain.adjudication import LineResult
from camnav.domain.claims import Claim
from camnav.domain.referrals import Letter
from camnav.services.claims_ports import PaymentKind
from camnav.services.payments import payment_entry
from camnav.services.ports import AccumulatorEntry, Contract, Organization
from camnav.store.claims import claim_values, determination_values, line_values, result_values
from camnav.store.members import ledger_values
from camnav.store.payments import payment_values

Row = dict[str, Any]


def organization_row(organization: Organization) -> Row:
    return {
        "id": organization.id,
        "name": organization.name,
        "tin": organization.tin,
        "npi": organization.npi or None,
        "zip_code": organization.zip_code,
        "region_id": organization.region,
    }


def contract_row(contract: Contract) -> Row:
    return {
        "organization_id": contract.organization_id,
        "network_id": contract.network,
        "starts_on": contract.start,
        "ends_on": contract.end,
    }


def provider_row(demo: DemoProvider) -> Row:
    record, provider = demo.record, demo.provider
    return {
        "id": provider.id,
        "npi": provider.npi or None,
        "name": provider.name,
        "category": provider.category,
        "taxonomy": record.taxonomy,
        "practice_state": provider.state,
        "zip_code": record.zip_code,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "organization_id": record.organization_id,
        "employed_at": provider.employed_at or None,
        "accepting_new_patients": record.accepting_new_patients,
        "languages": list(record.languages),
        "gender": record.gender,
        "credentialed": provider.credentialed,
        "discount_participant": provider.discount_participant,
    }


def license_rows(demo: DemoProvider) -> Iterator[Row]:
    license = demo.provider.license
    if license is not None:
        yield {
            "provider_id": demo.provider.id,
            "number": license.number,
            "state": license.state,
            "status": license.status.value,
            "issued": license.issued,
            "expires": license.expires,
        }


def participation_rows(demo: DemoProvider) -> Iterator[Row]:
    for participation in demo.provider.participations:
        yield {
            "provider_id": demo.provider.id,
            "network_id": participation.network,
            "starts_on": participation.start,
            "ends_on": participation.end,
        }


def member_row(member: DemoMember) -> Row:
    record = member.record
    return {
        "member_id": record.member_id,
        "first_name": record.first_name,
        "last_name": record.last_name,
        "birth_date": record.birth_date,
        "zip_code": record.zip_code,
        "region_id": record.region,
    }


def enrollment_rows(member: DemoMember) -> Iterator[Row]:
    for enrollment in member.enrollments:
        yield {
            "member_id": enrollment.member_id,
            "plan_id": enrollment.plan_id,
            "starts_on": enrollment.start,
            "ends_on": enrollment.end,
        }


def referral_row(document: Document, visits_used: int, physician_user_id: int | None) -> Row:
    referral = document.referral
    return {
        "id": referral.id,
        "member_id": document.member_id,
        "kind": referral.kind.value,
        "category": referral.category,
        "valid_from": referral.valid_from,
        "valid_to": referral.valid_to,
        "visits": referral.visits,
        "visits_used": visits_used,
        "diagnoses": list(referral.diagnoses),
        "status": referral.status.value,
        "physician_user_id": physician_user_id if document.by_physician else None,
        "urgency": document.urgency.value,
        "received_at": document.received_at,
        "decided_at": document.decided_at,
        "decision_reason": document.decision_reason,
        "extra": {},
    }


def letter_row(member_id: str, letter: Letter, physician_user_id: int | None) -> Row:
    return {
        "id": letter.id,
        "member_id": member_id,
        "category": letter.category,
        "issued_on": letter.issued_on,
        "valid_through": letter.valid_through,
        "condition": letter.condition,
        "physician_user_id": physician_user_id,
        "body": {"treatment": f"{letter.category} therapy, up to weekly", "duration_months": 12},
    }


def claim_row(decided: Decided) -> Row:
    values = claim_values(decided.claim, None, None, decided.created_at)
    return {**values, "status": decided.adjudication.status.value}


def claim_line_rows(claim: Claim) -> Iterator[Row]:
    return (line_values(claim.id, line) for line in claim.lines)


def determination_row(determination_id: int, decided: Decided) -> Row:
    claim_id, result = decided.claim.id, decided.adjudication
    return {"id": determination_id, **determination_values(claim_id, 1, result, decided.decided_at)}


def determination_line_row(determination_id: int, line: LineResult) -> Row:
    return result_values(determination_id, line)


def payment_row(decided: Decided) -> Row:
    """The ledger entry of a decided claim's first (and only) payment."""
    result = decided.adjudication
    entry = payment_entry(
        decided.claim, PaymentKind.PAYMENT, result.plan_pays, 1, decided.decided_at
    )
    return payment_values(entry)


def ledger_row(member_id: str, entry: AccumulatorEntry, at: datetime) -> Row:
    return ledger_values(member_id, entry, at)
