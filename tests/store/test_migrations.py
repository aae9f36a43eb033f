"""Migrations build the schema from nothing, match the tables, and undo themselves cleanly."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from camnav.store.database import create_database_engine
from camnav.store.migrate import alembic_config, current, downgrade, upgrade
from camnav.store.tables import metadata
from camnav.store.tables.directory import SPATIAL_TABLES, outside_metadata

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def _described(name: str | None, type_: str, _parents: object) -> bool:
    # Objects only a migration can describe (an SQLite R*Tree and its shadow tables) are not
    # compared; every table of the metadata is.
    return type_ != "table" or name in metadata.tables


def _tables(url: str) -> set[str]:
    engine = create_database_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - SPATIAL_TABLES
    finally:
        engine.dispose()


def test_migrations_upgrade_from_empty_downgrade_to_base_and_upgrade_again(empty_url: str) -> None:
    upgrade(empty_url)
    assert current(empty_url) == ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert _tables(empty_url) == set(metadata.tables) | {"alembic_version"}

    downgrade(empty_url, "base")
    assert current(empty_url) is None
    assert _tables(empty_url) == {"alembic_version"}

    upgrade(empty_url)
    assert current(empty_url) == HEAD


def test_every_revision_downgrades_one_step_at_a_time(empty_url: str) -> None:
    revisions = [
        script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()
    ]
    for revision in reversed(revisions):
        upgrade(empty_url, revision)
        assert current(empty_url) == revision
    for revision in revisions[1:]:
        downgrade(empty_url, "-1")
        assert current(empty_url) == revision
    downgrade(empty_url, "-1")
    assert _tables(empty_url) == {"alembic_version"}


# PostgreSQL: Alembic cannot reflect expression indexes (a GiST index on a point) and says so.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_the_migrated_schema_matches_the_table_definitions(empty_url: str) -> None:
    upgrade(empty_url)
    engine = create_database_engine(empty_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": outside_metadata}
            )
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()
