"""What the services program against: a unit of work and one repository per concept.

The store implements these protocols (camnav.store); services never import it. A unit of work is
one database transaction: open it, load, call the domain, save, `commit()` once. Leaving the
`with` block without `commit()` rolls everything back.

Write units (`write=True`) serialize per member through `lock_member()`: on PostgreSQL a
`SELECT ... FOR UPDATE` of the member row, on SQLite the `BEGIN IMMEDIATE` that opened the unit
already holds the database's single write lock. Take the lock before reading the member's state,
so two claims for one member never both take the last visit or the same deductible dollars.

Money is integer cents everywhere; times are timezone-aware UTC datetimes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, TypeAlias

from camnav.domain.adjudication import Adjudication, ClaimStatus, LineResult
from camnav.domain.claims import Claim, PriorLine
from camnav.domain.deadlines import Urgency as Urgency  # re-exported for the store and API
from camnav.domain.members import Accumulators, Enrollment
from camnav.domain.money import Cents
from camnav.domain.plans import Plan
from camnav.domain.providers import License, Provider
from camnav.domain.referrals import Letter, Referral, ReferralStatus
from camnav.domain.regions import Region
from camnav.domain.state import MemberState

if TYPE_CHECKING:  # directory_ports and claims_ports import this module's records
    from camnav.services.claims_ports import (
        AppealRepository,
        ClaimReviewRepository,
        PaymentRepository,
        UploadRepository,
    )
    from camnav.services.directory_ports import DirectoryRepository

JsonValue: TypeAlias = "str | int | float | bool | list[JsonValue] | dict[str, JsonValue] | None"
JsonObject: TypeAlias = "Mapping[str, JsonValue]"


class ConflictError(Exception):
    """A write clashes with what is stored: an id already taken, a plan version with other text."""


class ReadOnlyUnitError(Exception):
    """A write-only operation (commit, lock_member) was asked of a unit opened with write=False."""


# --- records: what crosses the port besides domain objects -------------------------------------


@dataclass(frozen=True, slots=True)
class MemberRecord:
    member_id: str
    first_name: str
    last_name: str
    birth_date: date
    zip_code: str
    region: str | None = None


class AccumulatorKind(StrEnum):
    DEDUCTIBLE = "deductible"
    OUT_OF_POCKET = "out_of_pocket"
    LIMIT_VISIT = "limit_visit"
    CATEGORY_VISIT = "category_visit"


MONEY_KINDS = frozenset({AccumulatorKind.DEDUCTIBLE, AccumulatorKind.OUT_OF_POCKET})


@dataclass(frozen=True, slots=True)
class AccumulatorEntry:
    """One ledger line: money kinds name a `bucket` (a tier), visit kinds a `key` (limit id or
    category); balances are the sums of the entries of a benefit period."""

    period_start: date
    kind: AccumulatorKind
    amount: int
    bucket: str = ""
    key: str = ""
    claim_id: str | None = None
    line_number: int | None = None


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    claim: Claim
    created_at: datetime
    status: ClaimStatus | None = None  # None until a determination is saved
    submitted_by: int | None = None  # the user who submitted it
    idempotency_key: str | None = None
    version: int = 1  # raised by each later determination (a correction or re-adjudication)


@dataclass(frozen=True, slots=True)
class Determination:
    """A stored adjudication of a claim: the status, per-line results and the totals."""

    claim_id: str
    sequence: int
    status: ClaimStatus
    lines: tuple[LineResult, ...]
    decided_at: datetime
    category: str | None = None
    visits_remaining: int | None = None
    referral_visits_remaining: int | None = None

    @property
    def plan_pays(self) -> Cents:
        return sum(line.plan_pays for line in self.lines)

    @property
    def member_owes(self) -> Cents:
        return sum(line.member_owes for line in self.lines)


@dataclass(frozen=True, slots=True)
class AttachmentFile:
    claim_id: str
    kind: str
    sha256: str
    media_type: str
    size: int
    original_name: str = ""


@dataclass(frozen=True, slots=True)
class ReferralRecord:
    referral: Referral
    member_id: str
    physician_user_id: int | None = None
    urgency: Urgency = Urgency.STANDARD
    received_at: datetime | None = None
    decided_at: datetime | None = None
    decision_reason: str = ""
    extra: JsonObject = field(default_factory=dict)  # clinical details


class DecisionSource(StrEnum):
    RULES = "rules"  # the plan's rules, at once
    REVIEW = "review"  # a clinical reviewer
    APPEAL = "appeal"  # a clinical reviewer deciding an appeal


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """One decision on a referral, kept for the history, the letters and the metrics.

    `reasons` are the domain reasons as `{code, params, citation}`; `note` is a reviewer's
    reason in their words; the terms (visits, dates) are those the decision grants.
    """

    referral_id: str
    status: ReferralStatus
    source: DecisionSource
    decided_at: datetime
    reasons: tuple[JsonObject, ...] = ()
    note: str = ""
    decided_by: int | None = None
    visits: int | None = None
    valid_from: date | None = None
    valid_to: date | None = None


class ReviewKind(StrEnum):
    INITIAL = "initial"  # pended by the rules
    APPEAL = "appeal"  # a denial appealed


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A referral waiting in the clinical review queue; its deadline runs from `received_at`."""

    referral_id: str
    kind: ReviewKind
    urgency: Urgency
    received_at: datetime
    opened_by: int | None = None
    note: str = ""
    id: int | None = None
    closed_at: datetime | None = None


