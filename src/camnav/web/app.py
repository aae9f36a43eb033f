"""The web application: server-rendered pages for members, physicians and staff.

A FastAPI application of its own (its errors are pages, not problem documents), mounted at `/`
by camnav.api.app.create_app after the JSON API. Pages call the services exactly as the API does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.routing import Match, Mount
from starlette.types import Scope

from camnav.services.accounts import actor_for_session
from camnav.services.context import ServiceContext
from camnav.services.errors import (
    Conflict,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    ServiceError,
    Unauthenticated,
    UnsupportedMediaType,
)
from camnav.web.pages import is_htmx, render
from camnav.web.routes import auth, documents, member, physician, provider, staff
from camnav.web.session import (
    SESSION_COOKIE,
    CsrfRejected,
    Page,
    SignInRequired,
    WebConfig,
    csrf_for,
    web_config,
    web_context,
)

STATIC = Path(__file__).parent / "static"
API_PREFIX = "/api/"

STATUS: dict[type[ServiceError], int] = {
    NotFound: 404,
    Forbidden: 403,
    Unauthenticated: 401,
    Conflict: 409,
    PayloadTooLarge: 413,
    UnsupportedMediaType: 415,
}
TITLES = {
    400: "Bad request",
    401: "Sign in",
    403: "Not allowed",
    404: "Not found",
    409: "Already decided",
    413: "File too large",
    415: "File type not accepted",
    422: "Please check what you entered",
}


def create_web_app(context: ServiceContext, config: WebConfig) -> FastAPI:
    """The pages, their static files, and error pages for everything they refuse."""
    web = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    web.state.context = context
    web.state.web = config
    web.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (auth, member, physician, provider, staff, documents):
        web.include_router(module.router)
    web.middleware("http")(_protective_headers)
    web.add_exception_handler(SignInRequired, _sign_in_required)
    web.add_exception_handler(CsrfRejected, _csrf_rejected)
    web.add_exception_handler(ServiceError, _service_error)
    web.add_exception_handler(RequestValidationError, _invalid_form)
    web.add_exception_handler(HTTPException, _http_error)
    web.add_exception_handler(Exception, _unexpected)
    return web


# Scripts only from camnav itself; map tiles only from OpenStreetMap; no framing.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: https://tile.openstreetmap.org",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    )
)


async def _protective_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Pages hold member data: never cached, never framed, scripts from camnav only."""
    response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if not request.url.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


class PagesMount(Mount):
    """The pages at `/`, except under /api/: an unknown API path or method keeps the API's own
    problem-details answer (404, 405)."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if str(scope.get("path", "")).startswith(API_PREFIX):
            return Match.NONE, {}
        return super().matches(scope)


def mount_pages(app: FastAPI, context: ServiceContext, config: WebConfig) -> None:
    app.router.routes.append(PagesMount("/", app=create_web_app(context, config)))


def _signed_in(request: Request) -> Page | None:
    """The page's user, if any, so that an error page keeps the navigation."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    ctx = web_context(request)
    try:
        actor = actor_for_session(ctx, token, web_config(request).idle)
    except Unauthenticated:
        return None
    return Page(actor, csrf_for(token), ctx)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    title = TITLES.get(status, "Something went wrong")
    template = "partials/error.html" if is_htmx(request) else "error.html"
    page = None if is_htmx(request) else _signed_in(request)
    return render(request, template, page, status, title=title, message=message)


async def _sign_in_required(request: Request, error: Exception) -> Response:
    assert isinstance(error, SignInRequired)
    target = "/signin?expired=1" if error.expired else "/signin"
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


async def _csrf_rejected(request: Request, error: Exception) -> Response:
    message = "This form has expired or did not come from camnav. Go back, reload and try again."
    return await run_in_threadpool(error_page, request, 403, message)


async def _service_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, ServiceError)
    status = next((code for kind, code in STATUS.items() if isinstance(error, kind)), 422)
    return await run_in_threadpool(error_page, request, status, error.message)


async def _invalid_form(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc'][1:]) or 'form'}: {e['msg']}" for e in error.errors()
    )
    return await run_in_threadpool(error_page, request, 422, problems)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    return await run_in_threadpool(error_page, request, error.status_code, str(error.detail))


async def _unexpected(request: Request, error: Exception) -> Response:
    # A page, not a problem document; no exception text (it may hold member data). The API's
    # handler, which the error reaches next, logs the route and the exception's type.
    message = "Something went wrong on our side; the error was logged. Please try again."
    title = TITLES.get(500, "Something went wrong")
    return render(request, "error.html", None, 500, title=title, message=message)
