"""`camnav coverage` and `camnav estimate`: answers for plan staff, from the plan library alone."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Annotated

import typer
from rich.console import Console

from camnav.domain.coverage import CoverageAnswer, determine_coverage
from camnav.domain.estimate import estimate_visits
from camnav.domain.members import Accumulators, Enrollment
from camnav.domain.money import MoneyFormatError, format_money, parse_money
from camnav.domain.plans import Plan, Tier
from camnav.domain.state import MemberState, start_state
from camnav.explain.coverage import VERDICT, render
from camnav.explain.documents import coverage_document, estimate_document
from camnav.library.library import PlanLibrary, load_library

# Wide output when piped or captured; a terminal gives its own width.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)

Category = Annotated[str, typer.Option(help="massage, acupuncture, chiropractic, physical_therapy")]
Diagnoses = Annotated[list[str] | None, typer.Option("--diagnosis", help="ICD-10-CM code; repeat")]
DeductibleMet = Annotated[str, typer.Option(help="Deductible met so far, e.g. 1600.00")]
OutOfPocketMet = Annotated[str, typer.Option(help="Out-of-pocket met so far, e.g. 200.00")]
VisitsUsed = Annotated[int, typer.Option(min=0, help="Visits used under the category's limit")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON")]


def _library_plan(plan_id: str, on: date) -> tuple[PlanLibrary, Plan]:
    library = load_library()
    try:
        return library, library.plan(plan_id, on=on)
    except LookupError as error:
        raise typer.BadParameter(str(error), param_hint="PLAN_ID") from error


def _money(text: str, option: str) -> int:
    try:
        return parse_money(text)
    except MoneyFormatError as error:
        raise typer.BadParameter(str(error), param_hint=option) from error


def _state(
    plan: Plan, category: str, on: date, deductible: str, oop: str, visits: int
) -> MemberState:
    enrollment = Enrollment("cli-member", plan.id, plan.effective_from, plan.effective_to)
    limit_ids = [limit.id for limit in plan.limits_for(category)]
    accumulators = Accumulators(
        deductible_met={Tier.IN_NETWORK: _money(deductible, "--deductible-met")},
        out_of_pocket_met={Tier.IN_NETWORK: _money(oop, "--out-of-pocket-met")},
        limit_visits=dict.fromkeys(limit_ids, visits),
        category_visits={category: visits},
    )
    return start_state(enrollment, plan, accumulators, on)


def coverage(
    plan_id: Annotated[str, typer.Argument(help="Plan id, e.g. example-b")],
    category: Category = "massage",
    on: Annotated[str, typer.Option(help="Date, YYYY-MM-DD")] = "",
    diagnosis: Diagnoses = None,
    region: Annotated[str, typer.Option(help="Region id from plans/regions.yaml")] = "",
    deductible_met: DeductibleMet = "0.00",
    out_of_pocket_met: OutOfPocketMet = "0.00",
    visits_used: VisitsUsed = 0,
    as_json: AsJson = False,
) -> None:
    """Is the category covered on that date, where, on what conditions, and at what cost?"""
    day = _date(on)
    library, plan = _library_plan(plan_id, day)
    state = _state(plan, category, day, deductible_met, out_of_pocket_met, visits_used)
    answer = determine_coverage(
        plan=plan,
        state=state,
        rules=library.rules,
        category=category,
        on=day,
        region=library.regions.get(region or (plan.regions[0] if plan.regions else "")),
        diagnoses=tuple(diagnosis or ()),
    )
    if as_json:
        print(json.dumps(coverage_document(answer), indent=2))
    else:
        _print_answer(plan, answer)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text) if text else date.today()
    except ValueError as error:
        raise typer.BadParameter(f"not a date (YYYY-MM-DD): {text!r}", param_hint="--on") from error


def _print_answer(plan: Plan, answer: CoverageAnswer) -> None:
    console.print(f"[bold]{plan.name} {plan.plan_year}[/bold] — {answer.category} on {answer.on}")
    console.print(f"[bold]{VERDICT[answer.verdict]}[/bold]")
    sections = (
        ("", answer.statements),
        ("Where", answer.where),
        ("What to do", answer.next_steps),
        ("Warnings", answer.warnings),
        ("Alternatives", tuple(a.statement for a in answer.alternatives)),
    )
    for title, items in sections:
        if title and items:
            console.print(f"\n[bold]{title}[/bold]")
        for item in items:
            console.print(
                f"  • {render(item)}  [dim]({item.citation})[/dim]"
                if item.citation
                else f"  • {render(item)}"
            )
    for alternative in answer.alternatives:
        if alternative.cost is not None and alternative.category:
            console.print(
                f"  {alternative.category.replace('_', ' ')}: you would pay"
                f" ${format_money(alternative.cost.member_total)} a typical in-network visit"
            )
    for cost in answer.costs:
        console.print(
            f"\n  {cost.tier.value.replace('_', '-')} visit:"
            f" you pay ${format_money(cost.member_total)},"
            f" the plan pays ${format_money(cost.plan_pays)}"
        )


def estimate(
    plan_id: Annotated[str, typer.Argument(help="Plan id, e.g. example-c")],
    category: Category = "massage",
    start: Annotated[str, typer.Option("--from", help="First visit, YYYY-MM-DD")] = "",
    visits: Annotated[int, typer.Option(min=1, max=366, help="Number of visits")] = 12,
    every: Annotated[int, typer.Option(min=1, help="Days between visits")] = 7,
    tier: Annotated[Tier, typer.Option(help="Network tier")] = Tier.IN_NETWORK,
    diagnosis: Diagnoses = None,
    deductible_met: DeductibleMet = "0.00",
    out_of_pocket_met: OutOfPocketMet = "0.00",
    visits_used: VisitsUsed = 0,
    as_json: AsJson = False,
) -> None:
    """What N visits would cost, visit by visit, exactly as claims would be adjudicated."""
    day = _date(start)
    library, plan = _library_plan(plan_id, day)
    state = _state(plan, category, day, deductible_met, out_of_pocket_met, visits_used)
    result = estimate_visits(
        plan=plan,
        state=state,
        rules=library.rules,
        category=category,
        tier=tier,
        start=day,
        visits=visits,
        every_days=every,
        diagnoses=tuple(diagnosis or ()),
    )
    document = estimate_document(result)
    if as_json:
        print(json.dumps(document, indent=2))
        return
    for visit in result.visits:
        status = "covered" if visit.covered else "not covered"
        console.print(
            f"visit {visit.number:>2} {visit.service_date}  {status:<11}"
            f" you ${format_money(visit.member_total):>8}"
            f"  plan ${format_money(visit.plan_pays):>8}"
        )
    console.print(
        f"[bold]total: you ${document['member_total']}, plan ${document['plan_total']}[/bold]"
    )