class Audience(StrEnum):
    MEMBER = "member"
    PHYSICIAN = "physician"


@dataclass(frozen=True, slots=True)
class NotificationRecord:
    """A notice to the member (every account of theirs) or to one physician's account."""

    member_id: str
    audience: Audience
    topic: str
    text: str
    created_at: datetime
    user_id: int | None = None
    referral_id: str | None = None
    id: int | None = None
    read_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class LetterRecord:
    letter: Letter
    member_id: str
    physician_user_id: int | None = None
    body: JsonObject = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ProviderRecord:
    """A provider with the fields of the directory that decisions do not need."""

    provider: Provider
    taxonomy: str = ""
    zip_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    organization_id: str | None = None
    accepting_new_patients: bool = True
    languages: tuple[str, ...] = ()
    gender: str | None = None


@dataclass(frozen=True, slots=True)
class Organization:
    """A contracted practice."""

    id: str
    name: str
    tin: str = ""
    npi: str = ""
    zip_code: str = ""
    region: str | None = None


@dataclass(frozen=True, slots=True)
class Contract:
    organization_id: str
    network: str
    start: date
    end: date | None = None


@dataclass(frozen=True, slots=True)
class PlanVersion:
    plan_id: str
    version: str
    plan_year: int
    effective_from: date
    effective_to: date
    document: str  # the YAML text as published
    sha256: str


class Role(StrEnum):
    MEMBER = "member"
    PHYSICIAN = "physician"
    MEMBER_SERVICES = "member_services"
    CLINICAL_REVIEWER = "clinical_reviewer"
    PLAN_ADMINISTRATOR = "plan_administrator"
    PROVIDER = "provider"


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: int
    username: str
    display_name: str
    role: Role
    password_hash: str
    member_id: str | None = None  # role member
    provider_id: str | None = None  # role provider
    physician_npi: str | None = None  # role physician
    active: bool = True


@dataclass(frozen=True, slots=True)
class Credential:
    """A page session or an API bearer token; only the token's sha256 is stored."""

    token_hash: str
    user_id: int
    created_at: datetime
    expires_at: datetime
    last_seen_at: datetime | None = None


class AuditOutcome(StrEnum):
    SUCCESS = "success"
    DENIED = "denied"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class AuditEvent:
    at: datetime
    action: str
    resource_type: str
    outcome: AuditOutcome
    actor_user_id: int | None = None
    actor_role: str = ""
    resource_id: str = ""
    member_id: str | None = None
    detail: JsonObject = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AuditRecord:
    id: int
    event: AuditEvent
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class VerificationResult:
    ok: bool
    checked: int
    first_bad_id: int | None = None


class BeginState(StrEnum):
    NEW = "new"  # go ahead: the key is now in flight for this request
    REPLAY = "replay"  # done before: answer with the stored response
    CONFLICT_IN_FLIGHT = "conflict_in_flight"  # the first request with this key is still running
    MISMATCH = "mismatch"  # the key was used for another request (method, path or body)


@dataclass(frozen=True, slots=True)
class Begin:
    state: BeginState
    response_status: int | None = None
    response_body: JsonValue = None


# --- repositories ------------------------------------------------------------------------------


class MemberRepository(Protocol):
    def add(self, member: MemberRecord) -> None: ...
    def get(self, member_id: str) -> MemberRecord | None: ...
    def search(self, text: str, limit: int = 20) -> tuple[MemberRecord, ...]: ...
    def enroll(self, enrollment: Enrollment) -> None: ...
    def enrollment_on(self, member_id: str, day: date) -> Enrollment | None: ...
    def accumulators(
        self, member_id: str, claim_ids: Collection[str] | None = None
    ) -> Mapping[date, Accumulators]:
        """Balances per period; with `claim_ids`, only what those claims' entries add up to."""
        ...

    def state(self, member_id: str, plan: Plan, on: date) -> MemberState: ...
    def append_accumulators(
        self, member_id: str, entries: Iterable[AccumulatorEntry], at: datetime | None = None
    ) -> None: ...


