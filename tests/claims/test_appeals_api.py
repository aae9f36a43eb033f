"""Appeals: a denied or partially paid claim may be appealed until the deadline, 180 days after
the decision; a reviewer decides with a reason, and an overturned claim is decided again."""

from __future__ import annotations

from datetime import date

from claims_cast import OWEN, PRAIRIE, ROSA, Caller, provider_claim
from claims_harness import Api, sign_in

from camnav.services.ports import AccumulatorEntry, AccumulatorKind

MARCH_3 = date(2025, 3, 3)


def denied_out_of_network(api: Api) -> str:
    """Owen's visit to Rosa Diaz, outside plan A's network: denied, CARC 242."""
    body = provider_claim(OWEN, MARCH_3, MARCH_3, "C-ROSA") | {"provider_id": ROSA}
    claim = api.post(Caller.MEMBER_SERVICES, "/api/v1/claims", body).json()
    assert claim["status"] == "denied", claim
    return str(claim["id"])


def test_a_member_appeals_a_denial_and_a_reviewer_upholds_it_with_a_reason(api: Api) -> None:
    claim_id = denied_out_of_network(api)

    filed = api.post(Caller.OWEN, f"/api/v1/claims/{claim_id}/appeals", {"reason": "no nearby"})
    second = api.post(Caller.OWEN, f"/api/v1/claims/{claim_id}/appeals", {"reason": "again"})
    open_ = api.get(Caller.REVIEWER, "/api/v1/appeals?status=open").json()["appeals"]
    decided = api.post(
        Caller.REVIEWER,
        f"/api/v1/appeals/{filed.json()['id']}/decision",
        {"outcome": "upheld", "reason": "Two network therapists within 5 miles"},
    )
    eob = api.get(Caller.OWEN, f"/api/v1/claims/{claim_id}/eob").json()

    assert filed.status_code == 201, filed.text
    assert (filed.json()["deadline"], filed.json()["decision_due"]) == ("2025-09-06", "2025-05-09")
    assert second.status_code == 409
    assert [a["id"] for a in open_] == [filed.json()["id"]]
    assert decided.status_code == 200, decided.text
    assert decided.json()["appeal"]["status"] == "upheld"
    assert decided.json()["claim"]["status"] == "denied"
    assert eob["appeal_by"] == "2025-09-06"
    assert eob["lines"][0]["reasons"][0]["next_step"] == "Use an in-network therapist."


def test_an_appeal_after_the_deadline_is_refused(api: Api) -> None:
    claim_id = denied_out_of_network(api)
    api.clock.advance(days=181)
    owen = sign_in(api.client, Caller.OWEN)  # the cast's tokens expired meanwhile

    late = api.client.post(
        f"/api/v1/claims/{claim_id}/appeals",
        json={"reason": "late"},
        headers={"Authorization": f"Bearer {owen}"},
    )

    assert late.status_code == 422
    assert "2025-09-06" in late.json()["detail"]


def test_a_paid_claim_cannot_be_appealed_and_others_may_not_appeal_for_the_member(
    api: Api,
) -> None:
    paid = api.post(
        Caller.PROVIDER, "/api/v1/claims", provider_claim(OWEN, MARCH_3, MARCH_3, "C-PAID")
    )
    denied = denied_out_of_network(api)

    not_adverse = api.post(Caller.OWEN, "/api/v1/claims/C-PAID/appeals", {"reason": "more"})
    stranger = api.post(Caller.HANA, f"/api/v1/claims/{denied}/appeals", {"reason": "x"})
    reviewer = api.post(Caller.REVIEWER, f"/api/v1/claims/{denied}/appeals", {"reason": "x"})

    assert paid.json()["status"] == "paid"
    assert (not_adverse.status_code, stranger.status_code, reviewer.status_code) == (422, 403, 403)


def test_an_overturned_credential_denial_is_decided_again_and_paid(api: Api) -> None:
    entries = [AccumulatorEntry(date(2025, 1, 1), AccumulatorKind.LIMIT_VISIT, 2, key="massage")]
    with api.units() as uow:
        uow.members.append_accumulators(OWEN, entries)
        uow.commit()
    body = provider_claim(OWEN, MARCH_3, MARCH_3, "C-KS") | {"provider_id": PRAIRIE}
    api.post(Caller.MEMBER_SERVICES, "/api/v1/claims", body)
    api.post(
        Caller.REVIEWER,
        "/api/v1/claims/C-KS/review",
        {"outcome": "deny", "reason": "no proof of training"},
    )
    appeal = api.post(Caller.OWEN, "/api/v1/claims/C-KS/appeals", {"reason": "diploma sent"})

    decided = api.post(
        Caller.ADMINISTRATOR,
        f"/api/v1/appeals/{appeal.json()['id']}/decision",
        {"outcome": "overturned", "reason": "Diploma and 500 hours of training verified"},
    )
    adjustments = api.get(Caller.OWEN, "/api/v1/claims/C-KS/adjustments").json()["adjustments"]

    assert decided.json()["appeal"]["status"] == "overturned"
    assert (decided.json()["claim"]["status"], decided.json()["claim"]["plan_pays"]) == (
        "paid",
        "115.00",
    )
    assert [(a["cause"], a["status_before"], a["status_after"]) for a in adjustments] == [
        ("review", "pended", "denied"),
        ("appeal", "denied", "paid"),
    ]


def test_the_review_queue_lists_pended_claims_oldest_first_for_reviewers_only(api: Api) -> None:
    for claim_id, day in (("C-KS-1", date(2025, 3, 3)), ("C-KS-2", date(2025, 3, 4))):
        body = provider_claim(OWEN, day, day, claim_id) | {"provider_id": PRAIRIE}
        api.post(Caller.MEMBER_SERVICES, "/api/v1/claims", body)
        api.clock.advance(hours=1)

    queue = api.get(Caller.ADMINISTRATOR, "/api/v1/claim-reviews")
    refused = api.get(Caller.OWEN, "/api/v1/claim-reviews")
    rate = api.get(Caller.ADMINISTRATOR, "/api/v1/reports/auto-adjudication").json()

    assert [c["id"] for c in queue.json()["claims"]] == ["C-KS-1", "C-KS-2"]
    assert queue.json()["claims"][0]["lines"][0]["reasons"][0]["code"] == "credential_review"
    assert refused.status_code == 403
    assert rate["pended"] == 2
    assert rate["by_pending_reason"]["credential_review"]["claims"] == 2
