"""The databases store tests run on (see tests/database_fixtures.py), with their URL and engine.
Import with `from store_databases import ...`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from camnav.store.database import create_database_engine
from camnav.store.migrate import upgrade
from camnav.store.unit_of_work import SqlUnitOfWork
from database_fixtures import database_kinds, empty_database

DATABASES = database_kinds("store")

OpenUnit = Callable[..., SqlUnitOfWork]


@dataclass(frozen=True)
class Database:
    kind: str
    url: str
    engine: Engine


@contextmanager
def migrated_database(kind: str, directory: Path) -> Iterator[Database]:
    with empty_database(kind, directory) as url:
        upgrade(url)
        engine = create_database_engine(url)
        try:
            yield Database(kind, url, engine)
        finally:
            engine.dispose()