class ClaimRepository(Protocol):
    def add(
        self,
        claim: Claim,
        submitted_by: int | None,
        idempotency_key: str | None,
        at: datetime | None = None,
    ) -> ClaimRecord: ...
    def get(self, claim_id: str) -> ClaimRecord | None: ...
    def save_determination(
        self, claim_id: str, adjudication: Adjudication, at: datetime | None = None
    ) -> Determination: ...
    def determination(self, claim_id: str) -> Determination | None: ...
    def list_for_member(self, member_id: str) -> tuple[ClaimRecord, ...]: ...
    def list_for_provider(self, provider_id: str) -> tuple[ClaimRecord, ...]: ...
    def lines_of_member(
        self, member_id: str, excluding: Collection[str] = ()
    ) -> tuple[PriorLine, ...]: ...
    def replace_content(self, claim: Claim) -> None:
        """A corrected claim's lines and details in place of the stored ones (same id)."""
        ...

    def add_attachment(self, attachment: AttachmentFile, at: datetime | None = None) -> int: ...
    def attachments(self, claim_id: str) -> tuple[AttachmentFile, ...]: ...


class ReferralRepository(Protocol):
    def add(self, record: ReferralRecord) -> None: ...
    def get(self, referral_id: str) -> ReferralRecord | None: ...
    def list_for_member(self, member_id: str) -> tuple[ReferralRecord, ...]: ...
    def list_for_physician(self, user_id: int) -> tuple[ReferralRecord, ...]: ...
    def update_usage(self, referral_id: str, visits_used: int) -> None: ...
    def counted_visits(self, referral_id: str) -> int: ...
    def decide(
        self, referral_id: str, status: ReferralStatus, at: datetime, reason: str = ""
    ) -> None: ...
    def add_letter(self, record: LetterRecord) -> None: ...
    def letters_for_member(self, member_id: str) -> tuple[LetterRecord, ...]: ...


class ReferralReviewRepository(Protocol):
    """Decision history and the clinical review queue."""

    def add_decision(self, decision: DecisionRecord, update_referral: bool = True) -> None:
        """Keep the decision and (unless the referral's row already states it) make it the
        referral's current status and terms."""
        ...

    def decisions(self, referral_id: str) -> tuple[DecisionRecord, ...]: ...
    def decisions_of(
        self, referral_ids: Sequence[str]
    ) -> Mapping[str, tuple[DecisionRecord, ...]]: ...
    def received_between(self, start: datetime, end: datetime) -> tuple[ReferralRecord, ...]: ...
    def open(self, item: ReviewItem) -> ReviewItem: ...
    def open_items(self) -> tuple[ReviewItem, ...]: ...
    def open_item_for(self, referral_id: str) -> ReviewItem | None: ...
    def close(self, item_id: int, at: datetime) -> None: ...


class NotificationRepository(Protocol):
    def add(self, notification: NotificationRecord) -> NotificationRecord: ...
    def add_all(self, notifications: Iterable[NotificationRecord]) -> None: ...
    def get(self, notification_id: int) -> NotificationRecord | None: ...
    def for_member(
        self, member_id: str, limit: int, offset: int = 0
    ) -> tuple[NotificationRecord, ...]: ...
    def for_user(
        self, user_id: int, limit: int, offset: int = 0
    ) -> tuple[NotificationRecord, ...]: ...
    def mark_read(self, notification_id: int, at: datetime) -> None: ...


class LetterRepository(Protocol):
    def get(self, letter_id: str) -> LetterRecord | None: ...


class ProviderRepository(Protocol):
    def add(self, record: ProviderRecord) -> None: ...
    def add_license(self, provider_id: str, license: License) -> None: ...
    def get(self, provider_id: str) -> Provider | None: ...
    def record(self, provider_id: str) -> ProviderRecord | None: ...
    def licenses(self, provider_id: str) -> tuple[License, ...]: ...


class OrganizationRepository(Protocol):
    def add_region(
        self, region: Region, coordinates: Mapping[str, tuple[float, float]] | None = None
    ) -> None: ...
    def region(self, region_id: str) -> Region | None: ...
    def regions(self) -> tuple[Region, ...]: ...
    def add_network(self, network_id: str, name: str) -> None: ...
    def add(self, organization: Organization) -> None: ...
    def get(self, organization_id: str) -> Organization | None: ...
    def add_contract(self, contract: Contract) -> None: ...
    def contracts_of(self, organization_id: str) -> tuple[Contract, ...]: ...


class PlanRepository(Protocol):
    def save_version(
        self,
        plan_id: str,
        version: str,
        plan_year: int,
        effective: tuple[date, date],
        document_text: str,
    ) -> PlanVersion: ...
    def versions(self, plan_id: str) -> tuple[PlanVersion, ...]: ...
    def get(self, plan_id: str, version: str) -> PlanVersion | None: ...


