"""Properties every adjudication keeps, whatever the plan, the member's state or the claims."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

from domain_builders import (
    a_prescription,
    a_provider,
    a_referral,
    a_state,
    plan_a,
    plan_b,
    plan_c,
    plan_d,
    rules,
    some_accumulators,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from camnav.domain import adjudication as adjudication_module
from camnav.domain.adjudication import (
    LINE_AMOUNTS,
    Adjudication,
    LineResult,
    LineStatus,
    adjudicate,
)
from camnav.domain.claims import Claim, ClaimLine
from camnav.domain.plans import Plan, Tier
from camnav.domain.providers import Provider
from camnav.domain.state import MemberState

BOUNDED = settings(max_examples=100, deadline=None)

PLANS = (plan_a(), plan_b(), plan_c(), plan_d())
IN_NETWORK = a_provider(id="P-IN")
OUT_OF_NETWORK = a_provider(id="P-OUT", in_network=False)
PROVIDERS = {p.id: p for p in (IN_NETWORK, OUT_OF_NETWORK)}
# Qualifying (more often), stress-only and non-qualifying diagnoses.
DIAGNOSES = (("M54.50",), ("M79.7", "G89.29"), ("M62.830",), ("Z73.3",), ("R51.9",))
FIRST_DAY = date(2025, 1, 1)


@dataclass(frozen=True)
class Case:
    plan: Plan
    state: MemberState
    claims: tuple[Claim, ...]

    def provider(self, claim: Claim) -> Provider:
        return PROVIDERS[claim.provider_id]


def _dollars(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _up_to(top: int, near: int) -> st.SearchStrategy[int]:
    """Zero to `top`, half the time within `near` of it, where caps and limits bite."""
    return st.one_of(st.integers(0, top), st.integers(max(top - near, 0), top))


def _tallies(plan: Plan) -> st.SearchStrategy[tuple[int, ...]]:
    """Amounts met and visits used, each anywhere from zero to the plan's figure."""
    tops = (
        plan.deductible_for(Tier.IN_NETWORK),
        plan.out_of_pocket_max_for(Tier.IN_NETWORK) or 0,
        plan.deductible_for(Tier.OUT_OF_NETWORK) if plan.separate_tiers else 0,
        (plan.out_of_pocket_max_for(Tier.OUT_OF_NETWORK) or 0) if plan.separate_tiers else 0,
    )
    amounts = (_up_to(top, near=30_000) for top in tops)
    visits = (_up_to(limit.visits, near=4) for limit in plan.visit_limits)
    return st.tuples(*amounts, *visits)


# Strategies are built once: building them inside the draws costs more than the adjudication.
TALLIES = {plan.id: _tallies(plan) for plan in PLANS}
REFERRAL_VISITS = st.tuples(st.integers(1, 12), st.integers(0, 12))
OFFSETS = st.lists(st.integers(0, 364), min_size=1, max_size=6, unique=True)
# One line: code, units, whether the minutes are given, the charge in cents.
LINE = st.tuples(
    st.sampled_from(["97124", "97140"]), st.integers(1, 4), st.booleans(), st.integers(1, 30_000)
)
VISIT = st.tuples(
    st.lists(LINE, min_size=1, max_size=2),
    st.sampled_from(DIAGNOSES),
    st.sampled_from([IN_NETWORK, IN_NETWORK, IN_NETWORK, OUT_OF_NETWORK]),
)


@st.composite
def states(draw: st.DrawFn, plan: Plan) -> MemberState:
    """Accumulators anywhere within the plan's amounts and limits, and the documents it asks for."""
    deductible, out_of_pocket, out_deductible, out_out_of_pocket, *used = draw(TALLIES[plan.id])
    visits = {limit.id: n for limit, n in zip(plan.visit_limits, used, strict=True)}
    referral_visits, referral_used = draw(REFERRAL_VISITS)
    referrals = (
        a_referral(
            valid_from=FIRST_DAY,
            valid_to=date(2025, 12, 31),
            visits=referral_visits,
            visits_used=min(referral_used, referral_visits),
        ),
        a_prescription(dated=FIRST_DAY),
    )
    accumulators = some_accumulators(
        deductible_met=_dollars(deductible),
        out_of_pocket_met=_dollars(out_of_pocket),
        out_of_network_deductible_met=_dollars(out_deductible),
        out_of_network_out_of_pocket_met=_dollars(out_out_of_pocket),
        visits=visits,
        category_visits={"massage": max(used, default=0)},
    )
    return a_state(accumulators=accumulators, referrals=referrals)


def a_visit_claim(
    number: int, day: date, visit: tuple[list[Any], tuple[str, ...], Provider]
) -> Claim:
    lines, diagnoses, provider = visit
    claim_lines = tuple(
        ClaimLine(n, day, code, units, billed, units * 15 if timed else None, diagnoses=diagnoses)
        for n, (code, units, timed, billed) in enumerate(lines, start=1)
    )
    return Claim(f"C-{number}", "M-1", provider.id, day, claim_lines)


