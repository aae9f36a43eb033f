"""Idempotency keys: the first request with a key runs, a repeat gets the stored response.

`begin` inserts the key with INSERT ... ON CONFLICT DO NOTHING, so of two requests racing with
one key exactly one inserts (PostgreSQL makes the second wait for the first's transaction; SQLite
runs write transactions one at a time). Commit the unit that called `begin` at once, so that
concurrent duplicates see the key in flight; `complete` the key in the unit that commits the
request's effects, or `abandon` it when the request failed so that the client may retry.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Insert, Table, bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from camnav.services.ports import Begin, BeginState, JsonValue
from camnav.store.database import unit_connection
from camnav.store.tables.idempotency import COMPLETED, IN_FLIGHT, IdempotencyKeyRow

_KEYS = cast(Table, IdempotencyKeyRow.__table__)
# Every idempotent request begins and completes its key, the second inside the write unit of its
# work: statements built once, run on the connection (see store/claims.py).
_INSERT_NEW: dict[str, Insert] = {
    "postgresql": postgresql.insert(_KEYS)
    .on_conflict_do_nothing(index_elements=["user_id", "key"])
    .returning(_KEYS.c.id),
    "sqlite": sqlite.insert(_KEYS)
    .on_conflict_do_nothing(index_elements=["user_id", "key"])
    .returning(_KEYS.c.id),
}
_COMPLETE = (
    update(_KEYS)
    .where(_KEYS.c.user_id == bindparam("of_user"), _KEYS.c.key == bindparam("of_key"))
    .values(
        state=COMPLETED,
        response_status=bindparam("new_status"),
        response_body=bindparam("new_body"),
    )
)


class SqlIdempotencyRepository:
    def __init__(self, session: Session, stale_after: timedelta = timedelta(minutes=5)) -> None:
        self._session = session
        self._stale_after = stale_after

    def begin(
        self,
        user_id: int,
        key: str,
        method_path: str,
        request_hash: str,
        at: datetime | None = None,
    ) -> Begin:
        """NEW when this call inserted the key, or took over a stale one (see `_take_over`);
        else what the stored key says about it."""
        now = at or datetime.now(UTC)
        values = {
            "user_id": user_id,
            "key": key,
            "method_path": method_path,
            "request_sha256": request_hash,
            "state": IN_FLIGHT,
            "created_at": now,
        }
        inserted = unit_connection(self._session).execute(self._insert_new(), values).first()
        if inserted is not None or self._take_over(user_id, key, method_path, request_hash, now):
            return Begin(BeginState.NEW)
        return self._inspect(user_id, key, method_path, request_hash)

    def complete(
        self, user_id: int, key: str, response_status: int, response_body: JsonValue
    ) -> None:
        parameters = {"of_user": user_id, "of_key": key, "new_status": response_status}
        unit_connection(self._session).execute(_COMPLETE, {**parameters, "new_body": response_body})

    def abandon(self, user_id: int, key: str) -> None:
        """Forget a key still in flight (its request failed), so the client may send it again."""
        self._session.execute(
            delete(IdempotencyKeyRow).where(
                IdempotencyKeyRow.user_id == user_id,
                IdempotencyKeyRow.key == key,
                IdempotencyKeyRow.state == IN_FLIGHT,
            )
        )

    def _take_over(
        self, user_id: int, key: str, method_path: str, request_hash: str, now: datetime
    ) -> bool:
        """A key in flight for longer than `stale_after` belongs to a request that died between
        claiming the key and committing its work (the work and the key's completion commit
        together, so nothing of it was kept): the same request sent again takes the key over.
        One conditional UPDATE, so of two retries racing for a stale key only one wins."""
        taken = self._session.execute(
            update(IdempotencyKeyRow)
            .where(
                IdempotencyKeyRow.user_id == user_id,
                IdempotencyKeyRow.key == key,
                IdempotencyKeyRow.state == IN_FLIGHT,
                IdempotencyKeyRow.method_path == method_path,
                IdempotencyKeyRow.request_sha256 == request_hash,
                IdempotencyKeyRow.created_at < now - self._stale_after,
            )
            .values(created_at=now)
            .execution_options(synchronize_session=False)
        )
        return bool(cast(CursorResult[Any], taken).rowcount)

    def _insert_new(self) -> Insert:
        return _INSERT_NEW[self._session.get_bind().dialect.name]

    def _inspect(self, user_id: int, key: str, method_path: str, request_hash: str) -> Begin:
        row = self._session.scalars(
            select(IdempotencyKeyRow).where(
                IdempotencyKeyRow.user_id == user_id, IdempotencyKeyRow.key == key
            )
        ).one()
        if row.method_path != method_path or row.request_sha256 != request_hash:
            return Begin(BeginState.MISMATCH)
        if row.state == IN_FLIGHT:
            return Begin(BeginState.CONFLICT_IN_FLIGHT)
        return Begin(BeginState.REPLAY, row.response_status, row.response_body)
