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
        # Ten in flight at a time: a claim for an earlier day re-decides the later ones under
        # the write lock, and on SQLite a writer waiting past the 30 s busy timeout fails (a 500).
        responses = fire(requests, threads=10)

        staff = bearer(sign_in(client, Caller.MEMBER_SERVICES))
        final = client.get(f"/api/v1/members/{OWEN}/claims", headers=staff).json()["claims"]

    assert app.most > 1
    assert Counter(r.status_code for r in responses) == {201: 50}
    assert {r.json()["status"] for r in responses} <= {"paid", "denied"}
    # Claims are decided in date-of-service order whatever order they arrive in: a claim that
    # arrives late re-decides the later ones, so the ten earliest visits end up paid.
    assert len(final) == 50
    by_day = {c["lines"][0]["date"]: c for c in final}
    days = sorted(by_day)
    assert [by_day[day]["status"] for day in days] == ["paid"] * 10 + ["denied"] * 40
    assert [by_day[day]["visits_remaining"] for day in days[:10]] == list(range(9, -1, -1))
    assert {tuple(by_day[day]["lines"][0]["carc"]) for day in days[10:]} == {("119",)}
    with context.units(write=False) as uow:
        ledger = uow.members.accumulators(OWEN)[YEAR_2025]
    assert ledger.limit_visits == {"massage": 12}
    assert ledger.category_visits == {"massage": 12}
    paid_cost_shares = sum(cents(by_day[day]["member_owes"]) for day in days[:10])
    assert paid_cost_shares == 10 * 25_00
    assert ledger.out_of_pocket_met == {"in_network": 50_00 + paid_cost_shares}
    assert ledger.deductible_met == {}


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
