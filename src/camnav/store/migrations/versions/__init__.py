"""One module per revision; Alembic finds them by file, the package only lets mypy check them."""
