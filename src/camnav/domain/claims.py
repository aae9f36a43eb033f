"""Claims as submitted: lines with codes, units, minutes and charges, plus what came with them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from camnav.domain.money import Cents


class Submitter(StrEnum):
    MEMBER = "member"
    PROVIDER = "provider"


class Attachment(StrEnum):
    ITEMIZED_BILL = "itemized_bill"
    PROOF_OF_PAYMENT = "proof_of_payment"
    REFERRAL_COPY = "referral_copy"
    PRESCRIPTION_COPY = "prescription_copy"
    PROGRESS_NOTES = "progress_notes"


@dataclass(frozen=True, slots=True)
class ClaimLine:
    number: int
    service_date: date
    code: str
    units: int
    billed: Cents
    minutes: int | None = None
    modifiers: tuple[str, ...] = ()
    diagnoses: tuple[str, ...] = ()
    modality: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A claim for one member and one provider; member-submitted claims ask for reimbursement."""

    id: str
    member_id: str
    provider_id: str
    received: date
    lines: tuple[ClaimLine, ...]
    submitter: Submitter = Submitter.PROVIDER
    diagnoses: tuple[str, ...] = ()
    attachments: frozenset[Attachment] = frozenset()
    signed_waiver: bool = False
    amount_paid: Cents | None = None
    missing_fields: tuple[str, ...] = ()

    def diagnoses_for(self, line: ClaimLine) -> tuple[str, ...]:
        return line.diagnoses or self.diagnoses


@dataclass(slots=True, unsafe_hash=True)
class PriorLine:
    """A line already adjudicated for this member: enough to find duplicates and same-day visits.

    Not frozen: the engine builds one for every decided claim line, and a frozen dataclass pays a
    call to object.__setattr__ for each field. Nothing changes one once built; it compares and
    hashes by value, as a frozen one would.
    """

    provider_id: str
    service_date: date
    code: str
    units: int
    billed: Cents
    modifiers: tuple[str, ...] = ()
    category: str = ""
    copay: Cents = 0
    paid: bool = False

    def duplicates(self, provider_id: str, line: ClaimLine) -> bool:
        return (
            self.provider_id == provider_id
            and self.service_date == line.service_date
            and self.code == line.code
            and self.units == line.units
            and self.billed == line.billed
            and sorted(self.modifiers) == sorted(line.modifiers)
        )
