"""`camnav demo`: show the engine on the demo plan library.

Until the service exists this runs every example scenario (the worked examples and the
convention cases) and answers the coverage question for each demo plan.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import typer
from rich.console import Console

from camnav.cli.coverage import coverage as coverage_command
from camnav.library.library import load_library
from camnav.scenarios.report import print_problems, print_run, report_file

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "scenarios"


def demo(
    on: str = typer.Option("2025-06-02", help="Date of the coverage answers, YYYY-MM-DD"),
) -> None:
    """Run the example scenarios and answer 'is massage covered?' for every demo plan."""
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    library = load_library()
    reports = [report_file(path, library) for path in sorted(EXAMPLES.glob("*.yaml"))]
    for report in reports:
        if report.run is None:
            print_problems(console, report.problems)
        else:
            print_run(console, report.run, report.comparison)
    passed = sum(1 for r in reports if not r.problems and r.holds)
    console.rule(f"{passed} of {len(reports)} example scenarios hold")
    for plan_id in library.plan_ids:
        console.rule(plan_id)
        coverage_command(plan_id, category="massage", on=str(date.fromisoformat(on)))
