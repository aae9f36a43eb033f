"""The service under load over loopback, on the demo database in SQLite.

Starts `camnav serve` on the demo data (built once under var/bench/), then an open-loop load
generator sends requests at a fixed rate — each request's latency counts from the moment it was
due, so a slow server cannot hide its queueing (no coordinated omission). Two runs: the coverage
answer at 200 requests/s (target p99 <= 50 ms) and claim submission at 100 claims/s (target
p99 <= 250 ms). The generator shares this 2-core machine with the server; the figures include
that contention.
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlalchemy import or_, select

from camnav.demo.build import DemoSummary, build_demo
from camnav.store.database import create_database_engine
from camnav.store.tables.members import EnrollmentRow
from camnav.store.tables.providers import LicenseRow, ParticipationRow, ProviderRow

DIRECTORY = Path(__file__).resolve().parents[1] / "var" / "bench"
SECONDS = 15
Request = Callable[[httpx.AsyncClient, int], "asyncio.Future[httpx.Response]"]


@dataclass(frozen=True)
class Figures:
    name: str
    rate: float
    sent: int
    failed: int
    latencies_ms: list[float]

    def line(self, target_ms: float) -> str:
        ordered = sorted(self.latencies_ms)
        p = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
        verdict = "meets" if p(0.99) <= target_ms else "MISSES"
        return (
            f"{self.name}: {self.sent} requests at {self.rate:.0f}/s offered,"
            f" {self.failed} failed; "
            f"p50 {p(0.50):.1f} ms, p95 {p(0.95):.1f} ms, p99 {p(0.99):.1f} ms, "
            f"max {ordered[-1]:.1f} ms, mean {statistics.fmean(ordered):.1f} ms"
            f" — {verdict} the p99 <= {target_ms:.0f} ms target"
        )


def fresh_copy(source: Path, target: Path) -> Path:
    """A private copy of the demo database, so a benchmark's writes neither pile up in the
    shared one nor wait for whoever else is writing to it. The copy's old write-ahead log goes
    too: it belongs to the old copy."""
    for old in (target, *(target.with_name(target.name + s) for s in ("-wal", "-shm"))):
        old.unlink(missing_ok=True)
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    # Let the disk settle first: the copy's (and a fresh demo build's) dirty pages would
    # otherwise be written back while the first requests are timed.
    os.sync()
    return target


def _build(url: str) -> None:
    build_demo(url)  # the summary stays behind: it does not pickle


def demo_database() -> tuple[Path, DemoSummary]:
    """The demo under var/bench/, built in a process of its own: a build leaves millions of
    objects behind in the process that ran it, whose garbage collection would then stall the
    load generator and be counted as the server's latency."""
    source = DIRECTORY / "demo.db"
    url = f"sqlite:///{source}"
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        pool.apply(_build, (url,))
    return source, build_demo(url)  # found built: only reads the summary


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CAMNAV_DATABASE_URL": url}
    command = [
        sys.executable,
        "-m",
        "camnav.cli",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    server = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.5)
    server.kill()
    raise RuntimeError("the server did not start")


def sample(url: str, today: date) -> tuple[list[str], list[str]]:
    """Members enrolled in plan A (massage needs no referral) on `today`, and contracted massage
    therapists."""
    engine = create_database_engine(url)
    with engine.connect() as connection:
        members = connection.scalars(
            select(EnrollmentRow.member_id).where(
                EnrollmentRow.plan_id == "example-a",
                EnrollmentRow.start <= today,
                or_(EnrollmentRow.end.is_(None), EnrollmentRow.end >= today),
            )
        ).all()
        providers = connection.scalars(
            select(ProviderRow.id)
            .join(ParticipationRow, ParticipationRow.provider_id == ProviderRow.id)
            .join(LicenseRow, LicenseRow.provider_id == ProviderRow.id)
            .where(
                ProviderRow.category == "massage",
                LicenseRow.status == "active",
                LicenseRow.expires > today,
            )
        ).all()
    engine.dispose()
    return sorted(set(members)), sorted(set(providers))


def _load_without_collector(
    base: str, token: str, rate: float, count: int, make: Request
) -> Figures:
    """The generator's own garbage collections stall every request in flight for tens of ms
    (its heap holds the demo's summary and thousands of pending requests), which would be
    counted as the server's latency: the collector is off while the load runs."""
    gc.collect()
    gc.disable()
    try:
        return asyncio.run(_load(base, token, rate, count, make))
    finally:
        gc.enable()


async def _load(base: str, token: str, rate: float, count: int, make: Request) -> Figures:
    latencies: list[float] = []
    failed = 0
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=30
    ) as client:
        started = time.perf_counter()

        async def one(index: int) -> None:
            nonlocal failed
            due = started + index / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            try:
                response = await make(client, index)
                if response.status_code >= 400:
                    failed += 1
            except httpx.HTTPError:
                failed += 1
            latencies.append((time.perf_counter() - due) * 1000)

        await asyncio.gather(*(one(i) for i in range(count)))
    return Figures("", rate, count, failed, latencies)


def token_for(base: str, username: str) -> str:
    answer = httpx.post(
        f"{base}/api/v1/auth/token",
        json={"username": username, "password": f"{username}-demo"},
        timeout=30,
    )
    answer.raise_for_status()
    return str(answer.json()["access_token"])


def main() -> None:
    DIRECTORY.mkdir(parents=True, exist_ok=True)
    source, summary = demo_database()
    url = f"sqlite:///{fresh_copy(source, DIRECTORY / 'service.db')}"
    members, providers = sample(url, summary.today)
    rng = random.Random(7)
    port = free_port()
    workers = int(os.environ.get("CAMNAV_BENCH_WORKERS", "2"))
    server = start_server(url, port, workers)
    base = f"http://127.0.0.1:{port}"
    try:
        token = token_for(base, "sam")
        day = summary.today

        def coverage(client: httpx.AsyncClient, index: int) -> asyncio.Future[httpx.Response]:
            member = rng.choice(members)
            return asyncio.ensure_future(
                client.get(
                    f"/api/v1/members/{member}/coverage",
                    params={"category": "massage", "on": str(day)},
                )
            )

        def claim(client: httpx.AsyncClient, index: int) -> asyncio.Future[httpx.Response]:
            service_day = day - timedelta(days=index % 20)
            body = {
                "member_id": members[index % len(members)],
                "provider_id": providers[index % len(providers)],
                "diagnoses": ["M54.50"],
                "lines": [
                    {
                        "date": str(service_day),
                        "code": "97124",
                        "units": 4,
                        "minutes": 60,
                        "billed": f"{150 + index % 50}.00",
                    }
                ],
            }
            return asyncio.ensure_future(
                client.post(
                    "/api/v1/claims",
                    json=body,
                    headers={"Idempotency-Key": f"bench-{time.time_ns()}-{index}"},
                )
            )

        _load_without_collector(base, token, 50, 200, coverage)  # warm-up
        first = _load_without_collector(base, token, 200, 200 * SECONDS, coverage)
        second = _load_without_collector(base, token, 100, 100 * SECONDS, claim)
        print(
            f"server: {workers} uvicorn worker(s), SQLite, demo data"
            f" ({len(members):,} plan A members)"
        )
        print(
            Figures(
                "coverage answer", first.rate, first.sent, first.failed, first.latencies_ms
            ).line(50)
        )
        print(
            Figures(
                "claim submission", second.rate, second.sent, second.failed, second.latencies_ms
            ).line(250)
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
