"""The databases store tests run on: SQLite always, PostgreSQL when CAMNAV_TEST_POSTGRESQL_URL
is set. A fresh database is a new SQLite file or a new PostgreSQL schema (dropped afterwards), so
parallel pytest workers never meet. Import with `from store_databases import ...`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from camnav.store.database import create_database_engine
from camnav.store.migrate import upgrade
from camnav.store.unit_of_work import SqlUnitOfWork

POSTGRESQL_URL_VARIABLE = "CAMNAV_TEST_POSTGRESQL_URL"

DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(
            not os.environ.get(POSTGRESQL_URL_VARIABLE),
            reason=f"set {POSTGRESQL_URL_VARIABLE} to run the store tests on PostgreSQL",
        ),
    ),
]

OpenUnit = Callable[..., SqlUnitOfWork]


@dataclass(frozen=True)
class Database:
    kind: str
    url: str
    engine: Engine


@contextmanager
def empty_database(kind: str, directory: Path) -> Iterator[str]:
    """The URL of a database with nothing in it: a new SQLite file or PostgreSQL schema."""
    name = f"camnav_test_{uuid.uuid4().hex[:12]}"
    if kind == "sqlite":
        yield f"sqlite:///{directory / name}.db"
        return
    server = os.environ[POSTGRESQL_URL_VARIABLE]
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
def migrated_database(kind: str, directory: Path) -> Iterator[Database]:
    with empty_database(kind, directory) as url:
        upgrade(url)
        engine = create_database_engine(url)
        try:
            yield Database(kind, url, engine)
        finally:
            engine.dispose()
