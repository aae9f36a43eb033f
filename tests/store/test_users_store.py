"""Users, sessions and API tokens by hash, and physicians' patients."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from store_builders import MEMBER, a_member, a_user, seed_cast

from camnav.services.ports import Credential, Role, UserRecord
from camnav.store.unit_of_work import SqlUnitOfWork

START = datetime(2025, 3, 10, 8, 0, tzinfo=UTC)


def test_users_are_found_by_id_and_username(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    member = a_user(uow, username="maya", role=Role.MEMBER)
    assert member == UserRecord(
        member.id, "maya", "Maya", Role.MEMBER, member.password_hash, member_id=MEMBER
    )
    assert uow.users.get(member.id) == member
    assert uow.users.get_by_username("maya") == member
    assert uow.users.get_by_username("nobody") is None


def test_a_member_or_provider_account_must_name_whom_it_belongs_to(uow: SqlUnitOfWork) -> None:
    for role in (Role.MEMBER, Role.PROVIDER):
        with pytest.raises(IntegrityError), uow.session.begin_nested():
            uow.users.add(username=role, display_name="x", role=role, password_hash="x")


def test_sessions_are_kept_by_token_hash_touched_and_deleted(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    user = a_user(uow)
    session = Credential("c" * 64, user.id, START, START + timedelta(minutes=30))
    uow.users.add_session(session)
    assert uow.users.get_session("c" * 64) == session

    later = START + timedelta(minutes=10)
    uow.users.touch_session("c" * 64, later, later + timedelta(minutes=30))
    assert uow.users.get_session("c" * 64) == Credential(
        "c" * 64, user.id, START, later + timedelta(minutes=30), later
    )
    uow.users.delete_session("c" * 64)
    assert uow.users.get_session("c" * 64) is None


def test_api_tokens_are_kept_by_hash_and_revoked(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    user = a_user(uow)
    token = Credential("d" * 64, user.id, START, START + timedelta(hours=12))
    uow.users.add_token(token)
    assert uow.users.get_token("d" * 64) == token
    uow.users.delete_token("d" * 64)
    assert uow.users.get_token("d" * 64) is None


def test_a_physician_sees_the_patients_linked_to_them(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    uow.members.add(a_member(member_id="M-0001"))
    physician = a_user(uow)
    other = a_user(uow, username="dr.osei")
    uow.users.add_patient(physician.id, MEMBER)
    uow.users.add_patient(physician.id, "M-0001")
    assert uow.users.patients_of(physician.id) == ("M-0001", MEMBER)
    assert uow.users.patients_of(other.id) == ()
    assert uow.users.is_patient_of(physician.id, MEMBER)
    assert not uow.users.is_patient_of(other.id, MEMBER)
