"""A rule-decided referral through the API under 20 concurrent requests (target p99 <= 1 s).

Starts `camnav serve` on a fresh copy of the demo database in SQLite (the demo is built once
under var/bench/, shared with the service benchmark), signs in as Dr. Chen and refers her
patient Maria (plan B: massage with a referral) for six visits after physical therapy: the
plan's rules approve each at once. Twenty clients each send their next request as soon as the
previous one is answered (a closed loop), so twenty requests are always in flight; every one
writes the referral, its decision, the notifications and the audit event in one transaction.
The load generator shares this 2-core machine with the server; the figures include that
contention.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from bench.service import demo_database, free_port, fresh_copy, token_for

DIRECTORY = Path(__file__).resolve().parents[1] / "var" / "bench"
CONCURRENCY = 20
REQUESTS = 1_000
WARM_UP = 60
TARGET_MS = 1_000.0


def start_server(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """`camnav serve` over the database; up to five minutes to start on a busy machine."""
    env = {**os.environ, "CAMNAV_DATABASE_URL": url}
    command = [sys.executable, "-m", "camnav.cli", "serve", "--port", str(port)]
    server = subprocess.Popen([*command, "--workers", str(workers)], env=env)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.5)
    server.kill()
    raise RuntimeError("the server did not start")


def referral_body(member_id: str, today: date) -> dict[str, object]:
    return {
        "member_id": member_id,
        "category": "massage",
        "diagnoses": ["M79.7"],
        "visits": 6,
        "valid_from": today.isoformat(),
        "valid_to": (today + timedelta(days=89)).isoformat(),
        "frequency": "once a week",
        "conventional_treatments": [
            {"what": "physical therapy", "duration": "8 weeks", "outcome": "partial relief"}
        ],
    }


async def _closed_loop(
    base: str, token: str, body: dict[str, object], count: int
) -> tuple[list[float], int, int]:
    """`count` referrals from CONCURRENCY clients; latencies (ms), failures, rule approvals."""
    latencies: list[float] = []
    failed = approved = 0
    remaining = iter(range(count))
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=30
    ) as client:

        async def client_loop() -> None:
            nonlocal failed, approved
            for _ in remaining:
                started = time.perf_counter()
                try:
                    response = await client.post("/api/v1/referrals", json=body)
                    ok = response.status_code == 201
                    approved += ok and response.json()["status"] == "approved"
                    failed += not ok
                except httpx.HTTPError:
                    failed += 1
                latencies.append((time.perf_counter() - started) * 1000)

        await asyncio.gather(*(client_loop() for _ in range(CONCURRENCY)))
    return latencies, failed, approved


def _percentile(ordered: list[float], quantile: float) -> float:
    return ordered[min(len(ordered) - 1, int(quantile * len(ordered)))]


def _patient(base: str) -> str:
    """Maria's member id, as her own account states it."""
    token = token_for(base, "maria")
    answer = httpx.get(
        f"{base}/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    answer.raise_for_status()
    return str(answer.json()["member_id"])


def main() -> None:
    DIRECTORY.mkdir(parents=True, exist_ok=True)
    source, summary = demo_database()
    url = f"sqlite:///{fresh_copy(source, DIRECTORY / 'referrals.db')}"
    port = free_port()
    workers = int(os.environ.get("CAMNAV_BENCH_WORKERS", "2"))
    server = start_server(url, port, workers)
    base = f"http://127.0.0.1:{port}"
    try:
        token = token_for(base, "dr.chen")
        body = referral_body(_patient(base), summary.today)
        asyncio.run(_closed_loop(base, token, body, WARM_UP))
        started = time.perf_counter()
        latencies, failed, approved = asyncio.run(_closed_loop(base, token, body, REQUESTS))
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    ordered = sorted(latencies)
    p99 = _percentile(ordered, 0.99)
    verdict = "meets" if p99 <= TARGET_MS and not failed else "MISSES"
    print(f"server: {workers} uvicorn worker(s), SQLite, demo data")
    print(
        f"rule-decided referral: {REQUESTS} requests, {CONCURRENCY} concurrent, "
        f"{failed} failed, {approved} approved by the rules; {REQUESTS / elapsed:.0f}/s; "
        f"p50 {_percentile(ordered, 0.50):.1f} ms, p95 {_percentile(ordered, 0.95):.1f} ms, "
        f"p99 {p99:.1f} ms, max {ordered[-1]:.1f} ms, mean {statistics.fmean(ordered):.1f} ms"
        f" — {verdict} the p99 <= {TARGET_MS:.0f} ms target"
    )


if __name__ == "__main__":
    main()
