"""Claims: as submitted, their determinations, attachments, and the member's claim history."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from camnav.domain.adjudication import Adjudication, ClaimStatus, LineResult, LineStatus
from camnav.domain.claims import Attachment, Claim, ClaimLine, PriorLine, Submitter
from camnav.domain.plans import Tier
from camnav.domain.reasons import Reason, ReasonCode
from camnav.services.ports import AttachmentFile, ClaimRecord, ConflictError, Determination
from camnav.store.tables.claims import (
    AttachmentRow,
    ClaimLineRow,
    ClaimRow,
    DeterminationLineRow,
    DeterminationRow,
)

# Lines that enter the history: the engine records paid and denied lines, not pended or returned.
_HISTORY_STATUSES = (LineStatus.PAID.value, LineStatus.DENIED.value)


class SqlClaimRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        claim: Claim,
        submitted_by: int | None,
        idempotency_key: str | None,
        at: datetime | None = None,
    ) -> ClaimRecord:
        """Store a claim as received; ConflictError when its id is taken."""
        if self._session.get(ClaimRow, claim.id) is not None:
            raise ConflictError(f"claim {claim.id!r} already exists")
        row = _claim_row(claim, submitted_by, idempotency_key, at or datetime.now(UTC))
        self._session.add(row)
        self._session.flush()
        return record_of(row)

    def get(self, claim_id: str) -> ClaimRecord | None:
        row = self._session.get(ClaimRow, claim_id, options=[selectinload(ClaimRow.lines)])
        return record_of(row) if row else None

    def save_determination(
        self, claim_id: str, adjudication: Adjudication, at: datetime | None = None
    ) -> Determination:
        """Store an adjudication as the claim's current determination; earlier ones are kept
        but no longer current, and the claim's version counts its determinations."""
        claim = self._session.get(ClaimRow, claim_id)
        if claim is None:
            raise LookupError(f"no claim {claim_id!r}")
        self._session.execute(
            update(DeterminationRow)
            .where(DeterminationRow.claim_id == claim_id, DeterminationRow.is_current)
            .values(is_current=False)
        )
        sequence = self._last_sequence(claim_id) + 1
        row = _determination_row(claim_id, sequence, adjudication, at or datetime.now(UTC))
        self._session.add(row)
        claim.status = adjudication.status.value
        claim.version = sequence
        self._session.flush()
        return _determination(row)

    def determination(self, claim_id: str) -> Determination | None:
        query = (
            select(DeterminationRow)
            .where(DeterminationRow.claim_id == claim_id, DeterminationRow.is_current)
            .options(selectinload(DeterminationRow.lines))
        )
        row = self._session.scalars(query).first()
        return _determination(row) if row else None

    def list_for_member(self, member_id: str) -> tuple[ClaimRecord, ...]:
        return self._list(ClaimRow.member_id == member_id)

    def list_for_provider(self, provider_id: str) -> tuple[ClaimRecord, ...]:
        return self._list(ClaimRow.provider_id == provider_id)

    def lines_of_member(
        self, member_id: str, excluding: Collection[str] = ()
    ) -> tuple[PriorLine, ...]:
        """The member's decided lines (paid or denied, current determinations), oldest first;
        without the lines of the claims `excluding` names."""
        line, result = ClaimLineRow, DeterminationLineRow
        query = (
            select(ClaimRow.provider_id, line, result.category, result.copay, result.status)
            .join(line, line.claim_id == ClaimRow.claim_id)
            .join(
                DeterminationRow,
                (DeterminationRow.claim_id == ClaimRow.claim_id) & DeterminationRow.is_current,
            )
            .join(
                result,
                (result.determination_id == DeterminationRow.id) & (result.number == line.number),
            )
            .where(
                ClaimRow.member_id == member_id,
                result.status.in_(_HISTORY_STATUSES),
                ClaimRow.claim_id.not_in(excluding),
            )
            .order_by(line.service_date, ClaimRow.created_at, ClaimRow.claim_id, line.number)
        )
        return tuple(
            _prior_line(provider_id, claim_line, category, copay, status)
            for provider_id, claim_line, category, copay, status in self._session.execute(query)
        )

    def replace_content(self, claim: Claim) -> None:
        """A corrected claim's lines and details in place of the stored ones; the previous
        content is the caller's to keep (a correction record), determinations are untouched."""
        row = self._session.get(ClaimRow, claim.id)
        if row is None:
            raise LookupError(f"no claim {claim.id!r}")
        self._session.execute(delete(ClaimLineRow).where(ClaimLineRow.claim_id == claim.id))
        self._session.expire(row, ["lines"])
        row.received = claim.received
        row.diagnoses = list(claim.diagnoses)
        row.attachment_kinds = sorted(kind.value for kind in claim.attachments)
        row.missing_fields = list(claim.missing_fields)
        row.signed_waiver = claim.signed_waiver
        row.amount_paid = claim.amount_paid
        self._session.add_all(
            ClaimLineRow(claim_id=claim.id, **_line_values(line)) for line in claim.lines
        )
        self._session.flush()

    def add_attachment(self, attachment: AttachmentFile, at: datetime | None = None) -> int:
        row = AttachmentRow(
            claim_id=attachment.claim_id,
            kind=attachment.kind,
            sha256=attachment.sha256,
            media_type=attachment.media_type,
            size=attachment.size,
            original_name=attachment.original_name,
            created_at=at or datetime.now(UTC),
        )
        self._session.add(row)
        self._session.flush()
        return row.id

    def attachments(self, claim_id: str) -> tuple[AttachmentFile, ...]:
        query = select(AttachmentRow).where(AttachmentRow.claim_id == claim_id)
        return tuple(
            AttachmentFile(
                row.claim_id, row.kind, row.sha256, row.media_type, row.size, row.original_name
            )
            for row in self._session.scalars(query.order_by(AttachmentRow.id))
        )

    def _list(self, condition: ColumnElement[bool]) -> tuple[ClaimRecord, ...]:
        query = (
            select(ClaimRow)
            .where(condition)
            .options(selectinload(ClaimRow.lines))
            .order_by(ClaimRow.received, ClaimRow.created_at, ClaimRow.claim_id)
        )
        return tuple(record_of(row) for row in self._session.scalars(query))

    def _last_sequence(self, claim_id: str) -> int:
        query = select(func.max(DeterminationRow.sequence)).where(
            DeterminationRow.claim_id == claim_id
        )
        return self._session.scalar(query) or 0


