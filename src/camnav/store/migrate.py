"""Run the Alembic migrations from code: no alembic.ini, the scripts ship inside the package."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection

from camnav.store.database import create_database_engine

MIGRATIONS_DIRECTORY = Path(__file__).resolve().parent / "migrations"


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at `url` up to `revision` (the latest by default)."""
    _run(url, lambda config: command.upgrade(config, revision))


def downgrade(url: str, revision: str) -> None:
    """Migrate the database at `url` down to `revision` ("base" removes every table)."""
    _run(url, lambda config: command.downgrade(config, revision))


def current(url: str) -> str | None:
    """The revision the database is at; None before the first migration."""
    engine = create_database_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built in code; env.py migrates over `connection` when given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIRECTORY))
    config.attributes["connection"] = connection
    return config


def _run(url: str, step: Callable[[Config], None]) -> None:
    engine = create_database_engine(url)
    try:
        # One transaction for the whole run: PostgreSQL and (with database.py's BEGIN) SQLite
        # both roll back DDL, so a failed migration leaves the schema as it was.
        with engine.begin() as connection:
            step(alembic_config(connection))
    finally:
        engine.dispose()
