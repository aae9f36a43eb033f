"""The named demo accounts: found by username, their passwords verify, and the people behind
them have the stories the demo tells."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from demo_builds import TODAY, Built

from camnav.demo.accounts import ARGON2_PARAMETERS, NOTES, PRECOMPUTED_HASHES, DemoAccount
from camnav.domain.referrals import ReferralKind
from camnav.services.ports import Role
from camnav.store.database import session_factory
from camnav.store.unit_of_work import SqlUnitOfWork


def account(demo: Built, username: str) -> DemoAccount:
    return next(a for a in demo.summary.accounts if a.username == username)


def test_every_demo_account_is_found_by_username_with_its_role(small_demo: Built) -> None:
    roles = {a.username: a.role for a in small_demo.summary.accounts}
    assert list(roles) == list(NOTES)
    assert {Role.MEMBER, Role.PHYSICIAN, Role.PROVIDER} <= set(roles.values())
    assert {Role.MEMBER_SERVICES, Role.CLINICAL_REVIEWER, Role.PLAN_ADMINISTRATOR} <= set(
        roles.values()
    )
    with SqlUnitOfWork(session_factory(small_demo.engine), write=False) as uow:
        for demo_account in small_demo.summary.accounts:
            user = uow.users.get_by_username(demo_account.username)
            assert user is not None and user.role is demo_account.role and user.active


@pytest.mark.parametrize("username", ["maria", "therapist"])
def test_a_demo_password_verifies_against_the_stored_hash(small_demo: Built, username: str) -> None:
    with SqlUnitOfWork(session_factory(small_demo.engine), write=False) as uow:
        user = uow.users.get_by_username(username)
    assert user is not None
    assert PasswordHasher().verify(user.password_hash, account(small_demo, username).password)


def test_every_precomputed_hash_is_the_hash_of_its_password() -> None:
    hasher = PasswordHasher()
    for username, salted in PRECOMPUTED_HASHES.items():
        encoded = ARGON2_PARAMETERS + salted
        assert hasher.verify(encoded, f"{username}-demo")
        assert not hasher.check_needs_rehash(encoded)


def test_maria_has_a_referral_expiring_soon_with_visits_used(small_demo: Built) -> None:
    maria = account(small_demo, "maria")
    assert maria.member_id is not None
    with SqlUnitOfWork(session_factory(small_demo.engine), write=False) as uow:
        member = uow.members.get(maria.member_id)
        referrals = uow.referrals.list_for_member(maria.member_id)
        enrollment = uow.members.enrollment_on(maria.member_id, TODAY)
    assert member is not None and member.region == "washington"
    assert enrollment is not None and enrollment.plan_id == "example-b"
    current = [r.referral for r in referrals if r.referral.valid_on(TODAY)]
    assert len(current) == 1 and current[0].kind is ReferralKind.REFERRAL
    assert current[0].valid_to is not None
    assert TODAY < current[0].valid_to <= TODAY + timedelta(days=14)
    assert 0 < current[0].visits_used < (current[0].visits or 0)


def test_dr_chen_has_maria_and_hana_among_her_patients(small_demo: Built) -> None:
    with SqlUnitOfWork(session_factory(small_demo.engine), write=False) as uow:
        chen = uow.users.get_by_username("dr.chen")
        assert chen is not None
        patients = uow.users.patients_of(chen.id)
        referrals = uow.referrals.list_for_member(account(small_demo, "maria").member_id or "")
    assert {account(small_demo, "maria").member_id, account(small_demo, "hana").member_id} <= set(
        patients
    )
    assert all(r.physician_user_id == chen.id for r in referrals)


def test_the_therapist_account_is_the_therapist_maria_sees(small_demo: Built) -> None:
    therapist = account(small_demo, "therapist")
    with SqlUnitOfWork(session_factory(small_demo.engine), write=False) as uow:
        claims = uow.claims.list_for_member(account(small_demo, "maria").member_id or "")
        provider = uow.providers.record(therapist.provider_id or "")
    assert provider is not None and provider.provider.category == "massage"
    assert provider.organization_id is not None
    assert {c.claim.provider_id for c in claims} == {therapist.provider_id}
