"""A member's claims give the same results whatever order they arrive in: the runner decides them
in date-of-service order, so the deductible, the out-of-pocket maximum and the visit count fall on
the same visits every time."""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from camnav.domain.claims import Claim, ClaimLine
from camnav.domain.members import Accumulators
from camnav.domain.plans import Tier
from camnav.library.library import load_library
from camnav.scenarios.format import Scenario, StartingAccumulators, load_scenario
from camnav.scenarios.report import accumulators_document, claim_document
from camnav.scenarios.runner import run_scenario

EXAMPLE = Path(__file__).resolve().parents[2] / "examples/scenarios/hdhp-deductible-crossing.yaml"


def a_claim(claim_id: str, day: date, received: date, *codes: tuple[str, int]) -> Claim:
    lines = tuple(
        ClaimLine(number, day, code, units, 4000 * units, minutes=15 * units)
        for number, (code, units) in enumerate(codes, start=1)
    )
    return Claim(claim_id, "M-3101", "P-OR-MT-2", received, lines, diagnoses=("M54.50",))


# Plan C: $1,500.00 of the $1,650.00 deductible and $4,850.00 of the $5,000.00 out-of-pocket
# maximum met, so the deductible is met and the maximum reached within these visits.
CLAIMS = (
    a_claim("C1", date(2025, 5, 5), date(2025, 5, 30), ("97124", 4)),
    a_claim("C2", date(2025, 5, 12), date(2025, 5, 13), ("97124", 3)),
    a_claim("C3", date(2025, 5, 19), date(2025, 5, 20), ("97124", 2), ("97140", 2)),
    a_claim("C4", date(2025, 6, 2), date(2025, 6, 3), ("97124", 4)),
    a_claim("C5", date(2025, 6, 9), date(2025, 6, 10), ("97140", 3)),
    a_claim("C2-AGAIN", date(2025, 5, 12), date(2025, 6, 20), ("97124", 3)),
)
STARTING = Accumulators(
    deductible_met={Tier.IN_NETWORK: 150000},
    out_of_pocket_met={Tier.IN_NETWORK: 485000},
    limit_visits={"cam": 2},
    category_visits={"massage": 2},
)


def scenario_with(claims: tuple[Claim, ...]) -> Scenario:
    base = load_scenario(EXAMPLE)
    return replace(base, claims=claims, accumulators=StartingAccumulators(STARTING), expect=None)


def outcome(claims: tuple[Claim, ...]) -> tuple[dict[str, object], dict[str, dict[str, object]]]:
    """The final accumulators, and each claim's result by claim id."""
    run = run_scenario(scenario_with(claims), load_library())
    by_id = {c.claim.id: claim_document(c) for c in run.claims}
    return accumulators_document(run.plan, run.state, run.last_day), by_id


@functools.cache
def in_date_order() -> tuple[dict[str, object], dict[str, dict[str, object]]]:
    return outcome(CLAIMS)


def test_the_visits_in_date_order_cross_the_deductible_and_reach_the_maximum() -> None:
    accumulators, claims = in_date_order()

    assert accumulators["deductible_met"] == {"in_network": "1650.00"}
    assert accumulators["out_of_pocket_met"] == {"in_network": "5000.00"}
    assert accumulators["visits_used"] == {"cam": 7}
    assert claims["C2-AGAIN"]["status"] == "denied"  # a duplicate of C2, which arrives first


@settings(max_examples=40, deadline=None)
@given(st.permutations(CLAIMS))
def test_claims_give_the_same_accumulators_whatever_order_they_arrive_in(
    arrival: list[Claim],
) -> None:
    assert outcome(tuple(arrival)) == in_date_order()
