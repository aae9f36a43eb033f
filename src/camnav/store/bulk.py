"""Statements for bulk writes: compiled once for the connection's dialect and run with the
driver's executemany, each value converted by its column type's own bind processor.

SQLAlchemy's per-row parameter handling would otherwise cost more than the database's work on an
import of hundreds of thousands of rows. On SQLite an INSERT runs as multi-row VALUES
statements instead: executed once a row, an INSERT into a table with triggers (providers feed
the R*Tree's places) opens a statement journal every row, which doubles its cost.
"""

from __future__ import annotations

import json
import operator
import sqlite3
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, String, Table, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql.dml import Insert, UpdateBase

# Rows a multi-row INSERT carries at most; SQLite's bound-variable limit may lower it.
MULTI_ROW_LIMIT = 500


def any_of(
    connection: Connection, column: ColumnElement[str], values: Collection[str]
) -> ColumnElement[bool]:
    """`column IN values` with the values bound as one parameter: a JSON array read by
    json_each on SQLite, a text array unnested on PostgreSQL. (An expanded IN list costs
    SQLAlchemy work per value, more than the query on a batch of thousands.)

    Not `= ANY(array)` on PostgreSQL: a prepared statement's generic plan takes the array for
    ten values, and may then scan a table comparing each row with thousands (an import of a
    roster slowed down with every batch); a set from unnest() is joined, by index or hash."""
    if connection.dialect.name == "sqlite":
        listed = func.json_each(json.dumps(list(values))).table_valued("value")
        return column.in_(select(listed.c.value))
    array = bindparam(None, list(values), type_=ARRAY(String))
    return column.in_(select(func.unnest(array)))


class BulkStatement:
    """`columns` names the values of an INSERT; other statements name theirs with bindparam()."""

    def __init__(
        self,
        connection: Connection,
        statement: UpdateBase,
        table: Table,
        columns: Sequence[str] = (),
    ) -> None:
        dialect = connection.dialect
        compiled = statement.compile(dialect=dialect, column_keys=list(columns) or None)
        self._statement = statement
        self.sql = str(compiled)
        self._positional = dialect.positional
        # Positional drivers (sqlite3) take sequences in the statement's order, others mappings.
        names = tuple(compiled.positiontup or ()) if dialect.positional else tuple(compiled.binds)
        self._names = names
        self._get = operator.itemgetter(*names)
        self._converters = []
        for index, name in enumerate(names):
            column = table.c.get(name)
            if column is not None:
                convert = column.type.dialect_impl(dialect).bind_processor(dialect)
                if convert is not None:
                    self._converters.append((index, _memoized(convert)))

    def run(self, connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        if not rows:
            return
        parameters = [self._parameters(row) for row in rows]
        group = f"({', '.join('?' * len(self._names))})"
        # One "VALUES (?, ...)" group to repeat: the positional INSERT of SQLite's driver.
        if not (self._positional and isinstance(self._statement, Insert)) or (
            self.sql.count(group) != 1
        ):
            connection.exec_driver_sql(self.sql, parameters)
            return
        fitting = _variable_limit(connection) // len(self._names)
        per_statement = max(1, min(MULTI_ROW_LIMIT, fitting))
        for start in range(0, len(parameters), per_statement):
            chunk = parameters[start : start + per_statement]
            sql = self.sql.replace(group, ", ".join([group] * len(chunk)))
            connection.exec_driver_sql(sql, tuple(value for row in chunk for value in row))

    def _parameters(self, row: Mapping[str, Any]) -> Any:
        values = list(self._get(row)) if len(self._names) > 1 else [self._get(row)]
        for index, convert in self._converters:
            if values[index] is not None:
                values[index] = convert(values[index])
        return tuple(values) if self._positional else dict(zip(self._names, values, strict=True))


def _variable_limit(connection: Connection) -> int:
    """SQLite's limit on a statement's bound variables (32,766 since 3.32, 999 before)."""
    driver = connection.connection.driver_connection
    getlimit = getattr(driver, "getlimit", None)
    return int(getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)) if getlimit else 999


def _memoized(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The converter, remembering its results: an import's booleans and empty lists repeat on
    every row, and converting them would cost more than the rest of the row."""
    known: dict[Any, Any] = {}

    def converted(value: Any) -> Any:
        key = tuple(value) if isinstance(value, list) else value
        try:
            return known[key]
        except KeyError:
            known[key] = result = convert(value)
            return result
        except TypeError:  # unhashable: convert every time
            return convert(value)

    return converted
