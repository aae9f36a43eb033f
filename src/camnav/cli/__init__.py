"""The `camnav` command line: plans, scenarios, coverage answers, the database and the server."""

from __future__ import annotations

import typer

from camnav.cli import claims, coverage, demo, plans, providers, referrals, scenario, server

app = typer.Typer(no_args_is_help=True, help="camnav: explained coverage answers and claims.")
app.add_typer(plans.app, name="plans")
app.add_typer(scenario.app, name="scenario")
app.add_typer(server.db, name="db")
app.add_typer(providers.app, name="providers")
app.add_typer(referrals.app, name="referrals")
app.add_typer(claims.app, name="claims")
app.command()(server.serve)
app.command()(coverage.coverage)
app.command()(coverage.estimate)
app.command()(demo.demo)


def main() -> None:
    app()
