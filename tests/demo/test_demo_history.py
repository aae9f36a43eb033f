"""The claim history as stored is exactly what the engine decides: replaying every member's
claims through `adjudicate`, from what the store holds, gives the stored determinations, the
accumulator ledger's balances and the referrals' visits used."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from demo_builds import Built
from sqlalchemy import select

from camnav.domain.adjudication import adjudicate
from camnav.domain.members import Accumulators
from camnav.domain.providers import Provider
from camnav.domain.reasons import ReasonCode
from camnav.domain.state import MemberState
from camnav.library.library import load_library
from camnav.services.ports import ClaimRecord
from camnav.store.database import session_factory
from camnav.store.tables.members import MemberRow
from camnav.store.unit_of_work import SqlUnitOfWork


def first_day(record: ClaimRecord) -> date:
    return min(line.service_date for line in record.claim.lines)


def replay(
    uow: SqlUnitOfWork, member_id: str, providers: dict[str, Provider]
) -> tuple[MemberState, list[str]]:
    """Decide the member's stored claims again, in date order, from their documents with no
    visits used; the final state, and the claims whose stored determination differs."""
    library = load_library()
    records = sorted(
        uow.claims.list_for_member(member_id), key=lambda r: (first_day(r), r.claim.id)
    )
    referrals = tuple(
        replace(r.referral, visits_used=0) for r in uow.referrals.list_for_member(member_id)
    )
    letters = tuple(r.letter for r in uow.referrals.letters_for_member(member_id))
    state: MemberState | None = None
    differing = []
    for record in records:
        day = first_day(record)
        # The enrollment the store picks for the day (state() falls back when none covers it).
        enrollment = uow.members.enrollment_on(member_id, day) or (
            uow.members.state(member_id, library.plans[0], day).enrollment
        )
        plan = library.plan(enrollment.plan_id, on=day)
        if state is None:
            state = MemberState(enrollment, referrals=referrals, letters=letters)
        state = replace(state, enrollment=enrollment)
        provider_id = record.claim.provider_id
        if provider_id not in providers:
            found = uow.providers.get(provider_id)
            assert found is not None
            providers[provider_id] = found
        provider = providers[provider_id]
        result = adjudicate(record.claim, plan, provider, state, library.rules)
        stored = uow.claims.determination(record.claim.id)
        if stored is None or (stored.status, stored.lines) != (result.status, result.lines):
            differing.append(record.claim.id)
        state = result.state
    assert state is not None
    return state, differing


def balances(periods: Mapping[date, Accumulators]) -> dict[date, Accumulators]:
    """The periods with anything accumulated (the ledger has no rows for the others)."""
    return {period: sums for period, sums in periods.items() if sums != Accumulators()}


def test_replaying_the_history_gives_the_stored_determinations_ledger_and_referral_use(
    small_demo: Built,
) -> None:
    with SqlUnitOfWork(session_factory(small_demo.engine), write=False) as uow:
        members = uow.session.scalars(select(MemberRow.member_id).order_by(MemberRow.member_id))
        replayed, providers = 0, dict[str, Provider]()
        for member_id in members:
            if not uow.claims.list_for_member(member_id):
                continue
            state, differing = replay(uow, member_id, providers)
            assert differing == [], member_id
            assert balances(uow.members.accumulators(member_id)) == balances(state.periods)
            for record in uow.referrals.list_for_member(member_id):
                current = state.referral(record.referral.id)
                assert current is not None
                assert record.referral.visits_used == current.visits_used, record.referral.id
            replayed += 1
    assert replayed > 50


def test_the_history_holds_paid_claims_and_the_denials_a_plan_sees(small_demo: Built) -> None:
    reasons: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    with SqlUnitOfWork(session_factory(small_demo.engine), write=False) as uow:
        for member_id in uow.session.scalars(select(MemberRow.member_id)):
            for record in uow.claims.list_for_member(member_id):
                determination = uow.claims.determination(record.claim.id)
                assert determination is not None
                statuses[determination.status.value] += 1
                for line in determination.lines:
                    if line.primary is not None:
                        reasons[line.primary.code.value] += 1
    assert statuses["paid"] > statuses["denied"] > 0
    for expected in (ReasonCode.REFERRAL_EXPIRED, ReasonCode.VISIT_LIMIT_REACHED):
        assert reasons[expected.value] > 0, expected
