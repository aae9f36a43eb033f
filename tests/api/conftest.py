"""API tests run the real app (`create_app`) through the real TestClient on SQLite and, when
CAMNAV_TEST_POSTGRESQL_URL is set, on PostgreSQL too, with the clock fixed at NOW.

A session's database is migrated, the cast stored and signed in through POST /api/v1/auth/token
once; each test then runs inside an outer transaction that is rolled back (units of work commit
savepoints, SQLAlchemy 2's "join an external transaction" recipe). Tests that need real commits
(concurrency) ask for `committed_cast`: a fresh database of their own, removed afterwards.
PostgreSQL work happens in a schema of its own per database, so parallel workers never meet.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import pytest
from api_cast import (
    MARIAS_CLAIM,
    SIGNED_IN,
    Api,
    Caller,
    CommittedCast,
    bearer,
    claim_body,
    fixed_clock,
    seed_cast,
    sign_in,
)
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from camnav.api.app import create_app
from camnav.library.library import PlanLibrary, load_library
from camnav.services.context import ServiceContext
from camnav.services.ports import UnitOfWorkFactory
from camnav.store.unit_of_work import SqlUnitOfWork, unit_of_work_factory
from database_fixtures import database_kinds
from database_fixtures import migrated_engine as shared_migrated_engine

DATABASES = database_kinds("API")


def migrated_engine(kind: str, directory: Path) -> AbstractContextManager[Engine]:
    return shared_migrated_engine(kind, directory, "camnav_api")


@dataclass(frozen=True)
class CastDatabase:
    kind: str
    engine: Engine
    tokens: dict[Caller, str]
    user_ids: dict[Caller, int]


@pytest.fixture(scope="session")
def library() -> PlanLibrary:
    return load_library()


def cast_context(units: UnitOfWorkFactory, library: PlanLibrary) -> ServiceContext:
    return ServiceContext(units, library, clock=fixed_clock)


@pytest.fixture(scope="session", params=DATABASES)
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, library: PlanLibrary
) -> Iterator[CastDatabase]:
    """The cast stored and signed in; Oak Street's claim for Maria's visit of today on file."""
    with migrated_engine(request.param, tmp_path_factory.mktemp("api")) as engine:
        context = cast_context(unit_of_work_factory(engine), library)
        user_ids = seed_cast(context.units, library)
        with TestClient(create_app(context)) as client:
            tokens = {caller: sign_in(client, caller) for caller in SIGNED_IN}
            response = client.post(
                "/api/v1/claims",
                json=claim_body(id=MARIAS_CLAIM),
                headers=bearer(tokens[Caller.PROVIDER]),
            )
            assert response.status_code == 201, response.text
        yield CastDatabase(request.param, engine, tokens, user_ids)


@pytest.fixture
def api(database: CastDatabase, library: PlanLibrary) -> Iterator[Api]:
    """The app on the cast's database; everything the test does is rolled back afterwards."""
    with database.engine.connect() as connection:
        outer = connection.begin()
        sessions = sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )

        def units(*, write: bool = True) -> SqlUnitOfWork:
            return SqlUnitOfWork(sessions, write=write)

        try:
            with TestClient(create_app(cast_context(units, library))) as client:
                yield Api(
                    client, database.tokens, database.user_ids, units, database.kind, connection
                )
        finally:
            if outer.is_active:
                outer.rollback()


@pytest.fixture(params=DATABASES)
def committed_cast(
    request: pytest.FixtureRequest, tmp_path: Path, library: PlanLibrary
) -> Iterator[CommittedCast]:
    with migrated_engine(request.param, tmp_path) as engine:
        context = cast_context(unit_of_work_factory(engine), library)
        user_ids = seed_cast(context.units, library)
        yield CommittedCast(request.param, context, user_ids)
