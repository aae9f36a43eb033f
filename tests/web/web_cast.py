"""The web tests' world: a small demo of Example Health, built once per test session, seen on
Thursday 26 November 2026 at 15:00 UTC, with its public demo accounts.

Import with `from web_cast import ...` (pytest's "prepend" import mode puts this directory on
sys.path). The story, as the demo builds it:

- Maria Lopez (maria, plan B Washington HMO) has 3 of 12 massage visits left, a $35 copay, and a
  referral RF-100001-2 from Dr. Mei Chen valid through 5 December 2026 with 3 visits left.
- Hana Kim (hana, plan C) is another member: Maria's claims are none of her business.
- Dr. Mei Chen (dr.chen) counts Maria and Hana among her patients.
- Riley Morgan, RN (riley) reviews referrals and pended claims; Pat Okafor (pat) administers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from camnav.demo import DemoSize
from camnav.services.context import ServiceContext

SEED = 7
TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
SMALL = DemoSize(members=300, providers=200, practices=30)

MARIA = "M-100001"
HANA = "M-100002"
MARIAS_REFERRAL = "RF-100001-2"
MARIAS_DENIED_CLAIM = "C-0000435"

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Clock:
    """The clock the services read; a test moves it forward."""

    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, by: timedelta) -> None:
        self.now += by


def csrf_of(page: Response) -> str:
    found = CSRF_INPUT.search(page.text)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, username: str) -> Response:
    """Sign in through the sign-in form, as a browser does."""
    client.cookies.clear()
    form = client.get("/signin")
    return client.post(
        "/signin",
        data={"username": username, "password": f"{username}-demo", "csrf_token": csrf_of(form)},
        follow_redirects=False,
    )


SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@dataclass
class Site:
    """The app over this test's copy of the demo, and the clock its services read."""

    app: FastAPI
    context: ServiceContext
    clock: Clock
