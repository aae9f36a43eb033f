"""Members: records, enrollments, the accumulator ledger and the state a decision reads."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from store_builders import (
    DAY,
    MEMBER,
    YEAR_2025,
    a_member,
    a_referral,
    a_referral_record,
    an_enrollment,
    seed_cast,
)

from camnav.domain.members import Accumulators
from camnav.domain.plans import Tier
from camnav.domain.referrals import Letter
from camnav.domain.state import MemberState
from camnav.library.library import load_library
from camnav.services.ports import AccumulatorEntry, AccumulatorKind, LetterRecord, ledger_entries
from camnav.store.unit_of_work import SqlUnitOfWork

PLAN_A = load_library().plan("example-a", on=DAY)
YEAR_2026 = date(2026, 1, 1)


def test_a_member_round_trips_and_an_unknown_one_is_none(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    uow.members.add(a_member(member_id="M-1002", region=None, first_name="Jo"))
    assert uow.members.get(MEMBER) == a_member()
    assert uow.members.get("M-1002") == a_member(member_id="M-1002", region=None, first_name="Jo")
    assert uow.members.get("M-9999") is None


def test_search_finds_members_by_id_prefix_and_name_words(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    uow.members.add(a_member(member_id="M-2001", first_name="Ana", last_name="Lo_pez"))
    assert [m.member_id for m in uow.members.search("lopez")] == [MEMBER]
    assert [m.member_id for m in uow.members.search("m-20")] == ["M-2001"]
    assert [m.member_id for m in uow.members.search("lo_")] == ["M-2001"]  # "_" is no wildcard
    assert [m.member_id for m in uow.members.search("maya lop")] == [MEMBER]
    assert len(uow.members.search("", limit=1)) == 1


def test_the_enrollment_on_a_day_is_the_one_covering_it(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    uow.members.add(a_member(member_id="M-3"))
    spring = an_enrollment(member_id="M-3", start=date(2025, 1, 1), end=date(2025, 5, 31))
    summer = an_enrollment(member_id="M-3", plan_id="example-b", start=date(2025, 6, 1))
    uow.members.enroll(spring)
    uow.members.enroll(summer)
    assert uow.members.enrollment_on("M-3", date(2025, 5, 31)) == spring
    assert uow.members.enrollment_on("M-3", date(2025, 6, 1)) == summer
    assert uow.members.enrollment_on("M-3", date(2024, 12, 31)) is None


def test_ledger_sums_are_the_accumulators_of_each_period(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    entries = [
        AccumulatorEntry(YEAR_2025, AccumulatorKind.DEDUCTIBLE, 5000, bucket=Tier.IN_NETWORK),
        AccumulatorEntry(YEAR_2025, AccumulatorKind.DEDUCTIBLE, 2500, bucket=Tier.IN_NETWORK),
        AccumulatorEntry(YEAR_2025, AccumulatorKind.OUT_OF_POCKET, 7500, bucket=Tier.IN_NETWORK),
        AccumulatorEntry(YEAR_2025, AccumulatorKind.OUT_OF_POCKET, 900, bucket=Tier.OUT_OF_NETWORK),
        AccumulatorEntry(YEAR_2025, AccumulatorKind.LIMIT_VISIT, 1, key="massage-visits"),
        AccumulatorEntry(YEAR_2025, AccumulatorKind.LIMIT_VISIT, 1, key="massage-visits"),
        AccumulatorEntry(YEAR_2025, AccumulatorKind.CATEGORY_VISIT, 2, key="massage"),
        AccumulatorEntry(YEAR_2026, AccumulatorKind.CATEGORY_VISIT, 1, key="massage"),
        AccumulatorEntry(YEAR_2026, AccumulatorKind.CATEGORY_VISIT, -1, key="massage"),
    ]
    uow.members.append_accumulators(MEMBER, entries)
    assert uow.members.accumulators(MEMBER) == {
        YEAR_2025: Accumulators(
            deductible_met=MappingProxyType({"in_network": 7500}),
            out_of_pocket_met=MappingProxyType({"in_network": 7500, "out_of_network": 900}),
            limit_visits=MappingProxyType({"massage-visits": 2}),
            category_visits=MappingProxyType({"massage": 2}),
        )
    }
    assert uow.members.accumulators("M-9999") == {}


def test_ledger_entries_take_the_stored_balances_from_before_to_after(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    before = uow.members.state(MEMBER, PLAN_A, DAY)
    first = before.accumulators(PLAN_A, DAY).add(
        Tier.IN_NETWORK, 0, 2500, ("massage-visits",), "massage"
    )
    middle = before.with_accumulators(PLAN_A, DAY, first)
    second = first.add(Tier.IN_NETWORK, 0, 2500, ("massage-visits",), "massage")
    after = middle.with_accumulators(PLAN_A, DAY, second)

    uow.members.append_accumulators(MEMBER, ledger_entries(before, middle, None))
    uow.members.append_accumulators(MEMBER, ledger_entries(middle, after, None))

    assert uow.members.accumulators(MEMBER) == after.periods
    assert ledger_entries(after, after, None) == []


def test_the_ledger_is_append_only_in_the_database(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    uow.members.append_accumulators(
        MEMBER, [AccumulatorEntry(YEAR_2025, AccumulatorKind.CATEGORY_VISIT, 1, key="massage")]
    )
    for statement in (
        "UPDATE accumulator_entries SET amount = 0",
        "DELETE FROM accumulator_entries",
    ):
        with pytest.raises(IntegrityError, match="append-only"), uow.session.begin_nested():
            uow.session.execute(text(statement))


def test_a_ledger_entry_names_a_bucket_or_a_key_as_its_kind_requires(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    wrong = AccumulatorEntry(YEAR_2025, AccumulatorKind.DEDUCTIBLE, 100, key="massage")
    with pytest.raises(IntegrityError), uow.session.begin_nested():
        uow.members.append_accumulators(MEMBER, [wrong])


def test_the_state_holds_enrollment_balances_documents_and_history(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    uow.referrals.add(a_referral_record())
    uow.referrals.add(a_referral_record(referral=a_referral(referral_id="R-0", visits=None)))
    letter = Letter("L-1", "massage", date(2025, 1, 15), date(2026, 1, 14), "fibromyalgia")
    uow.referrals.add_letter(LetterRecord(letter, MEMBER))
    entry = AccumulatorEntry(YEAR_2025, AccumulatorKind.CATEGORY_VISIT, 1, key="massage")
    uow.members.append_accumulators(MEMBER, [entry])

    assert uow.members.state(MEMBER, PLAN_A, DAY) == MemberState(
        enrollment=an_enrollment(),
        periods={YEAR_2025: Accumulators(category_visits=MappingProxyType({"massage": 1}))},
        referrals=(a_referral(referral_id="R-0", visits=None), a_referral()),
        letters=(letter,),
        history=(),
    )


def test_the_state_of_a_member_without_enrollment_is_a_lookup_error(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    uow.members.add(a_member(member_id="M-7"))
    with pytest.raises(LookupError, match="no enrollment"):
        uow.members.state("M-7", PLAN_A, DAY)
