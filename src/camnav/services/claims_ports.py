"""What the claims workflow programs against besides ports.py (the store implements it): uploaded
documents and the file store that keeps their content, staff reviews of pended claims,
corrections, the adjustments a re-adjudication records, appeals, and the payment ledger.

`UnitOfWork.uploads`, `.reviews`, `.appeals` and `.payments` are the repositories below. The
payment ledger and the adjustments are append-only: a change is a new entry, never an edit.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from camnav.domain.adjudication import ClaimStatus
from camnav.domain.appeals import AppealStatus
from camnav.domain.claim_reviews import ReviewOutcome
from camnav.domain.claims import Attachment, Submitter
from camnav.domain.money import Cents
from camnav.services.ports import ClaimRecord, JsonObject


@dataclass(frozen=True, slots=True)
class UploadRecord:
    """A document a member (or staff for them) uploaded; its content is in the file store."""

    id: str
    member_id: str
    uploaded_by: int
    kind: Attachment
    sha256: str
    media_type: str
    size: int
    original_name: str
    created_at: datetime


class FileStore(Protocol):
    """Content kept outside the database, named by its sha256."""

    def put(self, sha256: str, content: bytes) -> None: ...
    def get(self, sha256: str) -> bytes | None: ...


class UploadRepository(Protocol):
    def add(self, record: UploadRecord) -> None: ...
    def get(self, upload_id: str) -> UploadRecord | None: ...
    def add_bill(self, claim_id: str, bill: JsonObject, at: datetime) -> None: ...
    def bill(self, claim_id: str) -> JsonObject | None: ...


@dataclass(frozen=True, slots=True)
class ClaimReview:
    """A reviewer's decision on a pended claim, with the reason given."""

    claim_id: str
    provider_id: str
    outcome: ReviewOutcome
    reason: str
    reviewer_user_id: int
    decided_at: datetime


class AdjustmentCause(StrEnum):
    EARLIER_CLAIM = "earlier_claim"  # a claim earlier in date order was decided or changed
    CORRECTION = "correction"  # the claim was corrected or resubmitted
    REVIEW = "review"  # a reviewer decided a pended claim
    APPEAL = "appeal"  # an appeal was overturned


@dataclass(frozen=True, slots=True)
class Adjustment:
    """A decided claim decided again: what caused it and what changed."""

    claim_id: str
    sequence: int  # the new determination's
    cause: AdjustmentCause
    caused_by: str  # the claim (or appeal) that caused it
    status_before: ClaimStatus
    status_after: ClaimStatus
    plan_pays_before: Cents
    plan_pays_after: Cents
    at: datetime


@dataclass(frozen=True, slots=True)
class Correction:
    """A claim's content replaced by a corrected one; the previous content is kept."""

    claim_id: str
    previous: JsonObject
    reason: str
    corrected_by: int
    at: datetime


class ClaimReviewRepository(Protocol):
    def add_review(self, review: ClaimReview) -> None: ...
    def reviews(self, claim_id: str) -> tuple[ClaimReview, ...]: ...
    def approved_providers(self, provider_ids: Collection[str]) -> frozenset[str]: ...
    def pended(self) -> tuple[ClaimRecord, ...]: ...
    def add_correction(self, correction: Correction) -> None: ...
    def corrections(self, claim_id: str) -> tuple[Correction, ...]: ...
    def add_adjustment(self, adjustment: Adjustment) -> None: ...
    def adjustments(self, claim_id: str) -> tuple[Adjustment, ...]: ...
    def decision_counts(self) -> DecisionCounts: ...
    def claims_summary(self) -> ClaimsSummary: ...


@dataclass(frozen=True, slots=True)
class ClaimsSummary:
    """Claims by their current status, decided lines by their primary reason code, and what the
    plan paid per category of care (cents)."""

    by_status: dict[str, int] = field(default_factory=dict)
    lines_by_reason: dict[str, int] = field(default_factory=dict)
    paid_by_category: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DecisionCounts:
    """Decided claims, and those a person had to decide, by the engine's reason for pending."""

    claims: int
    by_first_status: dict[str, int] = field(default_factory=dict)
    pended_by_reason: dict[str, int] = field(default_factory=dict)
    pended: int = 0


@dataclass(frozen=True, slots=True)
class AppealRecord:
    id: str
    claim_id: str
    member_id: str
    filed_by: int
    filed_at: datetime
    deadline: date
    decision_due: date
    reason: str
    status: AppealStatus = AppealStatus.OPEN
    decided_by: int | None = None
    decided_at: datetime | None = None
    outcome_reason: str = ""


class AppealRepository(Protocol):
    def add(self, appeal: AppealRecord) -> None: ...
    def get(self, appeal_id: str) -> AppealRecord | None: ...
    def for_claim(self, claim_id: str) -> tuple[AppealRecord, ...]: ...
    def with_status(self, status: AppealStatus) -> tuple[AppealRecord, ...]: ...
    def decide(
        self, appeal_id: str, status: AppealStatus, by: int, at: datetime, reason: str
    ) -> None: ...


class Payee(StrEnum):
    MEMBER = "member"  # a reimbursement: the member paid the provider
    PROVIDER = "provider"


class PaymentKind(StrEnum):
    PAYMENT = "payment"
    ADJUSTMENT = "adjustment"


@dataclass(frozen=True, slots=True)
class PaymentEntry:
    """One line of the payment ledger: what the plan pays on a determination, or the change a
    later determination makes (negative when the plan takes money back)."""

    claim_id: str
    member_id: str
    payee: Payee
    payee_id: str
    kind: PaymentKind
    amount: Cents
    determination_sequence: int
    at: datetime
    id: int | None = None


@dataclass(frozen=True, slots=True)
class ClaimBalance:
    """A claim's paid total in the ledger against what its current determination pays."""

    claim_id: str
    ledger: Cents
    determined: Cents


@dataclass(frozen=True, slots=True)
class UnpostedClaim:
    """A decided claim the plan pays on, with no entry in the payment ledger yet."""

    claim_id: str
    member_id: str
    provider_id: str
    submitter: Submitter
    sequence: int
    plan_pays: Cents


class PaymentRepository(Protocol):
    def append(self, entry: PaymentEntry) -> None: ...
    def append_all(self, entries: Iterable[PaymentEntry]) -> None: ...
    def unposted(self) -> tuple[UnpostedClaim, ...]: ...
    def paid(self, claim_id: str) -> Cents: ...
    def for_claim(self, claim_id: str) -> tuple[PaymentEntry, ...]: ...
    def for_member(self, member_id: str) -> tuple[PaymentEntry, ...]: ...
    def balances(self) -> tuple[ClaimBalance, ...]: ...
