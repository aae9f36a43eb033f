"""A unit of work is one transaction; lock_member serializes a member's read-modify-writes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy import Connection, event
from store_builders import (
    MEMBER,
    PROVIDER,
    YEAR_2025,
    a_claim,
    a_member,
    a_referral,
    a_referral_record,
    an_event,
    seed_cast,
)
from store_databases import Database, OpenUnit

from camnav.services.ports import (
    AccumulatorEntry,
    AccumulatorKind,
    ReadOnlyUnitError,
    UnitOfWork,
    UnitOfWorkFactory,
)
from camnav.store.database import session_factory
from camnav.store.unit_of_work import SqlUnitOfWork, unit_of_work_factory


def test_committed_work_stays_and_uncommitted_work_is_rolled_back(open_unit: OpenUnit) -> None:
    with open_unit() as uow:
        seed_cast(uow)
        uow.commit()
    with open_unit() as uow:
        uow.members.add(a_member(member_id="M-gone"))
    with open_unit(write=False) as uow:
        assert uow.members.get(MEMBER) is not None
        assert uow.members.get("M-gone") is None


def test_a_read_unit_neither_writes_nor_commits_nor_locks(open_unit: OpenUnit) -> None:
    with open_unit() as uow:
        seed_cast(uow)
        uow.commit()
    with open_unit(write=False) as uow:
        with pytest.raises(ReadOnlyUnitError):
            uow.members.add(a_member(member_id="M-2"))
        uow.rollback()
        with pytest.raises(ReadOnlyUnitError):
            uow.referrals.update_usage("R-1", 1)
        with pytest.raises(ReadOnlyUnitError):
            uow.audit.append(an_event())
        uow.rollback()
        # Statements run on the unit's connection, not through the ORM, are refused too.
        with pytest.raises(ReadOnlyUnitError):
            entry = AccumulatorEntry(YEAR_2025, AccumulatorKind.CATEGORY_VISIT, 1, key="massage")
            uow.members.append_accumulators(MEMBER, [entry])
        with pytest.raises(ReadOnlyUnitError):
            uow.claims.add(a_claim(), None, None)
        uow.rollback()
        with pytest.raises(ReadOnlyUnitError):
            uow.commit()
        with pytest.raises(ReadOnlyUnitError):
            uow.lock_member(MEMBER)


def test_lock_member_tells_whether_the_member_exists(open_unit: OpenUnit) -> None:
    with open_unit() as uow:
        seed_cast(uow)
        assert uow.lock_member(MEMBER)
        assert not uow.lock_member("M-404")


def test_concurrent_read_modify_writes_of_one_member_do_not_lose_updates(
    committed_database: Database,
) -> None:
    """N units each read the referral's visits used, wait, and write it plus one."""
    increments = 12
    open_unit = unit_of_work_factory(committed_database.engine)
    _seed_referral(committed_database, visits=None)

    def take_visit() -> None:
        with open_unit() as uow:
            uow.lock_member(MEMBER)
            record = uow.referrals.get("R-1")
            assert record is not None
            time.sleep(0.01)  # widen the window in which an unlocked writer would interleave
            uow.referrals.update_usage("R-1", record.referral.visits_used + 1)
            _count_visit(uow)
            uow.commit()

    _run_together(increments, take_visit)
    with open_unit(write=False) as uow:
        record = uow.referrals.get("R-1")
        assert record is not None and record.referral.visits_used == increments
        assert uow.members.accumulators(MEMBER)[YEAR_2025].visits_in("massage") == increments


def test_two_claims_never_both_take_the_last_visit(committed_database: Database) -> None:
    """Ten units race for a referral's three visits left: exactly three get one."""
    open_unit = unit_of_work_factory(committed_database.engine)
    _seed_referral(committed_database, visits=3)
    taken: list[bool] = []

    def try_visit() -> None:
        with open_unit() as uow:
            uow.lock_member(MEMBER)
            record = uow.referrals.get("R-1")
            assert record is not None
            left = record.referral.visits_left
            if left:
                uow.referrals.update_usage("R-1", record.referral.visits_used + 1)
                uow.commit()
            taken.append(bool(left))

    _run_together(10, try_visit)
    assert taken.count(True) == 3


def _seed_referral(database: Database, visits: int | None) -> None:
    with SqlUnitOfWork(session_factory(database.engine)) as uow:
        seed_cast(uow)
        referral = a_referral(visits=visits, valid_to=date(2025, 12, 31))
        uow.referrals.add(a_referral_record(referral=referral))
        uow.commit()


def _count_visit(uow: UnitOfWork) -> None:
    entry = AccumulatorEntry(YEAR_2025, AccumulatorKind.CATEGORY_VISIT, 1, key="massage")
    uow.members.append_accumulators(MEMBER, [entry])


def _run_together(count: int, work: Callable[[], None]) -> None:
    start = threading.Barrier(count)

    def run(_: int) -> None:
        start.wait()
        work()

    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(run, range(count)))


def test_a_listing_holds_the_claims_it_found_with_their_lines_whatever_commits_meanwhile(
    committed_database: Database,
) -> None:
    """A claim committed between a listing's two statements neither breaks it nor comes back
    without its lines (PostgreSQL's statements each see what was committed when they began)."""
    open_unit = unit_of_work_factory(committed_database.engine)
    with open_unit() as uow:
        seed_cast(uow)
        uow.claims.add(a_claim(claim_id="C-1"), None, None)
        uow.commit()
    committed: list[str] = []

    def commit_another(_connection: Connection, statement: object, *_arguments: object) -> None:
        if committed or "FROM claims" not in str(statement) or "claim_lines" in str(statement):
            return
        committed.append("C-2")
        with ThreadPoolExecutor(1) as other:
            other.submit(_add_claim, open_unit, "C-2").result()

    event.listen(committed_database.engine, "after_execute", commit_another)
    try:
        with open_unit(write=False) as uow:
            listed = uow.claims.list_for_provider(PROVIDER)
    finally:
        event.remove(committed_database.engine, "after_execute", commit_another)

    assert committed == ["C-2"]
    assert [(found.claim.id, len(found.claim.lines)) for found in listed] == [("C-1", 1)]


def _add_claim(open_unit: UnitOfWorkFactory, claim_id: str) -> None:
    with open_unit() as uow:
        uow.claims.add(a_claim(claim_id=claim_id), None, None)
        uow.commit()
