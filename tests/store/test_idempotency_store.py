"""Idempotency keys: a request runs once, repeats replay, other bodies mismatch, one racer wins."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from store_builders import a_user, seed_cast
from store_databases import Database

from camnav.services.ports import Begin, BeginState
from camnav.store.database import session_factory
from camnav.store.unit_of_work import SqlUnitOfWork

CLAIMS = "POST /api/v1/claims"
BODY = "e" * 64


def test_a_key_runs_once_then_replays_the_stored_response(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    user = a_user(uow)
    assert uow.idempotency.begin(user.id, "k1", CLAIMS, BODY) == Begin(BeginState.NEW)
    assert uow.idempotency.begin(user.id, "k1", CLAIMS, BODY) == Begin(
        BeginState.CONFLICT_IN_FLIGHT
    )
    uow.idempotency.complete(user.id, "k1", 201, {"claim_id": "C-1", "status": "paid"})
    assert uow.idempotency.begin(user.id, "k1", CLAIMS, BODY) == Begin(
        BeginState.REPLAY, 201, {"claim_id": "C-1", "status": "paid"}
    )


def test_a_key_reused_for_another_request_is_a_mismatch(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    user = a_user(uow)
    uow.idempotency.begin(user.id, "k1", CLAIMS, BODY)
    assert uow.idempotency.begin(user.id, "k1", CLAIMS, "f" * 64).state is BeginState.MISMATCH
    assert uow.idempotency.begin(user.id, "k1", "POST /api/v1/referrals", BODY).state is (
        BeginState.MISMATCH
    )


def test_keys_belong_to_their_user_and_an_abandoned_key_can_be_sent_again(
    uow: SqlUnitOfWork,
) -> None:
    seed_cast(uow)
    first, second = a_user(uow), a_user(uow, username="dr.osei")
    uow.idempotency.begin(first.id, "k1", CLAIMS, BODY)
    assert uow.idempotency.begin(second.id, "k1", CLAIMS, BODY).state is BeginState.NEW
    uow.idempotency.abandon(first.id, "k1")
    assert uow.idempotency.begin(first.id, "k1", CLAIMS, BODY).state is BeginState.NEW


def test_of_ten_concurrent_requests_with_one_key_exactly_one_is_new(
    committed_database: Database,
) -> None:
    sessions = session_factory(committed_database.engine)
    with SqlUnitOfWork(sessions) as uow:
        seed_cast(uow)
        user_id = a_user(uow).id
        uow.commit()
    start = threading.Barrier(10)

    def begin(_: int) -> BeginState:
        start.wait()
        with SqlUnitOfWork(sessions) as uow:
            state = uow.idempotency.begin(user_id, "same-key", CLAIMS, BODY).state
            uow.commit()
            return state

    with ThreadPoolExecutor(max_workers=10) as pool:
        states = list(pool.map(begin, range(10)))
    assert states.count(BeginState.NEW) == 1
    assert states.count(BeginState.CONFLICT_IN_FLIGHT) == 9
