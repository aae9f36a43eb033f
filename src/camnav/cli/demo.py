"""`camnav demo`: build the synthetic Example Health once and serve it on 127.0.0.1.

The database is the configured one (the SQLite file under var/ by default); a second start finds
the demo already built and reuses it.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from camnav.cli.server import run_app
from camnav.demo.build import DemoDatabaseInUse, DemoSummary, build_demo
from camnav.settings import Settings
from camnav.web.session import DemoSignIn

console = Console(highlight=False)


def demo(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to serve on")] = 8000,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic data")] = 2026,
    build_only: Annotated[bool, typer.Option("--build-only", help="Build, don't serve")] = False,
) -> None:
    """Build (or reuse) the demo health plan and serve it on http://127.0.0.1:PORT."""
    settings = Settings()
    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    try:
        with Progress(*columns, console=console, transient=False) as progress:
            summary = build_demo(settings.database_url, seed, progress)
    except DemoDatabaseInUse as error:
        console.print(f"[red]{error}[/red] Set CAMNAV_DATABASE_URL to another database.")
        raise typer.Exit(1) from error
    _print_summary(summary, settings.database_url)
    if build_only:
        return
    console.print(
        f"\nOpen [bold]http://127.0.0.1:{port}/[/bold] to sign in (the accounts above are listed "
        "there too) — Ctrl-C stops it."
    )
    run_app(settings, "127.0.0.1", port, sign_in_hints(summary))


def sign_in_hints(summary: DemoSummary) -> tuple[DemoSignIn, ...]:
    return tuple(DemoSignIn(a.username, a.password, a.role, a.note) for a in summary.accounts)


def _print_summary(summary: DemoSummary, url: str) -> None:
    verb = "Reused" if summary.reused else "Built"
    counts = ", ".join(f"{count:,} {name}" for name, count in summary.counts.items())
    console.print(
        f"{verb} the demo (seed {summary.seed}, history to {summary.today}) in "
        f"{summary.elapsed_seconds:.1f} s: {counts}"
    )
    console.print(f"Database: {url}")
    table = Table(title="Demo accounts")
    for column in ("username", "password", "role", "who"):
        table.add_column(column)
    for account in summary.accounts:
        table.add_row(account.username, account.password, account.role.value, account.note)
    console.print(table)