class AuditRepository(Protocol):
    def append(self, event: AuditEvent) -> AuditRecord: ...
    def verify(self) -> VerificationResult: ...
    def for_member(self, member_id: str, limit: int = 100) -> tuple[AuditRecord, ...]: ...


class IdempotencyRepository(Protocol):
    def begin(
        self,
        user_id: int,
        key: str,
        method_path: str,
        request_hash: str,
        at: datetime | None = None,
    ) -> Begin: ...
    def complete(
        self, user_id: int, key: str, response_status: int, response_body: JsonValue
    ) -> None: ...
    def abandon(self, user_id: int, key: str) -> None: ...


class UserRepository(Protocol):
    def add(
        self,
        *,
        username: str,
        display_name: str,
        role: Role,
        password_hash: str,
        member_id: str | None = None,
        provider_id: str | None = None,
        physician_npi: str | None = None,
    ) -> UserRecord: ...
    def get(self, user_id: int) -> UserRecord | None: ...
    def get_by_username(self, username: str) -> UserRecord | None: ...
    def add_session(self, session: Credential) -> None: ...
    def get_session(self, token_hash: str) -> Credential | None: ...
    def touch_session(self, token_hash: str, at: datetime, expires_at: datetime) -> None: ...
    def delete_session(self, token_hash: str) -> None: ...
    def add_token(self, token: Credential) -> None: ...
    def get_token(self, token_hash: str) -> Credential | None: ...
    def delete_token(self, token_hash: str) -> None: ...
    def add_patient(self, physician_user_id: int, member_id: str) -> None: ...
    def patients_of(self, physician_user_id: int) -> tuple[str, ...]: ...
    def is_patient_of(self, physician_user_id: int, member_id: str) -> bool: ...


class UnitOfWork(Protocol):
    """One transaction over every repository; see the module docstring for the write lock."""

    @property
    def members(self) -> MemberRepository: ...
    @property
    def claims(self) -> ClaimRepository: ...
    @property
    def referrals(self) -> ReferralRepository: ...
    @property
    def providers(self) -> ProviderRepository: ...
    @property
    def organizations(self) -> OrganizationRepository: ...
    @property
    def plans(self) -> PlanRepository: ...
    @property
    def audit(self) -> AuditRepository: ...
    @property
    def idempotency(self) -> IdempotencyRepository: ...
    @property
    def users(self) -> UserRepository: ...
    @property
    def directory(self) -> DirectoryRepository: ...
    @property
    def uploads(self) -> UploadRepository: ...
    @property
    def reviews(self) -> ClaimReviewRepository: ...
    @property
    def appeals(self) -> AppealRepository: ...
    @property
    def payments(self) -> PaymentRepository: ...
    @property
    def referral_reviews(self) -> ReferralReviewRepository: ...
    @property
    def notifications(self) -> NotificationRepository: ...
    @property
    def letters(self) -> LetterRepository: ...

    def __enter__(self) -> UnitOfWork: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def lock_member(self, member_id: str) -> bool:
        """Take the member's write lock until the unit ends; False when no such member."""
        ...


class UnitOfWorkFactory(Protocol):
    """Opens a unit: `write=False` for units that write nothing at all (not even audit events)."""

    def __call__(self, *, write: bool = True) -> UnitOfWork: ...


def ledger_entries(
    before: MemberState, after: MemberState, claim_id: str | None
) -> list[AccumulatorEntry]:
    """The ledger entries that take `before`'s accumulators to `after`'s, period by period."""
    entries: list[AccumulatorEntry] = []
    for period in sorted(after.periods):
        old = before.periods.get(period, Accumulators())
        new = after.periods[period]
        entries += _differences(period, claim_id, old, new)
    return entries


def _differences(
    period: date, claim_id: str | None, old: Accumulators, new: Accumulators
) -> list[AccumulatorEntry]:
    pairs: Sequence[tuple[AccumulatorKind, Mapping[str, int], Mapping[str, int]]] = (
        (AccumulatorKind.DEDUCTIBLE, old.deductible_met, new.deductible_met),
        (AccumulatorKind.OUT_OF_POCKET, old.out_of_pocket_met, new.out_of_pocket_met),
        (AccumulatorKind.LIMIT_VISIT, old.limit_visits, new.limit_visits),
        (AccumulatorKind.CATEGORY_VISIT, old.category_visits, new.category_visits),
    )
    entries = []
    for kind, was, now in pairs:
        for name in sorted(set(was) | set(now)):
            amount = now.get(name, 0) - was.get(name, 0)
            if amount:
                money = kind in MONEY_KINDS
                bucket, key = (name, "") if money else ("", name)
                entries.append(AccumulatorEntry(period, kind, amount, bucket, key, claim_id))
    return entries
