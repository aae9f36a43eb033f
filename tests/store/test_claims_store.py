"""Claims: as submitted, their determinations and attachments, and the history they leave."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from store_builders import (
    DAY,
    MEMBER,
    NOON,
    PROVIDER,
    a_claim,
    a_line,
    a_member,
    a_member_claim,
    a_provider,
    a_provider_record,
    a_referral,
    a_referral_record,
    a_user,
    an_enrollment,
    seed_cast,
)

from camnav.domain.adjudication import (
    Adjudication,
    ClaimStatus,
    LineResult,
    LineStatus,
    adjudicate,
)
from camnav.domain.claims import Claim, PriorLine
from camnav.domain.plans import Tier
from camnav.domain.reasons import ReasonCode, reason
from camnav.domain.state import MemberState
from camnav.library.library import load_library
from camnav.services.ports import AttachmentFile, ConflictError, Role, ledger_entries
from camnav.store.unit_of_work import SqlUnitOfWork

LIBRARY = load_library()


def _paid(number: int = 1, **overrides: Any) -> LineResult:
    values: dict[str, Any] = {
        "number": number,
        "service_date": DAY,
        "code": "97124",
        "units": 4,
        "category": "massage",
        "tier": Tier.IN_NETWORK,
        "status": LineStatus.PAID,
        "billed": 16000,
        "allowed": 14000,
        "copay": 2500,
        "plan_pays": 11500,
        "member_owes": 2500,
        "contractual_adjustment": 2000,
        "reasons": (
            reason(ReasonCode.COPAY, "Benefit Summary 2025 §5", 2500),
            reason(ReasonCode.CONTRACTUAL_ADJUSTMENT, "", 2000),
        ),
        "counted_visit": True,
    }
    values.update(overrides)
    return LineResult(**values)


def _denied(number: int = 2) -> LineResult:
    return LineResult(
        number=number,
        service_date=DAY,
        code="97140",
        units=2,
        category="massage",
        tier=Tier.IN_NETWORK,
        status=LineStatus.DENIED,
        billed=7000,
        reasons=(reason(ReasonCode.BUNDLED, "EOC §4", code="97140", with_code="98940"),),
        patient_responsibility=False,
    )


def _adjudication(claim_id: str, *lines: LineResult, status: ClaimStatus) -> Adjudication:
    state = MemberState(an_enrollment())
    return Adjudication(claim_id, status, lines, state, "massage", 11, None)


def test_a_claim_round_trips_exactly(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    user = a_user(uow, username="maya", role=Role.MEMBER)
    for claim in (a_claim(), a_member_claim()):
        stored = uow.claims.add(claim, user.id, f"key-{claim.id}", at=NOON)
        assert stored == uow.claims.get(claim.id)
        assert (stored.claim, stored.status, stored.version) == (claim, None, 1)
        assert (stored.submitted_by, stored.idempotency_key, stored.created_at) == (
            user.id,
            f"key-{claim.id}",
            NOON,
        )
    assert uow.claims.get("C-404") is None


def test_a_claim_id_is_taken_once(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    uow.claims.add(a_claim(), None, None)
    with pytest.raises(ConflictError, match="C-1"):
        uow.claims.add(a_claim(), None, None)


def test_a_determination_round_trips_its_lines_reasons_and_totals(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    uow.claims.add(a_member_claim(claim_id="C-1"), None, None)
    adjudication = _adjudication("C-1", _paid(), _denied(), status=ClaimStatus.PARTIALLY_PAID)

    saved = uow.claims.save_determination("C-1", adjudication, at=NOON)

    assert saved == uow.claims.determination("C-1")
    assert saved.lines == adjudication.lines
    assert (saved.status, saved.sequence, saved.decided_at) == (ClaimStatus.PARTIALLY_PAID, 1, NOON)
    assert (saved.category, saved.visits_remaining, saved.referral_visits_remaining) == (
        "massage",
        11,
        None,
    )
    assert (saved.plan_pays, saved.member_owes) == (
        adjudication.plan_pays,
        adjudication.member_owes,
    )
    record = uow.claims.get("C-1")
    assert record is not None and record.status is ClaimStatus.PARTIALLY_PAID


def test_a_later_determination_supersedes_and_counts_a_version(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    uow.claims.add(a_claim(), None, None)
    pended = _paid(status=LineStatus.PENDED, reasons=(reason(ReasonCode.CREDENTIAL_REVIEW),))
    uow.claims.save_determination("C-1", _adjudication("C-1", pended, status=ClaimStatus.PENDED))
    uow.claims.save_determination("C-1", _adjudication("C-1", _paid(), status=ClaimStatus.PAID))

    current = uow.claims.determination("C-1")
    record = uow.claims.get("C-1")
    assert current is not None and (current.sequence, current.status) == (2, ClaimStatus.PAID)
    assert record is not None and (record.version, record.status) == (2, ClaimStatus.PAID)
    assert uow.claims.determination("C-404") is None
    with pytest.raises(LookupError):
        uow.claims.save_determination("C-404", _adjudication("C-404", status=ClaimStatus.PAID))


def test_history_holds_decided_lines_of_current_determinations(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    uow.claims.add(a_member_claim(claim_id="C-1"), None, None)
    uow.claims.add(
        a_claim(claim_id="C-2", lines=(a_line(service_date=date(2025, 3, 1)),)), None, None
    )
    uow.claims.add(a_claim(claim_id="C-3"), None, None)  # not decided yet
    both = _adjudication("C-1", _paid(1), _denied(2), status=ClaimStatus.PARTIALLY_PAID)
    uow.claims.save_determination("C-1", both)
    pended = _paid(status=LineStatus.PENDED, reasons=(), service_date=date(2025, 3, 1))
    uow.claims.save_determination("C-2", _adjudication("C-2", pended, status=ClaimStatus.PENDED))

    assert uow.claims.lines_of_member(MEMBER) == (
        PriorLine(PROVIDER, DAY, "97140", 2, 7000, ("59", "GP"), "massage", 2500, True),
        PriorLine(PROVIDER, DAY, "97124", 2, 8000, (), "massage", 0, False),
    )


def test_claims_are_listed_for_their_member_and_their_provider(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    uow.members.add(a_member(member_id="M-2"))
    uow.providers.add(a_provider_record(provider=a_provider(provider_id="P-2", npi="")))
    uow.claims.add(a_claim(claim_id="C-1"), None, None)
    uow.claims.add(a_claim(claim_id="C-2", member_id="M-2", provider_id="P-2"), None, None)
    uow.claims.add(a_claim(claim_id="C-0", received=date(2025, 3, 11)), None, None)

    assert [r.claim.id for r in uow.claims.list_for_member(MEMBER)] == ["C-0", "C-1"]
    assert [r.claim.id for r in uow.claims.list_for_provider("P-2")] == ["C-2"]


def test_a_provider_with_more_claims_than_one_statement_reads_lines_of_gets_them_all(
    uow: SqlUnitOfWork,
) -> None:
    """The lines are read a thousand claims at a time (SQLite binds at most 32,766 values)."""
    seed_cast(uow)
    count = 1_001
    for number in range(count):
        lines = tuple(a_line(number=n, units=number % 4 + 1) for n in (1, 2))
        uow.claims.add(a_claim(claim_id=f"C-{number:04}", lines=lines), None, None)

    listed = uow.claims.list_for_provider(PROVIDER)

    assert len(listed) == count
    assert all(len(found.claim.lines) == 2 for found in listed)
    assert [line.units for line in listed[-1].claim.lines] == [1000 % 4 + 1] * 2


def test_attachments_round_trip(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    uow.claims.add(a_member_claim(claim_id="C-1"), None, None)
    files = (
        AttachmentFile("C-1", "itemized_bill", "a" * 64, "application/pdf", 48213, "bill.pdf"),
        AttachmentFile("C-1", "proof_of_payment", "b" * 64, "image/jpeg", 90111),
    )
    for file in files:
        uow.claims.add_attachment(file, at=datetime(2025, 3, 12, tzinfo=UTC))
    assert uow.claims.attachments("C-1") == files


def test_a_saved_adjudication_reloads_as_the_state_it_produced(uow: SqlUnitOfWork) -> None:
    """The service's write path: what adjudicate() returns is what the next claim reads."""
    seed_cast(uow)
    uow.members.add(a_member(member_id="M-B"))
    uow.members.enroll(an_enrollment(member_id="M-B", plan_id="example-b"))
    uow.referrals.add(a_referral_record(member_id="M-B", referral=a_referral(visits=2)))
    plan = LIBRARY.plan("example-b", on=DAY)
    provider = a_provider()
    for number, day in enumerate((date(2025, 3, 3), date(2025, 3, 10), date(2025, 3, 17))):
        claim = a_claim(claim_id=f"C-{number}", member_id="M-B", lines=(a_line(service_date=day),))
        before = uow.members.state("M-B", plan, day)
        adjudication = adjudicate(claim, plan, provider, before, LIBRARY.rules)
        _save(uow, claim, before, adjudication)
        assert uow.members.state("M-B", plan, day) == adjudication.state

    statuses = [r.status for r in uow.claims.list_for_member("M-B")]
    assert statuses == [ClaimStatus.PAID, ClaimStatus.PAID, ClaimStatus.DENIED]
    assert uow.referrals.counted_visits("R-1") == 2


def _save(
    uow: SqlUnitOfWork, claim: Claim, before: MemberState, adjudication: Adjudication
) -> None:
    uow.claims.add(claim, None, None)
    uow.claims.save_determination(claim.id, adjudication)
    uow.members.append_accumulators(
        claim.member_id, ledger_entries(before, adjudication.state, claim.id)
    )
    for referral in adjudication.state.referrals:
        if referral != before.referral(referral.id):
            uow.referrals.update_usage(referral.id, referral.visits_used)
