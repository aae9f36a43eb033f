"""`camnav scenario run FILE...`: run plan administrators' benefit tests and check their figures.

Exit status: 0 when every file's expectations hold, 1 when any differs (the differences are
printed), 2 when a file is invalid (its problems are printed; valid files still run).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from camnav.library.library import load_library
from camnav.scenarios.report import FileReport, print_problems, print_run, report_file

EXIT_DIFFERENCES = 1
EXIT_INVALID = 2

app = typer.Typer(
    no_args_is_help=True, help="Benefit tests: scenario files run through the engine."
)


@app.callback()
def scenario() -> None:
    """Benefit tests: scenario files run through the claims engine (see docs/scenarios.md)."""


Files = Annotated[list[Path], typer.Argument(help="Scenario files (YAML)", show_default=False)]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON document for all files")]


@app.command()
def run(files: Files, as_json: AsJson = False) -> None:
    """Run each scenario; exit 0 when all expectations hold, 1 when any differs, 2 if invalid."""
    library = load_library()
    reports = [report_file(file, library) for file in files]
    if as_json:
        document = {"passed": _exit_code(reports) == 0, "scenarios": [r.document for r in reports]}
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        _print(reports)
    raise typer.Exit(_exit_code(reports))


def _print(reports: list[FileReport]) -> None:
    # Wide tables when piped or captured; a terminal gives its own width.
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    for report in reports:
        if report.run is None:
            print_problems(console, report.problems)
        else:
            print_run(console, report.run, report.comparison)
    failed = [r.file for r in reports if r.problems or not r.holds]
    summary = f"{len(reports) - len(failed)} of {len(reports)} scenario files passed"
    console.print(summary, style="bold red" if failed else "bold green")


def _exit_code(reports: list[FileReport]) -> int:
    """Invalid files outrank differing figures: a file that cannot run checks nothing."""
    if any(report.problems for report in reports):
        return EXIT_INVALID
    if any(not report.holds for report in reports):
        return EXIT_DIFFERENCES
    return 0
