"""create_app(): the FastAPI application over a service context."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from fastapi import FastAPI

from camnav import __version__
from camnav.api import problems
from camnav.api.routes import auth, claims, directory, library, members, referrals
from camnav.api.routes.claim_workflow_routes import claim_workflow_routes
from camnav.api.routes.referral_routes import referral_routes
from camnav.library.library import load_library
from camnav.services.context import ServiceContext
from camnav.settings import Settings
from camnav.store.database import create_database_engine
from camnav.store.unit_of_work import unit_of_work_factory
from camnav.store.uploads import DirectoryFileStore
from camnav.web.app import mount_pages
from camnav.web.session import DemoSignIn, WebConfig


def context_from(settings: Settings) -> ServiceContext:
    """Units of work over the configured database and the plan library."""
    engine = create_database_engine(settings.database_url)
    return ServiceContext(
        unit_of_work_factory(engine, timedelta(seconds=settings.idempotency_stale_seconds)),
        load_library(settings.plans_dir),
        files=DirectoryFileStore(settings.uploads_dir),
        test_commit_delay_seconds=settings.test_claim_commit_delay_seconds,
    )


def create_app(
    context: ServiceContext | None = None,
    settings: Settings | None = None,
    demo_accounts: Sequence[DemoSignIn] = (),
) -> FastAPI:
    """The app; tests pass their own context, production builds one from the settings. The
    pages are mounted last, at `/`; `demo_accounts` are listed on the sign-in page."""
    settings = settings or Settings()
    app = FastAPI(
        title="camnav",
        version=__version__,
        summary="Explained coverage answers, referrals and claims for complementary care",
    )
    app.state.context = context or context_from(settings)
    problems.install(app)
    # directory before library: /providers/search must not be read as /providers/{provider_id}.
    for module in (auth, members, claims, referrals, directory, library):
        app.include_router(module.router)
    app.include_router(referral_routes)
    app.include_router(claim_workflow_routes)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    config = WebConfig(
        idle=timedelta(minutes=settings.session_idle_minutes),
        secure_cookies=settings.secure_cookies,
        demo_accounts=tuple(demo_accounts),
    )
    mount_pages(app, app.state.context, config)
    return app
