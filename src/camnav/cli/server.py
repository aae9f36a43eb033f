"""`camnav serve` and `camnav db`: run the app over the configured database, manage its schema."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from typing import Annotated

import typer
import uvicorn
from fastapi import FastAPI

from camnav.api.app import create_app
from camnav.settings import Settings
from camnav.store.migrate import current, downgrade, upgrade
from camnav.web.session import DemoSignIn

db = typer.Typer(no_args_is_help=True, help="The database schema (Alembic migrations).")

Host = Annotated[str, typer.Option(help="Address to listen on")]
Port = Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on")]


def serve(host: Host = "127.0.0.1", port: Port = 8000, workers: int = 1) -> None:
    """Serve the API (and pages) over the database of CAMNAV_DATABASE_URL."""
    settings = Settings()
    upgrade(settings.database_url)
    # No access log: request paths carry member ids, and member data never goes into logs.
    if workers > 1:
        # Stateless processes over one database: uvicorn starts each from the factory.
        uvicorn.run(
            "camnav.cli.server:serving_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            access_log=False,
        )
        return
    run_app(settings, host, port)


def run_app(
    settings: Settings, host: str, port: int, demo_accounts: Sequence[DemoSignIn] = ()
) -> None:
    """One process over the database; `demo_accounts` are listed on the sign-in page."""
    app = serving_app(settings, demo_accounts)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def serving_app(
    settings: Settings | None = None, demo_accounts: Sequence[DemoSignIn] = ()
) -> FastAPI:
    """The app of a serving process, its start-up objects frozen out of the garbage collector's
    reach. The plan library and the ICD-10-CM code set are some 760,000 objects that live as long
    as the process; a full collection walks them all, about 0.2 s in which no request of the
    process moves (the service bench's latency tail)."""
    app = create_app(settings=settings, demo_accounts=demo_accounts)
    gc.freeze()
    return app


@db.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Apply migrations up to a revision (the latest by default)."""
    upgrade(Settings().database_url, revision)
    typer.echo(f"database at {current(Settings().database_url)}")


@db.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, or 'base'")],
) -> None:
    """Undo migrations down to a revision ('base' removes every table)."""
    downgrade(Settings().database_url, revision)
    typer.echo(f"database at {current(Settings().database_url) or 'base'}")


@db.command("current")
def db_current() -> None:
    """The revision the database is at."""
    typer.echo(current(Settings().database_url) or "base")