def _claim_row(
    claim: Claim, submitted_by: int | None, idempotency_key: str | None, at: datetime
) -> ClaimRow:
    return ClaimRow(
        claim_id=claim.id,
        member_id=claim.member_id,
        provider_id=claim.provider_id,
        submitter=claim.submitter.value,
        received=claim.received,
        status=None,
        diagnoses=list(claim.diagnoses),
        attachment_kinds=sorted(kind.value for kind in claim.attachments),
        missing_fields=list(claim.missing_fields),
        signed_waiver=claim.signed_waiver,
        amount_paid=claim.amount_paid,
        idempotency_key=idempotency_key,
        submitted_by=submitted_by,
        created_at=at,
        version=1,
        lines=[_line_row(line) for line in claim.lines],
    )


def _line_row(line: ClaimLine) -> ClaimLineRow:
    return ClaimLineRow(**_line_values(line))


def _line_values(line: ClaimLine) -> dict[str, Any]:
    return {
        "number": line.number,
        "service_date": line.service_date,
        "code": line.code,
        "units": line.units,
        "minutes": line.minutes,
        "modifiers": list(line.modifiers),
        "billed": line.billed,
        "diagnoses": list(line.diagnoses),
        "modality": line.modality,
    }


def record_of(row: ClaimRow) -> ClaimRecord:
    return ClaimRecord(
        claim=_claim(row),
        created_at=row.created_at,
        status=ClaimStatus(row.status) if row.status else None,
        submitted_by=row.submitted_by,
        idempotency_key=row.idempotency_key,
        version=row.version,
    )