@st.composite
def cases(draw: st.DrawFn, *, one_provider: bool = False) -> Case:
    """A plan, a member's state and up to six claims, each for one visit on its own day."""
    plan = draw(st.sampled_from(PLANS))
    claims = []
    for number, offset in enumerate(draw(OFFSETS), start=1):
        lines, diagnoses, provider = draw(VISIT)
        day = FIRST_DAY + timedelta(days=offset)
        chosen = IN_NETWORK if one_provider else provider
        claims.append(a_visit_claim(number, day, (lines, diagnoses, chosen)))
    return Case(plan, draw(states(plan)), tuple(claims))


def by_date_of_service(claims: Sequence[Claim]) -> list[Claim]:
    return sorted(claims, key=lambda claim: claim.lines[0].service_date)


def process(case: Case, claims: Sequence[Claim]) -> tuple[MemberState, list[Adjudication]]:
    """Adjudicate the claims one after the other, each on the state the previous one left."""
    state, results = case.state, []
    for claim in claims:
        result = adjudicate(claim, case.plan, case.provider(claim), state, rules())
        state = result.state
        results.append(result)
    return state, results


def lines_of(results: Sequence[Adjudication]) -> list[LineResult]:
    return [line for result in results for line in result.lines]


AMOUNTS = LINE_AMOUNTS


@BOUNDED
@given(cases())
def test_on_every_paid_line_member_owes_and_plan_pays_add_up_to_the_allowed_amount(
    case: Case,
) -> None:
    _, results = process(case, by_date_of_service(case.claims))
    for line in lines_of(results):
        if line.status is LineStatus.PAID:
            assert line.member_owes + line.plan_pays == line.allowed


def test_every_amount_of_a_line_is_listed_in_line_amounts() -> None:
    """Read from the source: compiled with mypyc, the fields' annotations are resolved to int."""
    path = Path(adjudication_module.__file__ or "").parent / "adjudication.py"
    source = ast.parse(path.read_text())
    line_result = next(
        node
        for node in ast.walk(source)
        if isinstance(node, ast.ClassDef) and node.name == "LineResult"
    )
    in_cents = [
        node.target.id
        for node in line_result.body
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and ast.unparse(node.annotation) == "Cents"
    ]
    assert tuple(in_cents) == LINE_AMOUNTS


@BOUNDED
@given(cases())
def test_no_amount_is_ever_negative(case: Case) -> None:
    _, results = process(case, by_date_of_service(case.claims))
    for line in lines_of(results):
        assert all(getattr(line, name) >= 0 for name in AMOUNTS), line


@BOUNDED
@given(cases())
def test_accumulators_never_pass_the_deductible_the_out_of_pocket_maximum_or_a_visit_limit(
    case: Case,
) -> None:
    state, _ = process(case, by_date_of_service(case.claims))
    plan, tallies = case.plan, state.accumulators(case.plan, FIRST_DAY)
    for tier in Tier:
        bucket = plan.bucket(tier)
        assert tallies.deductible(bucket) <= plan.deductible_for(tier)
        maximum = plan.out_of_pocket_max_for(tier)
        assert maximum is None or tallies.out_of_pocket(bucket) <= maximum
    for limit in plan.visit_limits:
        assert tallies.visits(limit.id) <= limit.visits


@BOUNDED
@given(cases(), st.randoms(use_true_random=False))
def test_claims_in_date_of_service_order_give_the_same_accumulators_whatever_their_arrival(
    case: Case, random: Random
) -> None:
    arrival = list(case.claims)
    random.shuffle(arrival)
    in_order, _ = process(case, by_date_of_service(case.claims))
    as_arrived, _ = process(case, by_date_of_service(arrival))
    assert as_arrived.periods == in_order.periods
    assert as_arrived.referrals == in_order.referrals


@BOUNDED
@given(cases(one_provider=True))
def test_one_claim_spanning_many_days_decides_like_one_claim_per_day_in_date_order(
    case: Case,
) -> None:
    per_day, results = process(case, by_date_of_service(case.claims))
    lines = [line for claim in reversed(case.claims) for line in claim.lines]
    numbered = tuple(replace(line, number=n) for n, line in enumerate(lines, start=1))
    last_day = max(line.service_date for line in numbered)
    combined = Claim("C-ALL", "M-1", IN_NETWORK.id, last_day, numbered)
    together = adjudicate(combined, case.plan, IN_NETWORK, case.state, rules())
    assert together.state.periods == per_day.periods
    assert sorted(map(_decided, together.lines)) == sorted(map(_decided, lines_of(results)))


def _decided(line: LineResult) -> tuple[date, str, int, int]:
    return (line.service_date, line.code, line.member_owes, line.plan_pays)
