"""Referral tests run the real app (`create_app`) through the real TestClient on SQLite and,
when CAMNAV_TEST_POSTGRESQL_URL is set, on PostgreSQL too, with the clock fixed at NOW.

As in tests/api: a session's database is migrated, the cast stored and signed in once; each test
then runs inside an outer transaction that is rolled back (units of work commit savepoints).
PostgreSQL work happens in a schema of its own per database, so parallel workers never meet.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from referral_cast import Api, Who, fixed_clock, seed_cast, sign_in
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from camnav.api.app import create_app
from camnav.library.library import PlanLibrary, load_library
from camnav.services.context import ServiceContext
from camnav.services.ports import UnitOfWorkFactory
from camnav.store.unit_of_work import SqlUnitOfWork, unit_of_work_factory
from database_fixtures import database_kinds
from database_fixtures import migrated_engine as shared_migrated_engine

DATABASES = database_kinds("referral")


def migrated_engine(kind: str, directory: Path) -> AbstractContextManager[Engine]:
    return shared_migrated_engine(kind, directory, "camnav_referrals")


@dataclass(frozen=True)
class CastDatabase:
    kind: str
    engine: Engine
    tokens: dict[Who, str]
    user_ids: dict[Who, int]


@pytest.fixture(scope="session")
def library() -> PlanLibrary:
    return load_library()


def cast_context(units: UnitOfWorkFactory, library: PlanLibrary) -> ServiceContext:
    return ServiceContext(units, library, clock=fixed_clock)


@pytest.fixture(scope="session", params=DATABASES)
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, library: PlanLibrary
) -> Iterator[CastDatabase]:
    with migrated_engine(request.param, tmp_path_factory.mktemp("referrals")) as engine:
        context = cast_context(unit_of_work_factory(engine), library)
        user_ids = seed_cast(context.units, library)
        with TestClient(create_app(context)) as client:
            tokens = {who: sign_in(client, who) for who in Who}
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
                yield Api(client, database.tokens, database.user_ids, units)
        finally:
            if outer.is_active:
                outer.rollback()
