"""Engines and sessions for SQLite (the embedded default) and PostgreSQL.

SQLite: write-ahead logging so readers never wait for the writer, foreign keys on, a busy
timeout, and transactions begun by SQLAlchemy rather than by the sqlite3 driver (the documented
recipe: the driver's legacy mode skips BEGIN before SELECT and SAVEPOINT). A unit of work opened
for writing begins with `BEGIN IMMEDIATE`, which takes the database's single write lock at once:
read-modify-write units then run one after another instead of failing with "database is locked"
when two of them try to upgrade a read transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

# Execution option naming a unit of work that writes (see unit_of_work.py).
WRITE_OPTION = "camnav_write"

SQLITE_BUSY_TIMEOUT_SECONDS = 30


def create_database_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for a SQLAlchemy URL, set up for SQLite or PostgreSQL."""
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url, echo)
    # pre_ping drops connections a restarted server closed; recycle outlives idle timeouts.
    return create_engine(
        url, echo=echo, pool_size=5, max_overflow=10, pool_pre_ping=True, pool_recycle=1800
    )


def unit_connection(session: Session) -> Connection:
    """The unit's connection, for the statements the hot repositories build once and run without
    the ORM: what the session holds unwritten is written first, as its autoflush would."""
    session.flush()
    return session.connection()


def session_factory(bind: Engine | Connection) -> sessionmaker[Session]:
    """Sessions for units of work; objects stay readable after commit (no lazy reload)."""
    return sessionmaker(bind=bind, expire_on_commit=False)


def _sqlite_engine(url: str, echo: bool) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        pool_size=5,
        max_overflow=10,
    )
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # The driver must not emit BEGIN itself; _begin_sqlite_transaction does.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
    # NORMAL is durable across application crashes in WAL mode; FULL only adds power-loss safety.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
