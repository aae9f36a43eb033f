"""Crash safety: the server is killed (SIGKILL) in the middle of adjudicating a claim and started
again; the claim is then either wholly decided or not at all, and the client's retry with the same
Idempotency-Key takes effect exactly once.

The server runs as `python -m camnav.cli serve`, as in production. CAMNAV_TEST_CLAIM_COMMIT_DELAY_
SECONDS (test only) holds the claims service inside its write unit, the claim decided but not
committed, long enough to kill it there. The key was claimed in a transaction of its own and stays
`in_flight`; after CAMNAV_IDEMPOTENCY_STALE_SECONDS the retry takes it over.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from claims_cast import ACCOUNTS, OAK_STREET, OWEN, PASSWORD, Caller
from sqlalchemy import func, select

from camnav.store.database import create_database_engine
from camnav.store.tables.claims import ClaimRow, DeterminationRow
from camnav.store.tables.idempotency import IdempotencyKeyRow
from camnav.store.tables.members import AccumulatorEntryRow
from camnav.store.tables.payments import PaymentRow

pytestmark = pytest.mark.slow

CLAIM = {
    "member_id": OWEN,
    "provider_id": OAK_STREET,
    "received": "2025-06-03",
    "diagnoses": ["M54.50"],
    "lines": [
        {"date": "2025-06-02", "code": "97124", "units": 4, "minutes": 60, "billed": "160.00"}
    ],
}
KEY = {"Idempotency-Key": "oak-crash-0001"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(url: str, uploads: Path, **settings: str) -> Iterator[str]:
    """`camnav serve` on a free port, until the block ends (or the test kills it)."""
    port = free_port()
    environment = {
        **os.environ,
        "CAMNAV_DATABASE_URL": url,
        "CAMNAV_UPLOADS_DIR": str(uploads),
        **{f"CAMNAV_{name.upper()}": value for name, value in settings.items()},
    }
    command = [sys.executable, "-m", "camnav.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=environment)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.kill()
        process.wait(timeout=30)


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def token(base: str) -> dict[str, str]:
    username = ACCOUNTS[Caller.PROVIDER][0]
    response = httpx.post(
        f"{base}/api/v1/auth/token", json={"username": username, "password": PASSWORD}
    )
    return {"Authorization": f"Bearer {response.json()['access_token']}", **KEY}


def counts(url: str) -> dict[str, object]:
    """What the database holds of the claim: rows per table, and the key's state."""
    engine = create_database_engine(url)
    try:
        with engine.connect() as connection:
            count: dict[str, object] = {
                name: connection.scalar(select(func.count()).select_from(table))
                for name, table in (
                    ("claims", ClaimRow),
                    ("determinations", DeterminationRow),
                    ("payments", PaymentRow),
                )
            }
            count["ledger"] = connection.scalar(
                select(func.count()).where(AccumulatorEntryRow.claim_id.is_not(None))
            )
            count["key"] = connection.scalar(select(IdempotencyKeyRow.state))
            return count
    finally:
        engine.dispose()


def wait_for_key_in_flight(url: str) -> None:
    deadline = time.monotonic() + 60
    while counts(url)["key"] != "in_flight":
        assert time.monotonic() < deadline, "the request never claimed its key"
        time.sleep(0.1)


def send_and_lose_the_answer(base: str, headers: dict[str, str]) -> threading.Thread:
    def post() -> None:
        # The server dies under the request: the client never hears back.
        with contextlib.suppress(httpx.HTTPError):
            httpx.post(f"{base}/api/v1/claims", json=CLAIM, headers=headers, timeout=90)

    sender = threading.Thread(target=post)
    sender.start()
    return sender


def test_a_kill_mid_adjudication_keeps_nothing_and_the_retry_takes_effect_once(
    committed_url: str, tmp_path: Path
) -> None:
    with server(
        committed_url, tmp_path, test_claim_commit_delay_seconds="60", idempotency_stale_seconds="1"
    ) as base:
        headers = token(base)
        sender = send_and_lose_the_answer(base, headers)
        wait_for_key_in_flight(committed_url)
        time.sleep(1.5)  # the decision is made and held uncommitted for a minute
    sender.join(timeout=30)  # leaving the block killed the server (SIGKILL)
    after_crash = counts(committed_url)

    with server(committed_url, tmp_path, idempotency_stale_seconds="1") as base:
        retry = httpx.post(f"{base}/api/v1/claims", json=CLAIM, headers=headers, timeout=60)
        replay = httpx.post(f"{base}/api/v1/claims", json=CLAIM, headers=headers, timeout=60)
    after_retry = counts(committed_url)

    assert after_crash == {
        "claims": 0,
        "determinations": 0,
        "payments": 0,
        "ledger": 0,
        "key": "in_flight",
    }
    assert retry.status_code == 201, retry.text
    assert (retry.json()["status"], retry.json()["plan_pays"]) == ("paid", "115.00")
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == retry.json()
    assert after_retry == {
        "claims": 1,
        "determinations": 1,
        "payments": 1,
        "ledger": 3,  # a visit under the limit, a massage visit, the $25 copay out of pocket
        "key": "completed",
    }
