"""The store's guarantees under the claims workflow: a stale in-flight Idempotency-Key is taken
over by the same request sent again (and only then), a determination is paid at most once, and
the payment ledger and the adjustments are append-only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from claims_cast import NOW, OAK_STREET, OWEN, Caller, provider_claim
from claims_harness import Api
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import sessionmaker

from camnav.domain.adjudication import ClaimStatus
from camnav.library.library import PlanLibrary
from camnav.services.claims_ports import (
    Adjustment,
    AdjustmentCause,
    Payee,
    PaymentEntry,
    PaymentKind,
)
from camnav.services.context import ServiceContext
from camnav.services.payments import post_unposted, reconciliation
from camnav.services.ports import BeginState
from camnav.store.unit_of_work import SqlUnitOfWork

STALE_AFTER = timedelta(seconds=300)


def begin(api: Api, at: datetime, body_hash: str = "a" * 64) -> BeginState:
    sessions = sessionmaker(
        bind=api.connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    with SqlUnitOfWork(sessions, idempotency_stale_after=STALE_AFTER) as uow:
        user = uow.users.get_by_username("oak-desk")
        assert user is not None
        found = uow.idempotency.begin(user.id, "key-1", "POST /api/v1/claims", body_hash, at)
        uow.commit()
    return found.state


def test_an_in_flight_key_is_a_conflict_until_it_is_stale_then_the_retry_takes_it_over(
    api: Api,
) -> None:
    first = begin(api, NOW)
    while_running = begin(api, NOW + timedelta(seconds=299))
    other_body = begin(api, NOW + timedelta(seconds=301), body_hash="b" * 64)
    after_a_crash = begin(api, NOW + timedelta(seconds=301))
    right_after_takeover = begin(api, NOW + timedelta(seconds=302))

    assert first is BeginState.NEW
    assert while_running is BeginState.CONFLICT_IN_FLIGHT
    assert other_body is BeginState.MISMATCH
    assert after_a_crash is BeginState.NEW
    assert right_after_takeover is BeginState.CONFLICT_IN_FLIGHT  # the retry holds it now


def test_a_determination_is_paid_at_most_once(api: Api) -> None:
    api.post(Caller.PROVIDER, "/api/v1/claims", provider_claim(OWEN, NOW.date(), NOW.date(), "C-1"))
    entry = PaymentEntry(
        "C-1", OWEN, Payee.PROVIDER, OAK_STREET, PaymentKind.ADJUSTMENT, 11500, 1, NOW
    )

    with pytest.raises(IntegrityError), api.units() as uow:
        uow.payments.append(entry)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE payments SET amount = amount * 2",
        "DELETE FROM payments",
        "UPDATE claim_adjustments SET plan_pays_after = 0",
        "DELETE FROM claim_adjustments",
    ],
)
def test_the_payment_ledger_and_the_adjustments_refuse_changes(api: Api, statement: str) -> None:
    api.post(Caller.PROVIDER, "/api/v1/claims", provider_claim(OWEN, NOW.date(), NOW.date(), "C-1"))
    adjustment = Adjustment(
        "C-1",
        2,
        AdjustmentCause.CORRECTION,
        "user:1",
        ClaimStatus.PAID,
        ClaimStatus.DENIED,
        11500,
        0,
        NOW,
    )
    with api.units() as uow:
        uow.reviews.add_adjustment(adjustment)
        uow.commit()

    with pytest.raises(DBAPIError, match="append-only"):
        api.connection.execute(text(statement))


def test_the_backfill_posts_claims_decided_without_a_ledger_entry_once(
    api: Api, library: PlanLibrary
) -> None:
    api.post(Caller.PROVIDER, "/api/v1/claims", provider_claim(OWEN, NOW.date(), NOW.date(), "C-1"))
    # As if decided before the ledger existed (the demo build, an earlier version).
    if api.kind == "sqlite":
        api.connection.execute(text("DROP TRIGGER payments_no_delete"))
    else:
        api.connection.execute(text("ALTER TABLE payments DISABLE TRIGGER USER"))
    api.connection.execute(text("DELETE FROM payments"))
    context = ServiceContext(api.units, library, clock=lambda: datetime.now(UTC))

    posted = post_unposted(context)
    again = post_unposted(context)

    with api.units(write=False) as uow:
        assert reconciliation(uow).balanced
    assert (posted, again) == (1, 0)
