"""The unit of work: one transaction over every repository (camnav.services.ports.UnitOfWork).

A write unit takes the database's write lock when it opens on SQLite (`BEGIN IMMEDIATE`, see
database.py), so units there write one after another; on PostgreSQL units run concurrently and
`lock_member` takes the member row's lock (`SELECT ... FOR UPDATE`) until the unit ends. On
SQLite, write units of one process first queue for their turn in arrival order (write_turns.py).
"""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from types import TracebackType

from sqlalchemy import Connection, Engine, Executable, bindparam, event, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.dml import UpdateBase

from camnav.services.ports import ReadOnlyUnitError, UnitOfWorkFactory
from camnav.store.appeals import SqlAppealRepository
from camnav.store.audit import SqlAuditRepository
from camnav.store.claim_reviews import SqlClaimReviewRepository
from camnav.store.claims import SqlClaimRepository
from camnav.store.database import (
    SQLITE_BUSY_TIMEOUT_SECONDS,
    WRITE_OPTION,
    session_factory,
    unit_connection,
)
from camnav.store.directory import SqlDirectoryRepository
from camnav.store.idempotency import SqlIdempotencyRepository
from camnav.store.letters import SqlLetterRepository
from camnav.store.members import SqlMemberRepository
from camnav.store.notifications import SqlNotificationRepository
from camnav.store.organizations import SqlOrganizationRepository
from camnav.store.payments import SqlPaymentRepository
from camnav.store.plans import SqlPlanRepository
from camnav.store.providers import SqlProviderRepository
from camnav.store.referral_reviews import SqlReferralReviewRepository
from camnav.store.referrals import SqlReferralRepository
from camnav.store.tables.members import MemberRow
from camnav.store.uploads import SqlUploadRepository
from camnav.store.users import SqlUserRepository
from camnav.store.write_turns import ProcessTurns, WriteTurns

# An idempotency key still in flight after this long belongs to a request that died (a crash
# between claiming the key and committing the work): a retry takes it over.
DEFAULT_STALE_AFTER = timedelta(minutes=5)


class SqlUnitOfWork:
    """Use once: `with SqlUnitOfWork(sessions) as uow: ...; uow.commit()`. Leaving the block
    without commit rolls back. `write=False` opens a plain transaction in which any write (an
    audit event included) raises ReadOnlyUnitError at once, rather than vanish uncommitted."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        write: bool = True,
        idempotency_stale_after: timedelta = DEFAULT_STALE_AFTER,
        turns: WriteTurns | None = None,
    ) -> None:
        self._write = write
        self._turns = turns if write else None
        self._holding_turn = False
        # The option reaches the "begin" event of database.py, which picks BEGIN IMMEDIATE.
        self.session = sessions(execution_options={WRITE_OPTION: write})
        if not write:
            _refuse_writes(self.session)
        self.members = SqlMemberRepository(self.session)
        self.claims = SqlClaimRepository(self.session)
        self.referrals = SqlReferralRepository(self.session)
        self.providers = SqlProviderRepository(self.session)
        self.organizations = SqlOrganizationRepository(self.session)
        self.plans = SqlPlanRepository(self.session)
        self.audit = SqlAuditRepository(self.session)
        self.idempotency = SqlIdempotencyRepository(self.session, idempotency_stale_after)
        self.users = SqlUserRepository(self.session)
        self.directory = SqlDirectoryRepository(self.session)
        self.uploads = SqlUploadRepository(self.session)
        self.reviews = SqlClaimReviewRepository(self.session)
        self.appeals = SqlAppealRepository(self.session)
        self.payments = SqlPaymentRepository(self.session)
        self.referral_reviews = SqlReferralReviewRepository(self.session)
        self.notifications = SqlNotificationRepository(self.session)
        self.letters = SqlLetterRepository(self.session)

    def __enter__(self) -> SqlUnitOfWork:
        # Begin now rather than at the first query: a write unit holds SQLite's write lock
        # from its first read, so what it reads cannot change before it writes.
        if self._turns is not None:
            self._turns.acquire()
            self._holding_turn = True
        try:
            self.session.connection()
        except BaseException:
            self._end()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._end()

    def _end(self) -> None:
        try:
            self.session.rollback()
            self.session.close()
        finally:
            if self._holding_turn and self._turns is not None:
                self._holding_turn = False
                self._turns.release()

    def commit(self) -> None:
        if not self._write:
            raise ReadOnlyUnitError("a unit opened with write=False cannot commit")
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    def lock_member(self, member_id: str) -> bool:
        """Hold the member's write lock until the unit ends; False when there is no such member.

        PostgreSQL locks the member row; SQLite's write unit already holds the database lock.
        """
        if not self._write:
            raise ReadOnlyUnitError("lock_member needs a unit opened with write=True")
        sqlite = self.session.get_bind().dialect.name == "sqlite"
        query = _MEMBER_EXISTS if sqlite else _MEMBER_ROW_LOCK
        found = unit_connection(self.session).execute(query, {"member_id": member_id})
        return found.first() is not None


_MEMBER_EXISTS = select(MemberRow.member_id).where(MemberRow.member_id == bindparam("member_id"))
_MEMBER_ROW_LOCK = _MEMBER_EXISTS.with_for_update()


def _refuse_writes(session: Session) -> None:
    bind = session.get_bind()
    if not event.contains(bind, "before_execute", _refuse_read_unit_writes):
        event.listen(bind, "before_execute", _refuse_read_unit_writes)


def _refuse_read_unit_writes(
    connection: Connection, statement: Executable, *_arguments: object
) -> None:
    """Every INSERT, UPDATE or DELETE on a read unit's connection (its write option set to
    False) is refused: the ORM's flushes and the repositories' statements built once alike."""
    read_unit = connection.get_execution_options().get(WRITE_OPTION) is False
    if read_unit and isinstance(statement, UpdateBase):
        raise ReadOnlyUnitError("a unit opened with write=False cannot write")


def unit_of_work_factory(
    bind: Engine, idempotency_stale_after: timedelta = DEFAULT_STALE_AFTER
) -> UnitOfWorkFactory:
    """What services receive (ports.UnitOfWorkFactory): `factory(write=True)` opens a unit."""
    sessions = session_factory(bind)
    turns = _sqlite_write_turns(bind)

    def open_unit(*, write: bool = True) -> SqlUnitOfWork:
        return SqlUnitOfWork(
            sessions, write=write, idempotency_stale_after=idempotency_stale_after, turns=turns
        )

    return open_unit


def _sqlite_write_turns(bind: Engine) -> WriteTurns | None:
    """Turns for SQLite's writers; between processes too when the database is a file. Engines
    of one process on one file share their turns: two queues there would wait on each other."""
    if bind.dialect.name != "sqlite":
        return None
    database = bind.url.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return WriteTurns(SQLITE_BUSY_TIMEOUT_SECONDS)
    path = str(Path(database).resolve())
    with _FILE_TURNS_LOCK:
        if path not in _FILE_TURNS:
            processes = ProcessTurns(Path(f"{path}.write-lock"))
            _FILE_TURNS[path] = WriteTurns(SQLITE_BUSY_TIMEOUT_SECONDS, processes)
        return _FILE_TURNS[path]


_FILE_TURNS: dict[str, WriteTurns] = {}
_FILE_TURNS_LOCK = threading.Lock()
