"""Sign-in and sign-out; `/` leads to the sign-in page or to the role's home."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from camnav.services.accounts import actor_for_session, sign_in, sign_out
from camnav.services.errors import Unauthenticated
from camnav.web.pages import home_of, render
from camnav.web.session import (
    SESSION_COOKIE,
    SIGN_IN_COOKIE,
    CsrfRejected,
    CurrentPage,
    new_sign_in_token,
    set_cookie,
    tokens_match,
    web_config,
    web_context,
)

router = APIRouter(include_in_schema=False)


@router.get("/")
def root(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        try:
            actor = actor_for_session(web_context(request), token, web_config(request).idle)
        except Unauthenticated:
            return RedirectResponse("/signin?expired=1", status_code=303)
        return RedirectResponse(home_of(actor), status_code=303)
    return RedirectResponse("/signin", status_code=303)


def _sign_in_page(request: Request, status: int = 200, error: str = "") -> HTMLResponse:
    token = new_sign_in_token()
    response = render(
        request,
        "signin.html",
        None,
        status,
        sign_in_csrf=token,
        error=error,
        expired=request.query_params.get("expired") == "1",
        demo_accounts=web_config(request).demo_accounts,
    )
    set_cookie(response, web_config(request), SIGN_IN_COOKIE, token)
    return response


@router.get("/signin")
def sign_in_page(request: Request) -> HTMLResponse:
    return _sign_in_page(request)


@router.post("/signin")
def sign_in_form(
    request: Request,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=200)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    if not tokens_match(csrf_token, request.cookies.get(SIGN_IN_COOKIE, "")):
        raise CsrfRejected()
    try:
        signed_in = sign_in(web_context(request), username.strip(), password, session=True)
    except Unauthenticated:
        return _sign_in_page(request, 401, "Wrong username or password.")
    response = RedirectResponse(home_of(signed_in.actor), status_code=303)
    set_cookie(response, web_config(request), SESSION_COOKIE, signed_in.token)
    response.delete_cookie(SIGN_IN_COOKIE, path="/")
    return response


@router.post("/signout")
def sign_out_form(request: Request, page: CurrentPage) -> Response:
    sign_out(page.ctx, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
