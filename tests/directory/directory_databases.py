"""The databases directory tests run on (see tests/database_fixtures.py). Import with
`from directory_databases import ...`.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path

from sqlalchemy import Engine

from database_fixtures import database_kinds
from database_fixtures import migrated_engine as shared_migrated_engine

DATABASES = database_kinds("directory")


def migrated_engine(kind: str, directory: Path) -> AbstractContextManager[Engine]:
    """An engine on a new, migrated SQLite file or PostgreSQL schema, dropped afterwards."""
    return shared_migrated_engine(kind, directory, "camnav_directory")
