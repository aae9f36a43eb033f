"""The routers of the referral slice beyond referrals themselves, included by create_app()."""

from __future__ import annotations

from fastapi import APIRouter

from camnav.api.routes import letters, metrics, notifications, reviews

referral_routes = APIRouter()
for _module in (reviews, notifications, letters, metrics):
    referral_routes.include_router(_module.router)
