"""Claims sent at the same moment, with real commits on a fresh database per test.

The requests go through one in-process app and the real TestClient, fired from a thread pool.
The TestClient does not serialize them: sync endpoints run on its event loop's worker threads, and
every test checks, by counting requests inside the app, that they really were in flight together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from api_cast import (
    OWEN,
    YEAR_2025,
    Caller,
    CommittedCast,
    bearer,
    claim_body,
    sign_in,
    visits_already_used,
)
from fastapi.testclient import TestClient
from httpx import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from camnav.api.app import create_app

CLAIMS = "/api/v1/claims"


class InFlight:
    """ASGI middleware counting the HTTP requests inside the app at once (one event loop)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.now = 0
        self.most = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # the lifespan call lasts as long as the client
            await self.app(scope, receive, send)
            return
        self.now += 1
        self.most = max(self.most, self.now)
        try:
            await self.app(scope, receive, send)
        finally:
            self.now -= 1


def fire(requests: list[Callable[[], Response]], threads: int = 20) -> list[Response]:
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(lambda send: send(), requests))


def cents(money: str) -> int:
    return int(Decimal(money) * 100)


def test_fifty_concurrent_claims_for_ten_visits_left_pay_exactly_ten(
    committed_cast: CommittedCast,
) -> None:
    context = committed_cast.context
    visits_already_used(context.units, OWEN, visits=2, out_of_pocket=50_00)
    app = InFlight(create_app(context))
    with TestClient(app, raise_server_exceptions=False) as client:
        oak_street = bearer(sign_in(client, Caller.PROVIDER))
        requests = [
            # Fifty different days of January and February, so no two are business duplicates.
            send_claim(client, oak_street, f"oak-{n:02}", day=date(2025, 1, 2) + timedelta(n))
            for n in range(50)
        ]
        responses = fire(requests)

    assert app.most > 1
    assert Counter(r.status_code for r in responses) == {201: 50}
    claims = [r.json() for r in responses]
    assert Counter(c["status"] for c in claims) == {"paid": 10, "denied": 40}
    paid = [c for c in claims if c["status"] == "paid"]
    denied = [c for c in claims if c["status"] == "denied"]
    assert sorted(c["visits_remaining"] for c in paid) == list(range(10))
    assert {tuple(c["lines"][0]["carc"]) for c in denied} == {("119",)}
    with context.units(write=False) as uow:
        ledger = uow.members.accumulators(OWEN)[YEAR_2025]
        stored = uow.claims.list_for_member(OWEN)
    assert ledger.limit_visits == {"massage": 12}
    assert ledger.category_visits == {"massage": 12}
    assert ledger.out_of_pocket_met == {
        "in_network": 50_00 + sum(cents(c["member_owes"]) for c in paid)
    }
    assert ledger.out_of_pocket_met == {"in_network": 300_00}
    assert ledger.deductible_met == {}
    assert len(stored) == 50


def test_twenty_concurrent_submissions_with_one_key_make_exactly_one_claim(
    committed_cast: CommittedCast,
) -> None:
    context = committed_cast.context
    app = InFlight(create_app(context))
    with TestClient(app, raise_server_exceptions=False) as client:
        oak_street = bearer(sign_in(client, Caller.PROVIDER))
        responses = fire([send_claim(client, oak_street, "oak-0001") for _ in range(20)])

    assert app.most > 1
    statuses = Counter(r.status_code for r in responses)
    assert set(statuses) <= {201, 409}, statuses
    created = [r for r in responses if r.status_code == 201]
    originals = [r for r in created if "idempotent-replayed" not in r.headers]
    assert len(originals) == 1
    assert {r.headers.get("idempotent-replayed") for r in created} - {None} <= {"true"}
    assert all(r.json() == originals[0].json() for r in created)
    for conflict in (r for r in responses if r.status_code == 409):
        assert conflict.headers["content-type"] == "application/problem+json"
        assert conflict.json()["errors"][0]["field"] == "Idempotency-Key"
    with context.units(write=False) as uow:
        stored = uow.claims.list_for_member(OWEN)
        ledger = uow.members.accumulators(OWEN)[YEAR_2025]
    assert [record.claim.id for record in stored] == [originals[0].json()["id"]]
    assert ledger.limit_visits == {"massage": 1}


def send_claim(
    client: TestClient, headers: dict[str, str], key: str, day: date = date(2025, 3, 10)
) -> Callable[[], Response]:
    body: dict[str, Any] = claim_body(member_id=OWEN, day=day)
    return lambda: client.post(CLAIMS, json=body, headers={**headers, "Idempotency-Key": key})
