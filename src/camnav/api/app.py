"""create_app(): the FastAPI application over a service context."""

from __future__ import annotations

from fastapi import FastAPI

from camnav import __version__
from camnav.api import problems
from camnav.api.routes import auth, claims, library, members, referrals
from camnav.library.library import load_library
from camnav.services.context import ServiceContext
from camnav.settings import Settings
from camnav.store.database import create_database_engine
from camnav.store.unit_of_work import unit_of_work_factory


def context_from(settings: Settings) -> ServiceContext:
    """Units of work over the configured database and the plan library."""
    engine = create_database_engine(settings.database_url)
    return ServiceContext(unit_of_work_factory(engine), load_library(settings.plans_dir))


def create_app(context: ServiceContext | None = None, settings: Settings | None = None) -> FastAPI:
    """The app; tests pass their own context, production builds one from the settings."""
    app = FastAPI(
        title="camnav",
        version=__version__,
        summary="Explained coverage answers, referrals and claims for complementary care",
    )
    app.state.context = context or context_from(settings or Settings())
    problems.install(app)
    for module in (auth, members, claims, referrals, library):
        app.include_router(module.router)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
