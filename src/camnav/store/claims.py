"""Claims: as submitted, their determinations, attachments, and the member's claim history.

Claims and determinations are read and written with SQL expression statements built once, on the
unit's connection, not as ORM objects: submitting a claim runs this module's statements a dozen
times, and the ORM's per-statement and per-object work (building the statement and its cache
key, the identity map, the flush) cost several times what SQLite takes to run them, all of it
inside the database's single write lock. No ORM object of these tables is ever loaded, so none
can go stale when a statement here changes its row.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Row,
    Select,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from camnav.domain.adjudication import (
    LINE_AMOUNTS,
    Adjudication,
    ClaimStatus,
    LineResult,
    LineStatus,
)
from camnav.domain.claims import Attachment, Claim, ClaimLine, PriorLine, Submitter
from camnav.domain.plans import Tier
from camnav.domain.reasons import Reason, ReasonCode
from camnav.services.ports import AttachmentFile, ClaimRecord, ConflictError, Determination
from camnav.store.database import unit_connection
from camnav.store.tables.claims import (
    AttachmentRow,
    ClaimLineRow,
    ClaimRow,
    DeterminationLineRow,
    DeterminationRow,
)

# Lines that enter the history: the engine records paid and denied lines, not pended or returned.
_HISTORY_STATUSES = (LineStatus.PAID.value, LineStatus.DENIED.value)

_CLAIMS = cast(Table, ClaimRow.__table__)
_LINES = cast(Table, ClaimLineRow.__table__)
_DETERMINATIONS = cast(Table, DeterminationRow.__table__)
_RESULTS = cast(Table, DeterminationLineRow.__table__)

_INSERT_CLAIM = insert(_CLAIMS)
_INSERT_LINES = insert(_LINES)
_CLAIM_TAKEN = select(_CLAIMS.c.claim_id).where(_CLAIMS.c.claim_id == bindparam("claim_id"))
_CLAIM_ORDER = (_CLAIMS.c.received, _CLAIMS.c.created_at, _CLAIMS.c.claim_id)
_CLAIM_BY_ID = select(_CLAIMS).where(_CLAIMS.c.claim_id == bindparam("claim_id"))
_CLAIMS_OF_MEMBER = (
    select(_CLAIMS).where(_CLAIMS.c.member_id == bindparam("key")).order_by(*_CLAIM_ORDER)
)
_CLAIMS_OF_PROVIDER = (
    select(_CLAIMS).where(_CLAIMS.c.provider_id == bindparam("key")).order_by(*_CLAIM_ORDER)
)
_PENDED_CLAIMS = (
    select(_CLAIMS)
    .where(_CLAIMS.c.status == ClaimStatus.PENDED.value)
    .order_by(_CLAIMS.c.created_at, _CLAIMS.c.claim_id)
)


_LINES_OF = (
    select(_LINES)
    .where(_LINES.c.claim_id.in_(bindparam("claim_ids", expanding=True)))
    .order_by(_LINES.c.claim_id, _LINES.c.number)
)
# The claims whose lines one statement reads at most: SQLite binds at most 32,766 parameters.
_IDS_PER_STATEMENT = 1000

_SET_STATUS = (
    update(_CLAIMS)
    .where(_CLAIMS.c.claim_id == bindparam("claim"))
    .values(status=bindparam("new_status"), version=bindparam("new_version"))
)
_LAST_SEQUENCE = select(func.max(_DETERMINATIONS.c.sequence)).where(
    _DETERMINATIONS.c.claim_id == bindparam("claim_id")
)
_NO_LONGER_CURRENT = (
    update(_DETERMINATIONS)
    .where(_DETERMINATIONS.c.claim_id == bindparam("claim"), _DETERMINATIONS.c.is_current)
    .values(is_current=False)
)
_INSERT_DETERMINATION = insert(_DETERMINATIONS).returning(_DETERMINATIONS.c.id)
_INSERT_RESULTS = insert(_RESULTS)
_CURRENT_DETERMINATION = select(_DETERMINATIONS).where(
    _DETERMINATIONS.c.claim_id == bindparam("claim_id"), _DETERMINATIONS.c.is_current
)
_RESULTS_OF = (
    select(_RESULTS)
    .where(_RESULTS.c.determination_id == bindparam("determination_id"))
    .order_by(_RESULTS.c.number)
)
_HISTORY = (
    select(
        _CLAIMS.c.provider_id,
        _LINES.c.service_date,
        _LINES.c.code,
        _LINES.c.units,
        _LINES.c.billed,
        _LINES.c.modifiers,
        _RESULTS.c.category,
        _RESULTS.c.copay,
        _RESULTS.c.status,
    )
    .join(_LINES, _LINES.c.claim_id == _CLAIMS.c.claim_id)
    .join(
        _DETERMINATIONS,
        and_(_DETERMINATIONS.c.claim_id == _CLAIMS.c.claim_id, _DETERMINATIONS.c.is_current),
    )
    .join(
        _RESULTS,
        and_(
            _RESULTS.c.determination_id == _DETERMINATIONS.c.id,
            _RESULTS.c.number == _LINES.c.number,
        ),
    )
    .where(
        _CLAIMS.c.member_id == bindparam("member_id"),
        _RESULTS.c.status.in_(_HISTORY_STATUSES),
        _CLAIMS.c.claim_id.not_in(bindparam("excluding", expanding=True)),
    )
    .order_by(_LINES.c.service_date, _CLAIMS.c.created_at, _CLAIMS.c.claim_id, _LINES.c.number)
)


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
        connection = unit_connection(self._session)
        if connection.execute(_CLAIM_TAKEN, {"claim_id": claim.id}).first() is not None:
            raise ConflictError(f"claim {claim.id!r} already exists")
        created = at or datetime.now(UTC)
        connection.execute(
            _INSERT_CLAIM, claim_values(claim, submitted_by, idempotency_key, created)
        )
        _insert_lines(connection, claim.id, claim.lines)
        return ClaimRecord(claim, created, None, submitted_by, idempotency_key, 1)

    def get(self, claim_id: str) -> ClaimRecord | None:
        found = self._records(_CLAIM_BY_ID, {"claim_id": claim_id})
        return found[0] if found else None

    def save_determination(
        self, claim_id: str, adjudication: Adjudication, at: datetime | None = None
    ) -> Determination:
        """Store an adjudication as the claim's current determination; earlier ones are kept
        but no longer current, and the claim's version counts its determinations."""
        connection = unit_connection(self._session)
        last = connection.execute(_LAST_SEQUENCE, {"claim_id": claim_id}).scalar() or 0
        sequence = last + 1
        status = {"claim": claim_id, "new_status": adjudication.status.value}
        if connection.execute(_SET_STATUS, {**status, "new_version": sequence}).rowcount == 0:
            raise LookupError(f"no claim {claim_id!r}")
        if last:
            connection.execute(_NO_LONGER_CURRENT, {"claim": claim_id})
        decided_at = at or datetime.now(UTC)
        values = determination_values(claim_id, sequence, adjudication, decided_at)
        determination_id = connection.execute(_INSERT_DETERMINATION, values).scalar_one()
        if adjudication.lines:
            connection.execute(
                _INSERT_RESULTS,
                [result_values(determination_id, line) for line in adjudication.lines],
            )
        return Determination(
            claim_id=claim_id,
            sequence=sequence,
            status=adjudication.status,
            lines=adjudication.lines,
            decided_at=decided_at,
            category=adjudication.category,
            visits_remaining=adjudication.visits_remaining,
            referral_visits_remaining=adjudication.referral_visits_remaining,
        )

    def determination(self, claim_id: str) -> Determination | None:
        connection = unit_connection(self._session)
        row = connection.execute(_CURRENT_DETERMINATION, {"claim_id": claim_id}).first()
        if row is None:
            return None
        results = connection.execute(_RESULTS_OF, {"determination_id": row.id})
        return _determination(row, results)

    def list_for_member(self, member_id: str) -> tuple[ClaimRecord, ...]:
        return self._records(_CLAIMS_OF_MEMBER, {"key": member_id})

    def list_for_provider(self, provider_id: str) -> tuple[ClaimRecord, ...]:
        return self._records(_CLAIMS_OF_PROVIDER, {"key": provider_id})

    def pended(self) -> tuple[ClaimRecord, ...]:
        """Claims waiting for a person, the longest waiting first."""
        return self._records(_PENDED_CLAIMS, {})

    def lines_of_member(
        self, member_id: str, excluding: Collection[str] = ()
    ) -> tuple[PriorLine, ...]:
        """The member's decided lines (paid or denied, current determinations), oldest first;
        without the lines of the claims `excluding` names."""
        found = unit_connection(self._session).execute(
            _HISTORY, {"member_id": member_id, "excluding": list(excluding)}
        )
        return tuple(_prior_line(*row) for row in found)

    def replace_content(self, claim: Claim) -> None:
        """A corrected claim's lines and details in place of the stored ones; the previous
        content is the caller's to keep (a correction record), determinations are untouched."""
        connection = unit_connection(self._session)
        values = claim_values(claim, None, None, datetime.now(UTC))
        changed = {name: values[name] for name in _CORRECTABLE}
        updated = connection.execute(
            update(_CLAIMS).where(_CLAIMS.c.claim_id == claim.id).values(**changed)
        )
        if updated.rowcount == 0:
            raise LookupError(f"no claim {claim.id!r}")
        connection.execute(delete(_LINES).where(_LINES.c.claim_id == claim.id))
        _insert_lines(connection, claim.id, claim.lines)

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

    def _records(self, query: Select[Any], parameters: dict[str, Any]) -> tuple[ClaimRecord, ...]:
        """The claims `query` selects, in its order, each with its lines.

        The lines are read by the ids the first statement found, not by selecting the claims
        again: on PostgreSQL each statement sees what was committed when it began, so a second
        selection could find a claim the first did not (or miss one it found)."""
        connection = unit_connection(self._session)
        rows = connection.execute(query, parameters).all()
        lines: dict[str, list[ClaimLine]] = {row.claim_id: [] for row in rows}
        ids = list(lines)
        for start in range(0, len(ids), _IDS_PER_STATEMENT):
            batch = {"claim_ids": ids[start : start + _IDS_PER_STATEMENT]}
            for line in connection.execute(_LINES_OF, batch):
                lines[line.claim_id].append(_line(line))
        return tuple(_record(row, lines[row.claim_id]) for row in rows)


