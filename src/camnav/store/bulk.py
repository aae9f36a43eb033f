"""Statements for bulk writes: compiled once for the connection's dialect and run with the
driver's executemany, each value converted by its column type's own bind processor.

SQLAlchemy's per-row parameter handling would otherwise cost more than the database's work on an
import of hundreds of thousands of rows.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, String, Table, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql.dml import UpdateBase


def any_of(
    connection: Connection, column: ColumnElement[str], values: Collection[str]
) -> ColumnElement[bool]:
    """`column IN values` with the values bound as one parameter: a JSON array read by
    json_each on SQLite, a text array compared with = ANY on PostgreSQL. (An expanded IN list
    costs SQLAlchemy work per value, more than the query on a batch of thousands.)"""
    if connection.dialect.name == "sqlite":
        listed = func.json_each(json.dumps(list(values))).table_valued("value")
        return column.in_(select(listed.c.value))
    return column == any_(bindparam(None, list(values), type_=ARRAY(String)))


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
        if rows:
            connection.exec_driver_sql(self.sql, [self._parameters(row) for row in rows])

    def _parameters(self, row: Mapping[str, Any]) -> Any:
        values = list(self._get(row)) if len(self._names) > 1 else [self._get(row)]
        for index, convert in self._converters:
            if values[index] is not None:
                values[index] = convert(values[index])
        return tuple(values) if self._positional else dict(zip(self._names, values, strict=True))


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
