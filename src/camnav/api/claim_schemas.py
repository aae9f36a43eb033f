"""Request bodies of the claims workflow: a member's reimbursement request with its itemized
bill and uploaded documents, corrections, reviewers' decisions and appeals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated

from pydantic import Field, StringConstraints

from camnav.api.schemas import Body, ClaimLineIn, DiagnosisCode, Identifier, Money
from camnav.domain.appeals import AppealStatus
from camnav.domain.claim_reviews import ReviewOutcome
from camnav.domain.claims import Claim, ClaimLine, Submitter
from camnav.domain.money import parse_money
from camnav.services.claim_reviews import ClaimChanges
from camnav.services.claims import bill_missing, reimbursement_checklist
from camnav.services.ports import JsonObject

Line = Annotated[str, StringConstraints(max_length=200)]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class ItemizedBillIn(Body):
    """What the provider's itemized bill shows besides the lines."""

    provider_name: Line = ""
    provider_address: Line = ""
    tin: Annotated[str, StringConstraints(pattern=r"^(\d{2}-?\d{7})?$")] = ""
    npi: Annotated[str, StringConstraints(pattern=r"^(\d{10})?$")] = ""
    license_number: Annotated[str, StringConstraints(max_length=40)] = ""
    place_of_service: Annotated[str, StringConstraints(pattern=r"^(\d{2})?$")] = ""
    patient_name: Line = ""

    def missing(self) -> tuple[str, ...]:
        return bill_missing(self.as_json())

    def as_json(self) -> JsonObject:
        return {name: str(value) for name, value in self.model_dump().items()}


def _lines(lines: list[ClaimLineIn]) -> tuple[ClaimLine, ...]:
    return tuple(
        ClaimLine(
            number=i,
            service_date=line.date,
            code=line.code,
            units=line.units,
            billed=parse_money(line.billed),
            minutes=line.minutes,
            modifiers=tuple(line.modifiers),
            diagnoses=tuple(line.diagnoses),
            modality=line.modality,
        )
        for i, line in enumerate(lines, start=1)
    )


class ReimbursementIn(Body):
    """A member's request to be reimbursed for care already paid: the itemized bill, its lines,
    and the ids of the uploaded documents (invoice, proof of payment, referral copy)."""

    id: Identifier | None = None
    member_id: Identifier
    provider_id: Identifier
    bill: ItemizedBillIn = Field(default_factory=ItemizedBillIn)
    diagnoses: list[DiagnosisCode] = Field(default_factory=list, max_length=12)
    lines: list[ClaimLineIn] = Field(min_length=1, max_length=50)
    amount_paid: Money | None = None
    signed_waiver: bool = False
    uploads: list[Identifier] = Field(default_factory=list, max_length=10)

    def to_claim(self, claim_id: str, today: date) -> Claim:
        claim = Claim(
            id=claim_id,
            member_id=self.member_id,
            provider_id=self.provider_id,
            received=today,
            lines=_lines(self.lines),
            submitter=Submitter.MEMBER,
            diagnoses=tuple(self.diagnoses),
            signed_waiver=self.signed_waiver,
            amount_paid=parse_money(self.amount_paid) if self.amount_paid else None,
        )
        return replace(claim, missing_fields=reimbursement_checklist(claim, self.bill.missing()))


class CorrectionIn(Body):
    """A correction, or a returned claim sent again: what changes, the documents it adds, and
    why. Fields left out keep their stored values."""

    reason: Reason
    lines: list[ClaimLineIn] | None = Field(default=None, min_length=1, max_length=50)
    diagnoses: list[DiagnosisCode] | None = Field(default=None, max_length=12)
    amount_paid: Money | None = None
    bill: ItemizedBillIn | None = None
    signed_waiver: bool | None = None
    uploads: list[Identifier] = Field(default_factory=list, max_length=10)

    def changes(self) -> ClaimChanges:
        return ClaimChanges(
            lines=_lines(self.lines) if self.lines is not None else None,
            diagnoses=tuple(self.diagnoses) if self.diagnoses is not None else None,
            amount_paid=parse_money(self.amount_paid) if self.amount_paid else None,
            signed_waiver=self.signed_waiver,
            bill=self.bill.as_json() if self.bill else None,
            bill_missing=self.bill.missing() if self.bill else None,
        )


class ReviewIn(Body):
    """A reviewer's decision on a pended claim, with the reason in their words."""

    outcome: ReviewOutcome
    reason: Reason


class AppealIn(Body):
    reason: Reason


class AppealDecisionIn(Body):
    outcome: AppealStatus
    reason: Reason
    correction: CorrectionIn | None = None