# What a correction may change; the claim's member, provider and submitter stay.
_CORRECTABLE = (
    "received",
    "diagnoses",
    "attachment_kinds",
    "missing_fields",
    "signed_waiver",
    "amount_paid",
)


def _insert_lines(connection: Connection, claim_id: str, lines: Sequence[ClaimLine]) -> None:
    if lines:
        connection.execute(_INSERT_LINES, [line_values(claim_id, line) for line in lines])


# The rows of a claim, its lines, a determination and its lines, column for column: what this
# repository writes, and what the demo's bulk load writes (camnav.demo.rows).


def claim_values(
    claim: Claim, submitted_by: int | None, idempotency_key: str | None, at: datetime
) -> dict[str, Any]:
    return {
        "claim_id": claim.id,
        "member_id": claim.member_id,
        "provider_id": claim.provider_id,
        "submitter": claim.submitter.value,
        "received": claim.received,
        "status": None,
        "diagnoses": list(claim.diagnoses),
        "attachment_kinds": sorted(kind.value for kind in claim.attachments),
        "missing_fields": list(claim.missing_fields),
        "signed_waiver": claim.signed_waiver,
        "amount_paid": claim.amount_paid,
        "idempotency_key": idempotency_key,
        "submitted_by": submitted_by,
        "created_at": at,
        "version": 1,
    }


