"""Idempotent writes: an Idempotency-Key makes a retried request take effect exactly once.

The key is claimed in its own short transaction (so a concurrent duplicate sees it in flight and
gets a conflict), then the work and the stored response commit together in one transaction: a
crash leaves either both or neither.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

from camnav.services.actors import Actor
from camnav.services.context import ServiceContext
from camnav.services.errors import IdempotencyInFlight, IdempotencyMismatch
from camnav.services.ports import BeginState, JsonValue, UnitOfWork

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class IdempotencyRequest:
    key: str
    method_path: str
    request_hash: str


def request_hash(body: JsonValue) -> str:
    """The sha256 of a request body in canonical JSON: the same content gives the same hash."""
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    """The fresh result of the work, or the stored response of an earlier identical request."""

    result: T | None
    status: int
    body: object
    replayed: bool


def run_idempotent(
    ctx: ServiceContext,
    actor: Actor,
    request: IdempotencyRequest | None,
    work: Callable[[UnitOfWork], T],
    render: Callable[[T], object],
    status: int = 201,
) -> Outcome[T]:
    """Run `work` in one write unit; with a key, at most once per key and stored for replays."""
    if request is None:
        with ctx.units() as uow:
            result = work(uow)
            uow.commit()
        return Outcome(result, status, render(result), False)
    replay: Outcome[T] | None = _claim_key(ctx, actor, request)
    if replay is not None:
        return replay
    try:
        with ctx.units() as uow:
            result = work(uow)
            body = render(result)
            uow.idempotency.complete(actor.user_id, request.key, status, cast(JsonValue, body))
            uow.commit()
    except Exception:
        # Nothing was committed: free the key so that a retry can take effect.
        _release_key(ctx, actor, request)
        raise
    return Outcome(result, status, body, False)


def _claim_key(ctx: ServiceContext, actor: Actor, request: IdempotencyRequest) -> Outcome[T] | None:
    with ctx.units() as uow:
        begin = uow.idempotency.begin(
            actor.user_id, request.key, request.method_path, request.request_hash, ctx.now()
        )
        uow.commit()
    if begin.state is BeginState.MISMATCH:
        raise IdempotencyMismatch(
            "this Idempotency-Key was used for a different request", field="Idempotency-Key"
        )
    if begin.state is BeginState.CONFLICT_IN_FLIGHT:
        raise IdempotencyInFlight(
            "a request with this Idempotency-Key is still in progress", field="Idempotency-Key"
        )
    if begin.state is BeginState.REPLAY:
        return Outcome(None, begin.response_status or 200, begin.response_body, True)
    return None


def _release_key(ctx: ServiceContext, actor: Actor, request: IdempotencyRequest) -> None:
    """A refused request changed nothing: free its key so a corrected retry may use it."""
    with ctx.units() as uow:
        uow.idempotency.abandon(actor.user_id, request.key)
        uow.commit()
