"""Web tests run the real app over a real SQLite copy of a small demo (built once per session).

Page tests use the TestClient with a clock the test moves; each test gets its own copy of the
demo database, so what one test writes no other test sees. Browser tests start the app with
uvicorn on a free port and drive Debian's chromium headless through Playwright (installed by
scripts/chromium-up; a missing browser fails the tests, it never skips them). Screenshots go to
test-artifacts/screenshots/.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, sync_playwright
from web_cast import SCREENSHOTS, SEED, SMALL, TODAY, Clock, Site

from camnav.api.app import create_app
from camnav.demo import build_demo
from camnav.library.library import PlanLibrary, load_library
from camnav.services.context import ServiceContext
from camnav.settings import Settings
from camnav.store.database import create_database_engine
from camnav.store.unit_of_work import unit_of_work_factory
from camnav.store.uploads import DirectoryFileStore
from camnav.web.session import DemoSignIn

CHROMIUM = Path("/usr/bin/chromium")


@dataclass(frozen=True)
class Demo:
    path: Path
    accounts: tuple[DemoSignIn, ...]


@pytest.fixture(scope="session")
def library() -> PlanLibrary:
    return load_library()


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    path = tmp_path_factory.mktemp("web-demo") / "demo.db"
    summary = build_demo(f"sqlite:///{path}", SEED, today=TODAY, size=SMALL)
    accounts = tuple(DemoSignIn(a.username, a.password, a.role, a.note) for a in summary.accounts)
    return Demo(path, accounts)


@pytest.fixture
def site(demo: Demo, library: PlanLibrary, tmp_path: Path) -> Iterator[Site]:
    copy = tmp_path / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        source = demo.path.with_name(demo.path.name + suffix)
        if source.exists():
            shutil.copyfile(source, copy.with_name(copy.name + suffix))
    engine = create_database_engine(f"sqlite:///{copy}")
    clock = Clock()
    context = ServiceContext(
        unit_of_work_factory(engine),
        library,
        clock=clock,
        files=DirectoryFileStore(tmp_path / "uploads"),
    )
    settings = Settings(session_idle_minutes=30)
    try:
        yield Site(create_app(context, settings, demo.accounts), context, clock)
    finally:
        engine.dispose()


@pytest.fixture
def client(site: Site) -> Iterator[TestClient]:
    with TestClient(site.app) as test_client:
        yield test_client


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(site: Site) -> Iterator[str]:
    """The app served by uvicorn on a free port, in a thread; its base URL."""
    port = _free_port()
    config = uvicorn.Config(site.app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless. Missing, it fails the test: run scripts/chromium-up."""
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run scripts/chromium-up (apt-get)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
