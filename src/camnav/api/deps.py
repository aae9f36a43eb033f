"""Request dependencies: the service context, the signed-in actor, the Idempotency-Key."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from camnav.services.accounts import actor_for_token
from camnav.services.actors import Actor
from camnav.services.context import ServiceContext
from camnav.services.errors import Unauthenticated
from camnav.services.idempotency import IdempotencyRequest, request_hash

bearer = HTTPBearer(auto_error=False, description="A token from POST /api/v1/auth/token")


def context(request: Request) -> ServiceContext:
    service_context: ServiceContext = request.app.state.context
    return service_context


Context = Annotated[ServiceContext, Depends(context)]


def current_actor(
    ctx: Context,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    """Every API request is authenticated with a bearer token."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthenticated("send Authorization: Bearer <token>", field="Authorization")
    return actor_for_token(ctx, credentials.credentials)


CurrentActor = Annotated[Actor, Depends(current_actor)]

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description="Makes a retried request take effect once (replays get the stored response)",
    ),
]


def idempotency(request: Request, key: str | None, body: Any) -> IdempotencyRequest | None:
    if key is None:
        return None
    return IdempotencyRequest(key, f"{request.method} {request.url.path}", request_hash(body))
