"""Alembic migrations of the store, run with camnav.store.migrate (no alembic.ini)."""
