"""Sign-in for API clients: a bearer token for a username and password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.security import HTTPAuthorizationCredentials

from camnav.api.deps import Context, CurrentActor, bearer
from camnav.api.documents import actor_document
from camnav.api.schemas import TokenRequest
from camnav.services.accounts import sign_in, sign_out

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


@router.post("/token", status_code=201)
def create_token(body: TokenRequest, ctx: Context) -> dict[str, object]:
    """Exchange a username and password for a bearer token."""
    signed_in = sign_in(ctx, body.username, body.password, session=False)
    return {
        "access_token": signed_in.token,
        "token_type": "bearer",
        "user": actor_document(signed_in.actor),
        "display_name": signed_in.display_name,
    }


@router.get("/me")
def who_am_i(actor: CurrentActor) -> dict[str, object]:
    """The signed-in user."""
    return actor_document(actor)


@router.delete("/token", status_code=204)
def revoke_token(
    actor: CurrentActor,
    ctx: Context,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Response:
    """Sign out: this token stops working at once."""
    if credentials is not None:
        sign_out(ctx, credentials.credentials)
    return Response(status_code=204)
