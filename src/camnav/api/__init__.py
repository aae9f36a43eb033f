"""The JSON API under /api/v1 (FastAPI): the only place that picks HTTP status codes."""
