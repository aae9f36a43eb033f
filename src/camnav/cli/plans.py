"""`camnav plans`: check a plan directory, and show a plan's benefits with their citations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from camnav.domain.money import format_money, format_rate
from camnav.domain.plans import Access, AccessRule, Amounts, Benefit, CostShare, Plan
from camnav.library.library import PlanLibrary, load_library, plan_files, validate_directory
from camnav.library.problems import InvalidDataFiles

app = typer.Typer(
    help="Plan documents: validate a plan directory, show a plan's benefits.",
    no_args_is_help=True,
)

PlansDir = Annotated[
    Path | None,
    typer.Option("--plans-dir", help="Plan directory (default: $CAMNAV_PLANS_DIR or plans/)"),
]


@app.command()
def validate(
    directory: Annotated[
        Path, typer.Argument(exists=True, file_okay=False, help="The plan directory to check")
    ],
) -> None:
    """Check every plan, fee schedule, catalogue and regions file; exit 1 on any problem."""
    problems = validate_directory(directory)
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        files = len({problem.file for problem in problems})
        typer.echo(f"{len(problems)} problem(s) in {files} file(s)")
        raise typer.Exit(1)
    typer.echo(f"{len(plan_files(directory))} plan files valid")


@app.command()
def show(
    plan_id: Annotated[str, typer.Argument(help="Plan id, e.g. example-a")],
    year: Annotated[int | None, typer.Option(help="Plan year (default: the latest)")] = None,
    plans_dir: PlansDir = None,
) -> None:
    """Print a plan's cost sharing and benefits, each with the clause it comes from."""
    try:
        plan = _plan_of_year(load_library(plans_dir), plan_id, year)
    except InvalidDataFiles as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    except LookupError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    console = Console()
    console.print(_heading(plan))
    console.print(_benefit_table(plan))


def _plan_of_year(library: PlanLibrary, plan_id: str, year: int | None) -> Plan:
    """The latest version of the plan year, or of the plan when no year is given."""
    versions = library.versions(plan_id)
    if year is None:
        return versions[-1]
    of_year = [plan for plan in versions if plan.plan_year == year]
    if not of_year:
        years = ", ".join(sorted({str(plan.plan_year) for plan in versions}))
        raise LookupError(f"plan {plan_id!r} has no plan year {year}; its years: {years}")
    return of_year[-1]


def _heading(plan: Plan) -> str:
    lines = [
        f"[bold]{plan.name}[/bold] ({plan.id} {plan.version}, {plan.product})",
        f"In effect {plan.effective_from} to {plan.effective_to}; {plan.document}",
        f"Deductible: {_amounts(plan.deductible)}",
        f"Out-of-pocket maximum: {_amounts(plan.out_of_pocket_max)}",
    ]
    if plan.discount:
        lines.append(
            f"Discount program: {format_rate(plan.discount.rate)} ({plan.discount.citation})"
        )
    return "\n".join(lines)


def _amounts(amounts: Amounts) -> str:
    text = _money(amounts.in_network)
    if amounts.out_of_network is not None:
        text += f" in network, {_money(amounts.out_of_network)} out of network"
    return f"{text} ({amounts.citation})"


def _money(cents: int | None) -> str:
    return "none" if cents is None else f"${format_money(cents)}"


def _benefit_table(plan: Plan) -> Table:
    """One row per rule of each benefit: what it says and the clause it comes from."""
    table = Table("Category", "Rule", "Terms", "Citation")
    for column in table.columns[:2]:
        column.no_wrap = True
    for category, benefit in sorted(plan.benefits.items()):
        for number, (rule, terms, citation) in enumerate(_rules(plan, benefit)):
            table.add_row(category if number == 0 else "", rule, terms, citation)
        table.add_section()
    return table


Row = tuple[str, str, str]


def _rules(plan: Plan, benefit: Benefit) -> list[Row]:
    if not benefit.covered:
        alternatives = ", ".join(benefit.alternatives)
        terms = f"not covered; instead: {alternatives}" if alternatives else "not covered"
        return [("coverage", terms, benefit.citation)]
    rows = [
        ("coverage", "covered", benefit.citation),
        ("in network", _terms(benefit.in_network), benefit.in_network.citation),
        ("out of network", _out_of_network(benefit), benefit.out_of_network.citation),
        ("access", _access(benefit.access), benefit.access.citation),
    ]
    rows += [
        (f"limit {v.id}", f"{v.visits} visits a year", v.citation)
        for v in plan.limits_for(benefit.category)
    ]
    if benefit.necessity:
        names = ", ".join(value_set.name for value_set in benefit.necessity.qualifying)
        rows.append(("diagnoses", names, benefit.necessity.citation))
    rows += [
        ("excludes", e.description or e.modality, e.citation) for e in benefit.excluded_modalities
    ]
    return rows


def _out_of_network(benefit: Benefit) -> str:
    out = benefit.out_of_network
    if not out.covered:
        return "not covered"
    allowed = f"{format_rate(out.percent_of_reference)} of {out.reference_schedule}"
    return f"{_terms(out.cost_share)}; allowed {allowed}"


def _terms(terms: CostShare) -> str:
    parts = [f"${format_money(terms.copay)} copay"] if terms.copay is not None else []
    if terms.coinsurance is not None:
        parts.append(f"{format_rate(terms.coinsurance)} coinsurance")
    text = " + ".join(parts) or "nothing"
    return f"{text} after the deductible" if terms.deductible_applies else text


def _access(access: Access) -> str:
    if access.rule is AccessRule.PRESCRIPTION and access.max_age_months:
        return f"prescription at most {access.max_age_months} months old"
    if access.rule is AccessRule.TREATMENT_PLAN:
        return f"treatment plan after {access.free_visits} visit(s)"
    if access.rule is AccessRule.AUTHORIZATION_FROM_VISIT:
        return f"authorization from visit {access.free_visits + 1}"
    return access.rule.value.replace("_", " ")
