"""Bulk writing: Core `insert()` with executemany in big batches, inside one transaction, with
SQLite tuned for a bulk load while the build runs.

A build into a new file needs no crash safety on the way (a failed build leaves nothing behind:
one transaction), so SQLite skips fsync (`synchronous=OFF`) and uses a rollback journal instead
of the write-ahead log (which would copy every new page twice), and does not check foreign keys
row by row (the build writes parents first; tests/demo runs SQLite's foreign_key_check). All are
restored afterwards.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert

from camnav.store.database import WRITE_OPTION
from camnav.store.tables import metadata

BATCH_SIZE = 5_000
_BULK_PRAGMAS = (
    "journal_mode=DELETE",
    "synchronous=OFF",
    "cache_size=-65536",
    "foreign_keys=OFF",
)
# What camnav.store.database sets on every connection.
_SERVING_PRAGMAS = (
    "journal_mode=WAL",
    "synchronous=NORMAL",
    "cache_size=-2000",
    "foreign_keys=ON",
)

Counter = Callable[[int], None]


@contextmanager
def bulk_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in one write transaction, committed when the block ends without error."""
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _pragmas(connection, _BULK_PRAGMAS)
        try:
            connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                yield connection
        finally:
            if sqlite:
                _pragmas(connection, _SERVING_PRAGMAS)


def _pragmas(connection: Connection, pragmas: Iterable[str]) -> None:
    # On the driver's connection: through SQLAlchemy a statement would begin a transaction,
    # and the journal mode cannot change inside one.
    driver = connection.connection.dbapi_connection
    assert driver is not None
    cursor = driver.cursor()
    for pragma in pragmas:
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def insert_rows(
    connection: Connection,
    table: str,
    rows: Iterable[dict[str, Any]],
    counted: Counter | None = None,
) -> int:
    """Insert the rows (all with the same columns) into the table in batches; `counted` hears
    each batch's size.

    The statement is compiled once and each value converted by its column type's own bind
    processor, then the batches go to the driver's executemany: SQLAlchemy's per-row
    parameter handling would otherwise cost more than the database's work.
    """
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    statement = _Statement(connection, metadata.tables[table], tuple(first))
    total = 0
    pending = itertools.chain((first,), iterator)
    while batch := list(itertools.islice(pending, BATCH_SIZE)):
        connection.exec_driver_sql(statement.sql, statement.parameters(batch))
        total += len(batch)
        if counted is not None:
            counted(len(batch))
    return total


class _Statement:
    """An INSERT of some columns of a table, compiled for the connection's dialect."""

    def __init__(self, connection: Connection, table: Table, columns: tuple[str, ...]) -> None:
        dialect = connection.dialect
        compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
        self.sql = str(compiled)
        # Positional drivers (sqlite3) take sequences in the statement's order, others dicts.
        self._names = tuple(compiled.positiontup or ()) if dialect.positional else columns
        self._positional = dialect.positional
        self._get = operator.itemgetter(*self._names)
        converters = (
            table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in self._names
        )
        self._converters = tuple(
            (index, _memoized(convert))
            for index, convert in enumerate(converters)
            if convert is not None
        )

    def parameters(self, rows: list[dict[str, Any]]) -> list[Any]:
        """The rows as the driver takes them, each value converted by its column's type."""
        converted = [self._convert(row) for row in rows]
        if self._positional:
            return converted
        return [dict(zip(self._names, values, strict=True)) for values in converted]

    def _convert(self, row: dict[str, Any]) -> tuple[Any, ...]:
        values = list(self._get(row)) if len(self._names) > 1 else [self._get(row)]
        for index, convert in self._converters:
            if values[index] is not None:
                values[index] = convert(values[index])
        return tuple(values)


def _memoized(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The converter, remembering its result for values seen before: a demo's dates and code
    lists repeat thousands of times, and converting them is most of the cost of a row."""
    known: dict[Any, Any] = {}

    def converted(value: Any) -> Any:
        key = tuple(value) if type(value) is list and all(type(v) is str for v in value) else value
        try:
            return known[key]
        except KeyError:
            known[key] = result = convert(value)
            return result
        except TypeError:  # unhashable (a list of mappings): convert every time
            return convert(value)

    return converted
