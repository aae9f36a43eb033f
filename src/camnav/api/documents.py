"""Response documents for stored records (money as decimal strings, dates ISO)."""

from __future__ import annotations

from camnav.domain.money import format_money
from camnav.domain.plans import Tier
from camnav.explain.claims import line_document
from camnav.services.actors import Actor
from camnav.services.claims import StoredClaim
from camnav.services.members import MemberView
from camnav.services.ports import MemberRecord, ProviderRecord, ReferralRecord


def actor_document(actor: Actor) -> dict[str, object]:
    return {
        "user_id": actor.user_id,
        "username": actor.username,
        "role": actor.role.value,
        "member_id": actor.member_id,
        "provider_id": actor.provider_id,
    }


def member_document(member: MemberRecord) -> dict[str, object]:
    return {
        "member_id": member.member_id,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "birth_date": member.birth_date.isoformat(),
        "zip_code": member.zip_code,
        "region": member.region,
    }


def accumulators_document(view: MemberView) -> dict[str, object]:
    """Met and left per accumulator, and visits used and left per visit limit."""
    plan, met = view.plan, view.accumulators
    buckets = [Tier.IN_NETWORK, Tier.OUT_OF_NETWORK] if plan.separate_tiers else [Tier.IN_NETWORK]
    money: dict[str, object] = {}
    for bucket in buckets:
        maximum = plan.out_of_pocket_max_for(bucket)
        money[bucket.value] = {
            "deductible": format_money(plan.deductible_for(bucket)),
            "deductible_met": format_money(met.deductible(bucket)),
            "out_of_pocket_max": format_money(maximum) if maximum is not None else None,
            "out_of_pocket_met": format_money(met.out_of_pocket(bucket)),
        }
    limits: list[object] = [
        {
            "id": limit.id,
            "categories": list(limit.categories),
            "visits": limit.visits,
            "used": met.visits(limit.id),
            "left": max(limit.visits - met.visits(limit.id), 0),
            "citation": limit.citation,
        }
        for limit in plan.visit_limits
    ]
    return {
        "plan": {"id": plan.id, "version": plan.version, "name": plan.name},
        "period": {"from": view.period[0].isoformat(), "to": view.period[1].isoformat()},
        "accumulators": money,
        "visit_limits": limits,
    }


def claim_document(stored: StoredClaim) -> dict[str, object]:
    claim, determination = stored.record.claim, stored.determination
    document: dict[str, object] = {
        "id": claim.id,
        "member_id": claim.member_id,
        "provider_id": claim.provider_id,
        "submitter": claim.submitter.value,
        "received": claim.received.isoformat(),
        "created_at": stored.record.created_at.isoformat(),
        "status": determination.status.value if determination else "received",
    }
    if determination is not None:
        document |= {
            "plan_pays": format_money(determination.plan_pays),
            "member_owes": format_money(determination.member_owes),
            "visits_remaining": determination.visits_remaining,
            "referral_visits_remaining": determination.referral_visits_remaining,
            "lines": [line_document(line) for line in determination.lines],
        }
    return document


def referral_document(stored: ReferralRecord) -> dict[str, object]:
    referral = stored.referral
    return {
        "id": referral.id,
        "member_id": stored.member_id,
        "kind": referral.kind.value,
        "category": referral.category,
        "status": referral.status.value,
        "valid_from": referral.valid_from.isoformat(),
        "valid_to": referral.valid_to.isoformat() if referral.valid_to else None,
        "visits": referral.visits,
        "visits_used": referral.visits_used,
        "visits_left": referral.visits_left,
        "diagnoses": list(referral.diagnoses),
        "urgency": stored.urgency.value,
        "received_at": stored.received_at.isoformat() if stored.received_at else None,
        "decided_at": stored.decided_at.isoformat() if stored.decided_at else None,
        "decision_reason": stored.decision_reason,
    }


def provider_document(found: ProviderRecord) -> dict[str, object]:
    provider, license = found.provider, found.provider.license
    return {
        "id": provider.id,
        "name": provider.name,
        "npi": provider.npi,
        "category": provider.category,
        "taxonomy": found.taxonomy,
        "state": provider.state,
        "zip_code": found.zip_code,
        "latitude": found.latitude,
        "longitude": found.longitude,
        "networks": [p.network for p in provider.participations],
        "employed_at": provider.employed_at or None,
        "accepting_new_patients": found.accepting_new_patients,
        "languages": list(found.languages),
        "gender": found.gender,
        "license": None
        if license is None
        else {
            "number": license.number,
            "state": license.state,
            "status": license.status.value,
            "expires": license.expires.isoformat() if license.expires else None,
        },
    }
