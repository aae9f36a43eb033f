"""The databases directory tests run on: SQLite always, PostgreSQL when
CAMNAV_TEST_POSTGRESQL_URL is set; a fresh database is a new SQLite file or PostgreSQL schema,
dropped afterwards, so parallel workers never meet. Import with `from directory_databases ...`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from camnav.store.database import create_database_engine
from camnav.store.migrate import upgrade

POSTGRESQL_URL_VARIABLE = "CAMNAV_TEST_POSTGRESQL_URL"

DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(
            not os.environ.get(POSTGRESQL_URL_VARIABLE),
            reason=f"set {POSTGRESQL_URL_VARIABLE} to run the directory tests on PostgreSQL",
        ),
    ),
]


@contextmanager
def migrated_engine(kind: str, directory: Path) -> Iterator[Engine]:
    """An engine on a new, migrated SQLite file or PostgreSQL schema, dropped afterwards."""
    name = f"camnav_directory_{uuid.uuid4().hex[:12]}"
    if kind == "sqlite":
        with _migrated(f"sqlite:///{directory / name}.db") as engine:
            yield engine
        return
    server = os.environ[POSTGRESQL_URL_VARIABLE]
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f"CREATE SCHEMA {name}"))
        url = make_url(server).update_query_dict({"options": f"-csearch_path={name}"})
        with _migrated(url.render_as_string(hide_password=False)) as engine:
            yield engine
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        admin.dispose()


@contextmanager
def _migrated(url: str) -> Iterator[Engine]:
    upgrade(url)
    engine = create_database_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()
