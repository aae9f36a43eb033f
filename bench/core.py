"""Adjudicated claim lines per second for the pure core on one core, beside a plain-arithmetic
floor.

The floor does the bare cents arithmetic of a line (allowed, deductible, coinsurance, caps,
accumulators) in plain Python with no checks and no explanations, in the same process and run, so
the ratio between the two is what the machine-independent figure means.

Both are timed in CPU seconds of this process, pinned to one core, and their rounds alternate: on a
machine shared with other work, wall-clock time would count the time the process waits for the core,
and back-to-back blocks of rounds would meet different loads.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from camnav.domain import adjudication as adjudication_module
from camnav.domain.adjudication import adjudicate
from camnav.domain.claims import Claim, ClaimLine, PriorLine
from camnav.domain.members import Accumulators, Enrollment
from camnav.domain.plans import Plan, Tier
from camnav.domain.providers import License, LicenseStatus, Participation, Provider
from camnav.domain.referrals import Referral, ReferralKind
from camnav.domain.rules import Rules
from camnav.domain.state import MemberState, start_state
from camnav.library.library import load_library

CLAIMS = 20_000
ROUNDS = 3
DIAGNOSES = (("M54.50", "M62.830"), ("M79.7", "G89.29"), ("G89.29", "M54.50"), ("M54.2",))
# A member's claim history: up to this many lines already decided, on earlier days of the year. Real
# members have one, and every line is checked against it (duplicates, same-day visits, copays).
HISTORY_LINES = 40


@dataclass(frozen=True, slots=True)
class Case:
    plan: Plan
    provider: Provider
    state: MemberState
    claim: Claim


def _provider(plan: Plan, in_network: bool) -> Provider:
    participations = (Participation(plan.network),) if in_network else ()
    license = License("MT-1", "OR", LicenseStatus.ACTIVE, date(2027, 1, 31))
    return Provider("P-1", "Bench Therapy", "massage", "OR", "1234567893", license, participations)


def _state(
    plan: Plan, day: date, rng: random.Random, history: tuple[PriorLine, ...]
) -> MemberState:
    enrollment = Enrollment("M-1", plan.id, date(2025, 1, 1))
    met = rng.choice((0, 50_000, 160_000, 400_000))
    accumulators = Accumulators(
        deductible_met={Tier.IN_NETWORK: min(met, plan.deductible_for(Tier.IN_NETWORK))},
        out_of_pocket_met={Tier.IN_NETWORK: met},
        limit_visits={limit.id: rng.randrange(0, 8) for limit in plan.visit_limits},
    )
    state = start_state(enrollment, plan, accumulators, day)
    prescription = Referral("R-1", ReferralKind.PRESCRIPTION, "massage", date(2025, 1, 2))
    referral = Referral(
        "R-2", ReferralKind.REFERRAL, "massage", date(2025, 1, 2), date(2025, 12, 31), 12
    )
    return MemberState(state.enrollment, state.periods, (prescription, referral), history=history)


def _history(day: date, rng: random.Random) -> tuple[PriorLine, ...]:
    """Lines already decided before `day`: never on it, so no claim line becomes a duplicate."""
    first = date(2025, 1, 1)
    earlier = (day - first).days
    lines = []
    for _ in range(rng.randrange(0, HISTORY_LINES + 1)):
        units = rng.choice((2, 3, 4))
        code = rng.choice(("97124", "97124", "97140"))
        seen = first + timedelta(days=rng.randrange(0, earlier))
        lines.append(PriorLine("P-1", seen, code, units, units * 4_000, (), "massage", 0, True))
    return tuple(sorted(lines, key=lambda line: line.service_date))


def _claim(number: int, day: date, rng: random.Random) -> Claim:
    units = rng.choice((2, 3, 4))
    lines = [ClaimLine(1, day, "97124", units, units * 4_000, minutes=units * 15)]
    if rng.random() < 0.5:
        lines.append(ClaimLine(2, day, "97140", 1, 4_000, minutes=15))
    return Claim(
        f"C-{number}",
        "M-1",
        "P-1",
        day + timedelta(days=5),
        tuple(lines),
        diagnoses=rng.choice(DIAGNOSES),
    )


def build_cases(rules: Rules, plans: list[Plan], count: int, seed: int = 7) -> list[Case]:
    rng = random.Random(seed)
    # The history draws from its own generator, so the plans, networks, units, accumulators and
    # diagnoses of the cases are the same as without it.
    history_rng = random.Random(seed + 1)
    cases = []
    for number in range(count):
        plan = plans[number % len(plans)]
        day = date(2025, 2, 1) + timedelta(days=rng.randrange(0, 300))
        provider = _provider(plan, in_network=rng.random() < 0.9)
        state = _state(plan, day, rng, _history(day, history_rng))
        cases.append(Case(plan, provider, state, _claim(number, day, rng)))
    return cases


def run_core(cases: list[Case], rules: Rules) -> int:
    lines = 0
    for case in cases:
        lines += len(adjudicate(case.claim, case.plan, case.provider, case.state, rules).lines)
    return lines


def run_floor(cases: list[Case], rates: dict[str, int]) -> int:
    """The same lines through bare arithmetic: allowed, deductible, 20 % coinsurance, OOP cap."""
    lines = 0
    totals: dict[str, int] = {}
    for case in cases:
        deductible_left, oop_left = 165_000, 500_000
        for line in case.claim.lines:
            allowed = rates[line.code] * line.units
            deductible = min(allowed, deductible_left)
            coinsurance = ((allowed - deductible) * 20 + 50) // 100
            member = min(deductible + coinsurance, oop_left)
            deductible_left -= deductible
            oop_left -= member
            totals[line.code] = totals.get(line.code, 0) + allowed - member
            lines += 1
    return lines


def _rate(work: Callable[[], int]) -> float:
    """Lines per CPU second of this process."""
    started = time.process_time()
    lines = work()
    return lines / (time.process_time() - started)


def best_rates(core: Callable[[], int], floor: Callable[[], int]) -> tuple[float, float]:
    """The best of ROUNDS alternating rounds of each, so both meet the same machine."""
    core_rate = floor_rate = 0.0
    for _ in range(ROUNDS):
        core_rate = max(core_rate, _rate(core))
        floor_rate = max(floor_rate, _rate(floor))
    return core_rate, floor_rate


def _built_as() -> str:
    """Compiled with mypyc (scripts/compile-core, run by make) or plain Python."""
    compiled = adjudication_module.__file__ or ""
    return "C extensions (mypyc)" if compiled.endswith(".so") else "plain Python"


def main() -> None:
    with _one_core():  # as the target says
        _measure()


@contextmanager
def _one_core() -> Iterator[None]:
    """Pinned to one core while measuring, then let go: the benches run after this one in the
    same process (and the servers they start, which inherit it) need every core."""
    if not hasattr(os, "sched_setaffinity"):
        yield
        return
    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cores)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, cores)


def _measure() -> None:
    library = load_library()
    rules = library.rules
    plans = [
        library.plan(p, on=date(2025, 6, 1))
        for p in ("example-a", "example-b", "example-c", "example-d")
    ]
    cases = build_cases(rules, plans, CLAIMS)
    schedule = rules.fee_schedule(plans[0].fee_schedule)
    assert schedule is not None
    rates = dict(schedule.rates)
    run_core(cases[:500], rules)  # warm the code-set and value-set caches
    core_rate, floor_rate = best_rates(
        lambda: run_core(cases, rules), lambda: run_floor(cases, rates)
    )
    total = sum(len(c.claim.lines) for c in cases)
    print(
        f"core adjudication: {core_rate:,.0f} claim lines/s"
        f" ({total:,} lines, best of {ROUNDS}, one core, CPU time)"
    )
    print(f"plain arithmetic floor: {floor_rate:,.0f} lines/s (same lines, same run)")
    print(f"core built as: {_built_as()}")
    print(f"core / floor: {core_rate / floor_rate:.3f}; target core >= 100,000 lines/s")


if __name__ == "__main__":
    main()
