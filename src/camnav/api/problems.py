"""One error shape for every failure: RFC 9457 problem details naming the field at fault."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from camnav.services.errors import (
    Busy,
    Conflict,
    Forbidden,
    IdempotencyInFlight,
    IdempotencyMismatch,
    InvalidRequest,
    NotFound,
    PayloadTooLarge,
    ServiceError,
    Unauthenticated,
    UnsupportedMediaType,
)

PROBLEM_JSON = "application/problem+json"
logger = logging.getLogger("camnav.api")

STATUS: dict[type[ServiceError], tuple[int, str]] = {
    NotFound: (404, "Not found"),
    Forbidden: (403, "Forbidden"),
    Unauthenticated: (401, "Authentication required"),
    InvalidRequest: (422, "Invalid request"),
    Conflict: (409, "Conflict"),
    IdempotencyMismatch: (422, "Idempotency-Key reused for another request"),
    IdempotencyInFlight: (409, "Request with this Idempotency-Key in progress"),
    PayloadTooLarge: (413, "File too large"),
    UnsupportedMediaType: (415, "Unsupported file type"),
    Busy: (503, "Busy"),
}


def problem(
    request: Request,
    status: int,
    title: str,
    detail: str,
    errors: Sequence[dict[str, str]] = (),
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    if errors:
        body["errors"] = list(errors)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def field_path(location: Sequence[int | str]) -> str:
    """('body', 'lines', 0, 'units') -> 'lines[0].units'; ('query', 'on') -> 'on'."""
    parts = list(
        location[1:]
        if location and location[0] in ("body", "query", "path", "header")
        else location
    )
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "body"


async def _service_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ServiceError)
    status, title = next(v for k, v in STATUS.items() if isinstance(error, k))
    errors = [{"field": error.field, "message": error.message}] if error.field else []
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if status == 503:
        headers = {"Retry-After": "1"}
    return problem(request, status, title, error.message, errors, headers)


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = [{"field": field_path(e["loc"]), "message": e["msg"]} for e in error.errors()]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(request, 422, "Invalid request", detail, errors)


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    return problem(
        request,
        error.status_code,
        str(error.detail),
        str(error.detail),
        headers=dict(error.headers or {}),
    )


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    # Neither the log nor the answer carries the exception text or the path: both may hold member
    # data. The route template and the exception type are enough to find the fault.
    route = getattr(request.scope.get("route"), "path", "?")
    logger.error("unhandled %s in %s %s", type(error).__name__, request.method, route)
    return problem(request, 500, "Internal error", "the server failed; the error was logged")


def install(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
