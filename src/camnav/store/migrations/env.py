"""Alembic's environment: migrate over the connection camnav.store.migrate hands in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from camnav.store.tables import metadata
from camnav.store.tables.directory import outside_metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things: later revisions rebuild tables in batch mode.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # The spatial index's objects are created by a migration, not from the metadata.
        include_name=outside_metadata,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("camnav migrates online only: use camnav.store.migrate")
connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run migrations through camnav.store.migrate, which passes a connection")
run_migrations(connection)