def _claim(row: ClaimRow) -> Claim:
    return Claim(
        id=row.claim_id,
        member_id=row.member_id,
        provider_id=row.provider_id,
        received=row.received,
        lines=tuple(_line(line) for line in row.lines),
        submitter=Submitter(row.submitter),
        diagnoses=tuple(row.diagnoses),
        attachments=frozenset(Attachment(kind) for kind in row.attachment_kinds),
        signed_waiver=row.signed_waiver,
        amount_paid=row.amount_paid,
        missing_fields=tuple(row.missing_fields),
    )


def _line(row: ClaimLineRow) -> ClaimLine:
    return ClaimLine(
        number=row.number,
        service_date=row.service_date,
        code=row.code,
        units=row.units,
        billed=row.billed,
        minutes=row.minutes,
        modifiers=tuple(row.modifiers),
        diagnoses=tuple(row.diagnoses),
        modality=row.modality,
    )


def _prior_line(
    provider_id: str, line: ClaimLineRow, category: str | None, copay: int, status: str
) -> PriorLine:
    return PriorLine(
        provider_id=provider_id,
        service_date=line.service_date,
        code=line.code,
        units=line.units,
        billed=line.billed,
        modifiers=tuple(line.modifiers),
        category=category or "",
        copay=copay,
        paid=status == LineStatus.PAID.value,
    )


def _determination_row(
    claim_id: str, sequence: int, adjudication: Adjudication, at: datetime
) -> DeterminationRow:
    return DeterminationRow(
        claim_id=claim_id,
        sequence=sequence,
        is_current=True,
        status=adjudication.status.value,
        category=adjudication.category,
        visits_remaining=adjudication.visits_remaining,
        referral_visits_remaining=adjudication.referral_visits_remaining,
        plan_pays=adjudication.plan_pays,
        member_owes=adjudication.member_owes,
        balance_bill=adjudication.balance_bill,
        decided_at=at,
        lines=[_result_row(line) for line in adjudication.lines],
    )


# LineResult's amounts, stored one column each under the same names.
_AMOUNTS = (
    "billed",
    "allowed",
    "deductible",
    "copay",
    "coinsurance",
    "plan_pays",
    "member_owes",
    "balance_bill",
    "contractual_adjustment",
)


def _result_row(result: LineResult) -> DeterminationLineRow:
    return DeterminationLineRow(
        number=result.number,
        service_date=result.service_date,
        code=result.code,
        units=result.units,
        category=result.category,
        tier=result.tier.value,
        status=result.status.value,
        patient_responsibility=result.patient_responsibility,
        counted_visit=result.counted_visit,
        referral_id=result.referral_id,
        reasons=[_reason_json(reason) for reason in result.reasons],
        **{name: getattr(result, name) for name in _AMOUNTS},
    )


def _determination(row: DeterminationRow) -> Determination:
    return Determination(
        claim_id=row.claim_id,
        sequence=row.sequence,
        status=ClaimStatus(row.status),
        lines=tuple(_result(line) for line in row.lines),
        decided_at=row.decided_at,
        category=row.category,
        visits_remaining=row.visits_remaining,
        referral_visits_remaining=row.referral_visits_remaining,
    )


def _result(row: DeterminationLineRow) -> LineResult:
    return LineResult(
        number=row.number,
        service_date=row.service_date,
        code=row.code,
        units=row.units,
        category=row.category,
        tier=Tier(row.tier),
        status=LineStatus(row.status),
        reasons=tuple(_reason(item) for item in row.reasons),
        patient_responsibility=row.patient_responsibility,
        counted_visit=row.counted_visit,
        referral_id=row.referral_id,
        **{name: getattr(row, name) for name in _AMOUNTS},
    )


def _reason_json(reason: Reason) -> dict[str, Any]:
    return {
        "code": reason.code.value,
        "params": [list(pair) for pair in reason.params],
        "citation": reason.citation,
        "amount": reason.amount,
    }


def _reason(item: dict[str, Any]) -> Reason:
    params: Sequence[Sequence[str]] = item["params"]
    return Reason(
        code=ReasonCode(item["code"]),
        params=tuple((str(key), str(value)) for key, value in params),
        citation=item["citation"],
        amount=item["amount"],
    )
