"""The databases every database test runs on: SQLite always, PostgreSQL when
CAMNAV_TEST_POSTGRESQL_URL is set. A fresh database is a new SQLite file or a new PostgreSQL
schema, dropped afterwards, so parallel pytest workers never meet. The schema's name starts with
the test folder's prefix, so a leftover one says where it came from.

`pytest` puts this folder on the import path (pyproject.toml): `from database_fixtures import ...`.
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


def database_kinds(tests: str) -> list[object]:
    """The parameters of a fixture over both databases; PostgreSQL skipped without a server."""
    return [
        pytest.param("sqlite", id="sqlite"),
        pytest.param(
            "postgresql",
            id="postgresql",
            marks=pytest.mark.skipif(
                not os.environ.get(POSTGRESQL_URL_VARIABLE),
                reason=f"set {POSTGRESQL_URL_VARIABLE} to run the {tests} tests on PostgreSQL",
            ),
        ),
    ]


@contextmanager
def postgresql_schema(prefix: str) -> Iterator[str]:
    """The URL of a new, empty schema on the test server, dropped afterwards."""
    server = os.environ[POSTGRESQL_URL_VARIABLE]
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f"CREATE SCHEMA {name}"))
        url = make_url(server).update_query_dict({"options": f"-csearch_path={name}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        admin.dispose()


@contextmanager
def empty_database(kind: str, directory: Path, prefix: str = "camnav_test") -> Iterator[str]:
    """The URL of a database with nothing in it: a new SQLite file or PostgreSQL schema."""
    if kind == "sqlite":
        yield f"sqlite:///{directory / prefix}_{uuid.uuid4().hex[:12]}.db"
        return
    with postgresql_schema(prefix) as url:
        yield url


@contextmanager
def migrated_engine(kind: str, directory: Path, prefix: str = "camnav_test") -> Iterator[Engine]:
    """An engine on a new, migrated SQLite file or PostgreSQL schema, dropped afterwards."""
    with empty_database(kind, directory, prefix) as url:
        upgrade(url)
        engine = create_database_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()
