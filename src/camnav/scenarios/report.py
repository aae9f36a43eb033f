"""A scenario run as a JSON document (money as decimal strings) and as a text report for people.

The JSON document's keys are the keys an `expect:` block may state (camnav.scenarios.expect).
Reasons are rendered only through camnav.explain: CARC and group codes from `carc`, plain
language from `messages`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from rich.console import Console
from rich.table import Table
from rich.text import Text

from camnav.domain.adjudication import LineResult, LineStatus
from camnav.domain.members import Accumulators
from camnav.domain.money import format_money
from camnav.domain.plans import Plan, Tier
from camnav.domain.state import MemberState
from camnav.explain.carc import carc_for
from camnav.explain.claims import denial_and_cost_share_reasons, line_document
from camnav.explain.coverage import VERDICT, render
from camnav.explain.documents import coverage_document
from camnav.explain.messages import describe
from camnav.library.library import PlanLibrary
from camnav.scenarios.expect import Comparison, compare
from camnav.scenarios.fields import InvalidScenario, Problem
from camnav.scenarios.format import load_scenario
from camnav.scenarios.referral_history import request_document, request_line
from camnav.scenarios.runner import (
    ClaimRun,
    QuestionRun,
    ScenarioRun,
    known_categories,
    run_scenario,
)

# --- the JSON document ---------------------------------------------------------------------


def scenario_document(run: ScenarioRun) -> dict[str, object]:
    """The claims in the file's order, and the accumulators after the last date of service;
    the decided referral requests when the file has any."""
    document: dict[str, object] = {
        "file": run.scenario.file,
        "name": run.scenario.name,
        "plan": {"id": run.plan.id, "version": run.plan.version, "plan_year": run.plan.plan_year},
        "claims": [claim_document(claim) for claim in run.claims],
        "questions": [coverage_document(question.answer) for question in run.questions],
        "accumulators": accumulators_document(run.plan, run.state, run.last_day),
    }
    if run.referral_requests:
        document["referral_requests"] = [request_document(r) for r in run.referral_requests]
    return document


def claim_document(run: ClaimRun) -> dict[str, object]:
    """One claim's totals (member_total = cost share + balance bill), lines and accumulators."""
    decision = run.adjudication
    return {
        "id": decision.claim_id,
        "provider": run.provider.id,
        "status": decision.status.value,
        "member_owes": format_money(decision.member_owes),
        "plan_pays": format_money(decision.plan_pays),
        "balance_bill": format_money(decision.balance_bill),
        "member_total": format_money(decision.member_owes + decision.balance_bill),
        "visits_remaining": decision.visits_remaining,
        "referral_visits_remaining": decision.referral_visits_remaining,
        "lines": [line_document(line) for line in decision.lines],
        "accumulators": accumulators_document(run.plan, decision.state, run.last_day),
    }


def accumulators_document(plan: Plan, state: MemberState, day: date) -> dict[str, object]:
    """What is met and what is left, per accumulator bucket and per visit limit, in the benefit
    period holding `day`."""
    met = state.accumulators(plan, day)
    buckets = [Tier.IN_NETWORK] + ([Tier.OUT_OF_NETWORK] if plan.separate_tiers else [])
    return {
        "period": plan.period_of(day)[0].isoformat(),
        "deductible_met": {b.value: format_money(met.deductible(b)) for b in buckets},
        "deductible_remaining": {
            b.value: format_money(max(plan.deductible_for(b) - met.deductible(b), 0))
            for b in buckets
        },
        "out_of_pocket_met": {b.value: format_money(met.out_of_pocket(b)) for b in buckets},
        "out_of_pocket_remaining": _out_of_pocket_left(plan, met, buckets),
        "visits_used": _visits_used(plan, met),
        "visits_remaining": {
            limit.id: max(limit.visits - met.visits(limit.id), 0) for limit in plan.visit_limits
        },
        "category_visits": dict(met.category_visits),
    }


def _out_of_pocket_left(plan: Plan, met: Accumulators, buckets: Sequence[Tier]) -> dict[str, str]:
    left = {}
    for bucket in buckets:
        maximum = plan.out_of_pocket_max_for(bucket)
        if maximum is not None:
            left[bucket.value] = format_money(max(maximum - met.out_of_pocket(bucket), 0))
    return left


def _visits_used(plan: Plan, met: Accumulators) -> dict[str, int]:
    used = {limit.id: met.visits(limit.id) for limit in plan.visit_limits}
    return used | dict(met.limit_visits)


def outcome_document(
    document: Mapping[str, object], comparison: Comparison | None
) -> dict[str, object]:
    """A run's document with what its expectations found (None when the file states none)."""
    found = {
        "stated": comparison is not None,
        "checked": comparison.checked if comparison else 0,
        "holds": comparison.holds if comparison else True,
        "differences": list(comparison.differences) if comparison else [],
    }
    return {**document, "expectations": found}


def problems_document(file: str, problems: Sequence[Problem]) -> dict[str, object]:
    return {
        "file": file,
        "problems": [{"path": p.path, "reason": p.reason, "text": str(p)} for p in problems],
    }


# --- the text report -----------------------------------------------------------------------

_COLUMNS = (
    "Line",
    "Date",
    "Code",
    "Units",
    "Status",
    "Billed",
    "Allowed",
    "Deductible",
    "Copay",
    "Coinsurance",
    "Plan pays",
    "Member owes",
    "Balance bill",
    "CARC",
)


