"""Claims workflow tests run the real app on SQLite and, when CAMNAV_TEST_POSTGRESQL_URL is set,
on PostgreSQL too, with a clock the test controls and uploads in a temporary directory.

A session's database is migrated, the cast stored and signed in once; each test then runs inside
an outer transaction that is rolled back (units of work commit savepoints), the approach of
tests/api/conftest.py. Tests that need real commits (the crash test) make a database of their own.
PostgreSQL work happens in a schema of its own per database, so parallel workers never meet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from claims_cast import Caller, Clock, seed
from claims_harness import DATABASES, Api, empty_database, sign_in
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from camnav.api.app import create_app
from camnav.library.library import PlanLibrary, load_library
from camnav.services.context import ServiceContext
from camnav.store.database import create_database_engine
from camnav.store.migrate import upgrade
from camnav.store.unit_of_work import SqlUnitOfWork, unit_of_work_factory
from camnav.store.uploads import DirectoryFileStore


@dataclass(frozen=True)
class CastDatabase:
    kind: str
    url: str
    engine: Engine
    tokens: dict[Caller, str]


@pytest.fixture(scope="session")
def library() -> PlanLibrary:
    return load_library()


@pytest.fixture(scope="session", params=DATABASES)
def cast_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, library: PlanLibrary
) -> Iterator[CastDatabase]:
    """The cast stored and signed in, once per database kind."""
    directory = tmp_path_factory.mktemp("claims")
    with empty_database(request.param, directory) as url:
        upgrade(url)
        engine = create_database_engine(url)
        try:
            context = ServiceContext(unit_of_work_factory(engine), library, clock=Clock())
            seed(context.units, library)
            with TestClient(create_app(context)) as client:
                tokens = {caller: sign_in(client, caller) for caller in Caller}
            yield CastDatabase(request.param, url, engine, tokens)
        finally:
            engine.dispose()


@pytest.fixture
def api(cast_database: CastDatabase, library: PlanLibrary, tmp_path: Path) -> Iterator[Api]:
    """The app on the cast's database; everything the test does is rolled back afterwards."""
    with cast_database.engine.connect() as connection:
        outer = connection.begin()
        sessions = sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )

        def units(*, write: bool = True) -> SqlUnitOfWork:
            return SqlUnitOfWork(sessions, write=write)

        clock = Clock()
        uploads = tmp_path / "uploads"
        context = ServiceContext(units, library, clock=clock, files=DirectoryFileStore(uploads))
        try:
            with TestClient(create_app(context)) as client:
                yield Api(
                    client,
                    cast_database.tokens,
                    units,
                    clock,
                    uploads,
                    connection,
                    cast_database.kind,
                )
        finally:
            if outer.is_active:
                outer.rollback()


@pytest.fixture(params=DATABASES)
def committed_url(
    request: pytest.FixtureRequest, tmp_path: Path, library: PlanLibrary
) -> Iterator[str]:
    """A fresh database, migrated and seeded with the cast, whose commits are real."""
    with empty_database(request.param, tmp_path) as url:
        upgrade(url)
        engine = create_database_engine(url)
        try:
            seed(unit_of_work_factory(engine), library)
        finally:
            engine.dispose()
        yield url
