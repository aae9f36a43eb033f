"""Page sessions and CSRF protection.

A signed-in browser holds one HttpOnly, SameSite=Lax cookie with its page-session token; the
session ends after `session_idle_minutes` without a request (services.accounts keeps the clock).
Every form carries a synchronizer token derived from the session token (an HMAC, so it needs no
storage and changes with each session); every POST, htmx requests included, must send it back as
the `csrf_token` field or the `X-CSRF-Token` header. The sign-in form, which comes before any
session, uses a double-submit token of its own cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from camnav.services.accounts import actor_for_session
from camnav.services.actors import Actor
from camnav.services.context import ServiceContext
from camnav.services.errors import Unauthenticated
from camnav.services.ports import Role

SESSION_COOKIE = "camnav_session"
SIGN_IN_COOKIE = "camnav_sign_in"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SignInRequired(Exception):
    """No page session, or it has ended: the browser is sent to the sign-in page."""

    def __init__(self, expired: bool = False) -> None:
        super().__init__("sign in")
        self.expired = expired


class CsrfRejected(Exception):
    """A POST without the token of its session (or of its sign-in form)."""


@dataclass(frozen=True, slots=True)
class DemoSignIn:
    """A demo account shown on the sign-in page (its password is public)."""

    username: str
    password: str
    role: Role
    note: str


@dataclass(frozen=True, slots=True)
class WebConfig:
    """What the pages need besides the service context; built once by create_app."""

    idle: timedelta
    secure_cookies: bool
    demo_accounts: tuple[DemoSignIn, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    """The signed-in user of a page request and the CSRF token its forms carry."""

    actor: Actor
    csrf: str
    ctx: ServiceContext

    @property
    def member_id(self) -> str:
        return self.actor.member_id or ""


def csrf_for(session_token: str) -> str:
    return hmac.new(session_token.encode(), b"camnav-csrf", hashlib.sha256).hexdigest()


def tokens_match(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given), expected)


def web_context(request: Request) -> ServiceContext:
    service_context: ServiceContext = request.app.state.context
    return service_context


def web_config(request: Request) -> WebConfig:
    config: WebConfig = request.app.state.web
    return config


async def sent_csrf(request: Request) -> str | None:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    form = await request.form()
    value = form.get(CSRF_FIELD)
    return value if isinstance(value, str) else None


async def current_page(request: Request) -> Page:
    """The signed-in user; POSTs must carry the session's CSRF token."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise SignInRequired()
    ctx = web_context(request)
    try:
        idle = web_config(request).idle
        actor = await run_in_threadpool(actor_for_session, ctx, token, idle)
    except Unauthenticated as error:
        raise SignInRequired(expired=True) from error
    csrf = csrf_for(token)
    if request.method not in SAFE_METHODS and not tokens_match(await sent_csrf(request), csrf):
        raise CsrfRejected()
    return Page(actor, csrf, ctx)


CurrentPage = Annotated[Page, Depends(current_page)]


async def posted_form(request: Request) -> AsyncIterator[FormData]:
    """The posted form (already read for its CSRF token); its uploaded files closed after."""
    form = await request.form()
    try:
        yield form
    finally:
        await form.close()


PostedForm = Annotated[FormData, Depends(posted_form)]


def new_sign_in_token() -> str:
    return secrets.token_urlsafe(32)


def set_cookie(response: Response, config: WebConfig, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="lax",
        secure=config.secure_cookies,
        path="/",
    )
