"""The `camnav` command line: plan validation, scenario runs, and (later) the demo server."""

from __future__ import annotations

import typer

from camnav.cli import coverage, demo, plans, scenario

app = typer.Typer(no_args_is_help=True, help="camnav: explained coverage answers and claims.")
app.add_typer(plans.app, name="plans")
app.add_typer(scenario.app, name="scenario")
app.command()(coverage.coverage)
app.command()(coverage.estimate)
app.command()(demo.demo)


def main() -> None:
    app()