def line_values(claim_id: str, line: ClaimLine) -> dict[str, Any]:
    return {
        "claim_id": claim_id,
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


def _record(row: Row[Any], lines: Iterable[ClaimLine]) -> ClaimRecord:
    return ClaimRecord(
        claim=_claim(row, tuple(lines)),
        created_at=row.created_at,
        status=ClaimStatus(row.status) if row.status else None,
        submitted_by=row.submitted_by,
        idempotency_key=row.idempotency_key,
        version=row.version,
    )


def _claim(row: Row[Any], lines: tuple[ClaimLine, ...]) -> Claim:
    return Claim(
        id=row.claim_id,
        member_id=row.member_id,
        provider_id=row.provider_id,
        received=row.received,
        lines=lines,
        submitter=Submitter(row.submitter),
        diagnoses=tuple(row.diagnoses),
        attachments=frozenset(Attachment(kind) for kind in row.attachment_kinds),
        signed_waiver=row.signed_waiver,
        amount_paid=row.amount_paid,
        missing_fields=tuple(row.missing_fields),
    )


def _line(row: Row[Any]) -> ClaimLine:
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
    provider_id: str,
    service_date: Any,
    code: str,
    units: int,
    billed: int,
    modifiers: list[str],
    category: str | None,
    copay: int,
    status: str,
) -> PriorLine:
    return PriorLine(
        provider_id=provider_id,
        service_date=service_date,
        code=code,
        units=units,
        billed=billed,
        modifiers=tuple(modifiers),
        category=category or "",
        copay=copay,
        paid=status == LineStatus.PAID.value,
    )


def determination_values(
    claim_id: str, sequence: int, adjudication: Adjudication, at: datetime
) -> dict[str, Any]:
    return {
        "claim_id": claim_id,
        "sequence": sequence,
        "is_current": True,
        "status": adjudication.status.value,
        "category": adjudication.category,
        "visits_remaining": adjudication.visits_remaining,
        "referral_visits_remaining": adjudication.referral_visits_remaining,
        "plan_pays": adjudication.plan_pays,
        "member_owes": adjudication.member_owes,
        "balance_bill": adjudication.balance_bill,
        "decided_at": at,
    }


def result_values(determination_id: int, result: LineResult) -> dict[str, Any]:
    return {
        "determination_id": determination_id,
        "number": result.number,
        "service_date": result.service_date,
        "code": result.code,
        "units": result.units,
        "category": result.category,
        "tier": result.tier.value,
        "status": result.status.value,
        "patient_responsibility": result.patient_responsibility,
        "counted_visit": result.counted_visit,
        "referral_id": result.referral_id,
        "reasons": [_reason_json(reason) for reason in result.reasons],
        **{name: getattr(result, name) for name in LINE_AMOUNTS},
    }


def _determination(row: Row[Any], results: Iterable[Row[Any]]) -> Determination:
    return Determination(
        claim_id=row.claim_id,
        sequence=row.sequence,
        status=ClaimStatus(row.status),
        lines=tuple(_result(line) for line in results),
        decided_at=row.decided_at,
        category=row.category,
        visits_remaining=row.visits_remaining,
        referral_visits_remaining=row.referral_visits_remaining,
    )


def _result(row: Row[Any]) -> LineResult:
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
        **{name: getattr(row, name) for name in LINE_AMOUNTS},
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
