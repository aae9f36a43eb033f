"""Configuration from the environment (prefix CAMNAV_), built once at start and passed down."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# var/ beside the checkout: where the embedded SQLite database and uploads live by default.
VAR_DIRECTORY = Path(__file__).resolve().parents[2] / "var"


class Settings(BaseSettings):
    """Every setting camnav reads; nothing reads the environment anywhere else."""

    model_config = SettingsConfigDict(env_prefix="CAMNAV_", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{VAR_DIRECTORY / 'camnav.db'}",
        description="SQLAlchemy URL: SQLite by default; postgresql+psycopg://... in production",
    )
    plans_dir: Path | None = Field(default=None, description="Plan library directory")
    uploads_dir: Path = Field(default=VAR_DIRECTORY / "uploads", description="Claim attachments")
    session_idle_minutes: int = Field(default=30, ge=1, description="Page sessions end after this")
    token_hours: int = Field(default=12, ge=1, description="API bearer tokens expire after this")
    secure_cookies: bool = Field(default=False, description="Set behind HTTPS")
    idempotency_stale_seconds: float = Field(
        default=300,
        gt=0,
        description="An Idempotency-Key still in flight after this long (its request died) is "
        "taken over by a retry",
    )
    # Test only (CAMNAV_TEST_CLAIM_COMMIT_DELAY_SECONDS): the claims service waits this long inside
    # its write unit before committing, so a crash test can kill the server mid-adjudication.
    test_claim_commit_delay_seconds: float = Field(default=0, ge=0, le=120)
