"""The routers of the claims workflow beyond claims themselves, included by create_app()."""

from __future__ import annotations

from fastapi import APIRouter

from camnav.api.routes import appeals, claim_reviews, payments, uploads

claim_workflow_routes = APIRouter()
for _module in (uploads, claim_reviews, appeals, payments):
    claim_workflow_routes.include_router(_module.router)
