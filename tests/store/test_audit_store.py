"""The audit trail is append-only in the database and its hash chain shows tampering."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from store_builders import MEMBER, an_event

from camnav.services.ports import AuditOutcome, VerificationResult
from camnav.store.audit import GENESIS_HASH, chain_hash
from camnav.store.unit_of_work import SqlUnitOfWork


def _append(uow: SqlUnitOfWork, count: int) -> None:
    for minute in range(count):
        uow.audit.append(an_event(minute))


def test_events_are_chained_from_the_genesis_hash(uow: SqlUnitOfWork) -> None:
    first = uow.audit.append(an_event(0))
    second = uow.audit.append(an_event(1, outcome=AuditOutcome.DENIED, member_id=None))
    assert (first.id, first.prev_hash) == (1, GENESIS_HASH)
    assert first.hash == chain_hash(GENESIS_HASH, 1, first.event)
    assert (second.id, second.prev_hash) == (2, first.hash)
    assert uow.audit.verify() == VerificationResult(ok=True, checked=2)


def test_events_about_a_member_come_back_newest_first(uow: SqlUnitOfWork) -> None:
    _append(uow, 3)
    uow.audit.append(an_event(9, member_id="M-other"))
    found = uow.audit.for_member(MEMBER, limit=2)
    assert [record.id for record in found] == [3, 2]
    assert found[0].event == an_event(2)


def test_the_database_refuses_to_update_or_delete_audit_events(uow: SqlUnitOfWork) -> None:
    _append(uow, 2)
    for statement in (
        "UPDATE audit_events SET outcome = 'denied' WHERE id = 1",
        "DELETE FROM audit_events WHERE id = 2",
    ):
        with (
            pytest.raises(IntegrityError, match="audit events are append-only"),
            uow.session.begin_nested(),
        ):
            uow.session.execute(text(statement))
    assert uow.audit.verify() == VerificationResult(ok=True, checked=2)


def test_verification_names_the_first_tampered_event(uow: SqlUnitOfWork) -> None:
    _append(uow, 4)
    _drop_append_only_triggers(uow)
    uow.session.execute(text("UPDATE audit_events SET resource_id = 'C-x' WHERE id = 2"))
    assert uow.audit.verify() == VerificationResult(ok=False, checked=2, first_bad_id=2)


def test_verification_sees_a_deleted_event_in_the_middle(uow: SqlUnitOfWork) -> None:
    _append(uow, 4)
    _drop_append_only_triggers(uow)
    uow.session.execute(text("DELETE FROM audit_events WHERE id = 2"))
    assert uow.audit.verify() == VerificationResult(ok=False, checked=2, first_bad_id=3)


def _drop_append_only_triggers(uow: SqlUnitOfWork) -> None:
    # What someone owning the database could do; the test's transaction puts them back.
    if uow.session.get_bind().dialect.name == "postgresql":
        uow.session.execute(text("DROP TRIGGER audit_events_no_change ON audit_events"))
    else:
        uow.session.execute(text("DROP TRIGGER audit_events_no_update"))
        uow.session.execute(text("DROP TRIGGER audit_events_no_delete"))
