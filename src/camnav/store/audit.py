"""The audit trail: append-only rows chained by hashes, so tampering shows on verification.

Each event's hash is sha256(previous hash || canonical JSON of the event with its id); the first
event's previous hash is 64 zeros. The database refuses UPDATE and DELETE (triggers created by the
migration); the chain catches what a database owner could still do by dropping the triggers.
Deleting the newest events cannot be seen from the chain alone: compare `checked` with a count
kept elsewhere (a log shipped off the machine) when that matters.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC
from typing import cast

from sqlalchemy import RowMapping, Table, insert, select, text
from sqlalchemy.orm import Session

from camnav.services.ports import (
    AuditEvent,
    AuditOutcome,
    AuditRecord,
    VerificationResult,
)
from camnav.store.database import unit_connection
from camnav.store.tables.audit import AuditEventRow

GENESIS_HASH = "0" * 64
# pg_advisory_xact_lock's first key serializing appends ("caud"); the second is the schema's,
# so deployments (and test runs) in separate schemas of one database keep separate chains.
AUDIT_LOCK_KEY = int.from_bytes(b"caud", "big")


_EVENTS = cast(Table, AuditEventRow.__table__)
_LAST = select(_EVENTS.c.id, _EVENTS.c.hash).order_by(_EVENTS.c.id.desc()).limit(1)
_APPEND = insert(_EVENTS)


class SqlAuditRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def append(self, event: AuditEvent) -> AuditRecord:
        """Append an event at the end of the chain. Appends are serialized: on PostgreSQL by a
        transaction-scoped advisory lock, on SQLite by the write transaction itself."""
        self._serialize()
        # Every claim decision appends, inside the database's write lock: statements built
        # once, run on the connection (see store/claims.py).
        connection = unit_connection(self._session)
        last = connection.execute(_LAST).first()
        event_id, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        record = AuditRecord(event_id, event, prev_hash, chain_hash(prev_hash, event_id, event))
        connection.execute(_APPEND, _values(record))
        return record

    def verify(self) -> VerificationResult:
        """Recompute the chain from the first event; the first row that breaks it is named."""
        query = select(AuditEventRow.__table__).order_by(AuditEventRow.id)
        # Streamed (a server-side cursor on PostgreSQL): the trail may be long.
        result = self._session.execute(query.execution_options(yield_per=1000))
        try:
            return _verify(_record(row) for row in result.mappings())
        finally:
            result.close()

    def for_member(self, member_id: str, limit: int = 100) -> tuple[AuditRecord, ...]:
        """The latest events about a member, newest first."""
        query = (
            select(AuditEventRow.__table__)
            .where(AuditEventRow.member_id == member_id)
            .order_by(AuditEventRow.id.desc())
            .limit(limit)
        )
        return tuple(_record(row) for row in self._session.execute(query).mappings())

    def _serialize(self) -> None:
        if self._session.get_bind().dialect.name == "postgresql":
            lock = text("SELECT pg_advisory_xact_lock(:key, hashtext(current_schema()))")
            self._session.execute(lock, {"key": AUDIT_LOCK_KEY})


def _verify(records: Iterator[AuditRecord]) -> VerificationResult:
    prev_hash, checked = GENESIS_HASH, 0
    for record in records:
        checked += 1
        intact = (
            record.id == checked  # ids run 1, 2, 3... without gaps
            and record.prev_hash == prev_hash
            and record.hash == chain_hash(prev_hash, record.id, record.event)
        )
        if not intact:
            return VerificationResult(False, checked, record.id)
        prev_hash = record.hash
    return VerificationResult(True, checked)


def chain_hash(prev_hash: str, event_id: int, event: AuditEvent) -> str:
    """sha256 of the previous hash followed by the event's canonical JSON."""
    return hashlib.sha256((prev_hash + canonical_json(event_id, event)).encode("utf-8")).hexdigest()


def canonical_json(event_id: int, event: AuditEvent) -> str:
    """The event as JSON with sorted keys, no spaces and the time in UTC ISO 8601."""
    payload = {
        "id": event_id,
        "at": event.at.astimezone(UTC).isoformat(),
        "actor_user_id": event.actor_user_id,
        "actor_role": event.actor_role,
        "action": event.action,
        "resource_type": event.resource_type,
        "resource_id": event.resource_id,
        "member_id": event.member_id,
        "outcome": event.outcome.value,
        "detail": event.detail,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _values(record: AuditRecord) -> dict[str, object]:
    event = record.event
    return {
        "id": record.id,
        "at": event.at,
        "actor_user_id": event.actor_user_id,
        "actor_role": event.actor_role,
        "action": event.action,
        "resource_type": event.resource_type,
        "resource_id": event.resource_id,
        "member_id": event.member_id,
        "outcome": event.outcome.value,
        "detail": dict(event.detail),
        "prev_hash": record.prev_hash,
        "hash": record.hash,
    }


def _record(row: RowMapping) -> AuditRecord:
    # Core rows bypass the ORM: the column type still turns `at` into an aware UTC datetime.
    event = AuditEvent(
        at=row["at"],
        action=row["action"],
        resource_type=row["resource_type"],
        outcome=AuditOutcome(row["outcome"]),
        actor_user_id=row["actor_user_id"],
        actor_role=row["actor_role"],
        resource_id=row["resource_id"],
        member_id=row["member_id"],
        detail=row["detail"],
    )
    return AuditRecord(row["id"], event, row["prev_hash"], row["hash"])
