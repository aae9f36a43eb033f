"""Store tests run on SQLite and, when CAMNAV_TEST_POSTGRESQL_URL is set, on PostgreSQL too.

Each test runs inside an outer transaction that is rolled back (SQLAlchemy 2's "join a session
into an external transaction" recipe: units of work commit savepoints). Tests that need real
commits (concurrency) ask for `committed_database`: a fresh SQLite file or PostgreSQL schema,
removed afterwards. PostgreSQL work happens in a schema of its own per pytest session and per
fresh database, so parallel workers (`-n 2`) never meet.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker
from store_databases import DATABASES, Database, OpenUnit, empty_database, migrated_database

from camnav.store.unit_of_work import SqlUnitOfWork


@pytest.fixture(scope="session", params=DATABASES)
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """A migrated database shared by the tests of a session; each test rolls its work back."""
    with migrated_database(request.param, tmp_path_factory.mktemp("store")) as migrated:
        yield migrated


@pytest.fixture
def connection(database: Database) -> Iterator[Connection]:
    with database.engine.connect() as connection:
        outer = connection.begin()
        try:
            yield connection
        finally:
            if outer.is_active:
                outer.rollback()


@pytest.fixture
def sessions(connection: Connection) -> sessionmaker[Session]:
    """Sessions joined to the test's transaction: their commits release savepoints."""
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def open_unit(sessions: sessionmaker[Session]) -> OpenUnit:
    def open_one(*, write: bool = True) -> SqlUnitOfWork:
        return SqlUnitOfWork(sessions, write=write)

    return open_one


@pytest.fixture
def uow(open_unit: OpenUnit) -> Iterator[SqlUnitOfWork]:
    """A write unit open for the whole test."""
    with open_unit() as unit:
        yield unit


@pytest.fixture(params=DATABASES)
def committed_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A fresh migrated database whose commits are real, for concurrency tests."""
    with migrated_database(request.param, tmp_path) as migrated:
        yield migrated


@pytest.fixture(params=DATABASES)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with empty_database(request.param, tmp_path) as url:
        yield url
