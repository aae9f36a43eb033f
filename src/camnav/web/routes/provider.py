"""A provider's page: its own claims (providers send claims through the API)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from camnav.services.claims import list_claims
from camnav.services.errors import Forbidden
from camnav.services.ports import Role
from camnav.web.pages import render
from camnav.web.session import CurrentPage

router = APIRouter(prefix="/provider", include_in_schema=False)


@router.get("")
def home(request: Request, page: CurrentPage) -> HTMLResponse:
    if page.actor.role is not Role.PROVIDER:
        raise Forbidden("this page is for providers")
    found = list_claims(page.ctx, page.actor, None)
    return render(request, "provider/home.html", page, claims=found)
