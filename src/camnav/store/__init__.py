"""The store: SQLAlchemy 2 tables, row <-> domain mapping, repositories and the unit of work.

It implements the protocols of camnav.services.ports on SQLite (the embedded default) and
PostgreSQL. Queries live only in the repositories; migrations (Alembic) in `migrations/`, run
with camnav.store.migrate.
"""