def print_run(console: Console, run: ScenarioRun, comparison: Comparison | None) -> None:
    """The scenario's claims in date-of-service order, the final accumulators and the verdict."""
    console.print(Text(f"{run.scenario.name}  ({run.scenario.file})", style="bold"))
    console.print(f"Plan {run.plan.id} {run.plan.version} · member {run.scenario.member.id}")
    for request in run.referral_requests:
        console.print(request_line(request))
    for claim in sorted(run.claims, key=lambda c: c.order):
        _print_claim(console, claim)
    for question in run.questions:
        _print_question(console, question)
    console.print(_accumulators_text(accumulators_document(run.plan, run.state, run.last_day)))
    _print_comparison(console, comparison)
    console.print()


def _print_claim(console: Console, run: ClaimRun) -> None:
    decision = run.adjudication
    console.print(
        Text(f"\nClaim {decision.claim_id} · provider {run.provider.id}", style="bold")
        + Text(f" · {decision.status.value}", style=_status_style(decision.status.value))
    )
    table = Table(*_COLUMNS, show_edge=False, pad_edge=False)
    for line in decision.lines:
        table.add_row(*_line_cells(line))
    console.print(table)
    for line in decision.lines:
        for item in line.reasons:
            text = f"  line {line.number}: [{carc_for(item.code)}] {describe(item)}"
            console.print(text, markup=False)
    amounts = (decision.plan_pays, decision.member_owes, decision.balance_bill)
    plan, member, balance = (format_money(amount) for amount in amounts)
    total = format_money(decision.member_owes + decision.balance_bill)
    summary = (
        f"  Plan pays ${plan}; member owes ${member}, balance bill ${balance}, "
        f"member total ${total}"
    )
    console.print(summary + _visits_text(run))


def _print_question(console: Console, run: QuestionRun) -> None:
    """A coverage question's verdict, its cost per visit and its warnings."""
    answer = run.answer
    console.print(
        Text(f"\nQuestion: {answer.category} on {answer.on}: ", style="bold")
        + Text(VERDICT[answer.verdict])
    )
    for cost in answer.costs:
        tier = cost.tier.value.replace("_", "-")
        console.print(f"  {tier} visit: member ${format_money(cost.member_total)}")
    for warning in answer.warnings:
        console.print(f"  ! {render(warning)}", markup=False)


def _line_cells(line: LineResult) -> list[str | Text]:
    amounts = (line.billed, line.allowed, line.deductible, line.copay, line.coinsurance)
    reasons = denial_and_cost_share_reasons(line)
    return [
        str(line.number),
        line.service_date.isoformat(),
        line.code,
        str(line.units),
        Text(line.status.value, style=_status_style(line.status.value)),
        *(format_money(amount) for amount in amounts),
        format_money(line.plan_pays),
        format_money(line.member_owes),
        format_money(line.balance_bill),
        ", ".join(carc_for(item.code) for item in reasons),
    ]


def _status_style(status: str) -> str:
    if status == LineStatus.PAID.value:
        return "green"
    return "red" if status in ("denied", "partially_paid") else "yellow"


def _visits_text(run: ClaimRun) -> str:
    decision = run.adjudication
    parts = []
    if decision.visits_remaining is not None:
        parts.append(f"visits left {decision.visits_remaining}")
    if decision.referral_visits_remaining is not None:
        parts.append(f"referral visits left {decision.referral_visits_remaining}")
    return "; " + ", ".join(parts) if parts else ""


def _accumulators_text(document: Mapping[str, object]) -> str:
    parts = [f"\nAccumulators for the benefit period from {document['period']}:"]
    labels = (
        ("deductible_met", "deductible met"),
        ("out_of_pocket_met", "out-of-pocket met"),
        ("visits_used", "visits used"),
    )
    for key, label in labels:
        values = document[key]
        if isinstance(values, Mapping) and values:
            shown = ", ".join(f"{name} {value}" for name, value in values.items())
            parts.append(f"  {label}: {shown}")
    return "\n".join(parts)


def _print_comparison(console: Console, comparison: Comparison | None) -> None:
    if comparison is None:
        console.print("No expectations stated.", style="dim")
    elif comparison.holds:
        console.print(f"✓ all {comparison.checked} expected values hold", style="green")
    else:
        count = len(comparison.differences)
        console.print(f"✗ {count} of {comparison.checked} expected values differ:", style="red")
        for difference in comparison.differences:
            console.print(f"  {difference}", style="red", markup=False, soft_wrap=True)


def print_problems(console: Console, problems: Sequence[Problem]) -> None:
    """Each problem on its own line: file, field path, what is wrong."""
    for problem in problems:
        # Not wrapped: one problem, one line, whatever the terminal's width.
        console.print(str(problem), style="red", markup=False, soft_wrap=True)


# --- one file, start to finish -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileReport:
    """One scenario file: its run and what its expectations found, or why it could not run."""

    file: str
    run: ScenarioRun | None
    comparison: Comparison | None
    problems: tuple[Problem, ...]
    document: Mapping[str, object]

    @property
    def holds(self) -> bool:
        return not self.problems and (self.comparison is None or self.comparison.holds)


def report_file(path: str | os.PathLike[str], library: PlanLibrary) -> FileReport:
    """Read, run and check one scenario file; an invalid file is reported, never raised."""
    file = os.fspath(path)
    try:
        scenario = load_scenario(file, categories=known_categories(library.rules))
        run = run_scenario(scenario, library)
    except InvalidScenario as error:
        return FileReport(file, None, None, error.problems, problems_document(file, error.problems))
    document = scenario_document(run)
    comparison = compare(scenario.expect, document) if scenario.expect is not None else None
    return FileReport(file, run, comparison, (), outcome_document(document, comparison))
