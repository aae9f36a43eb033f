"""The clinical review queue, extensions and episodes, appeals and the metrics, through the API;
plans whose first visits are free and later ones need an approved treatment plan or authorization.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from referral_cast import (
    ELENA,
    GEORGE,
    MARIA,
    NOW,
    YEAR_2025,
    Api,
    Who,
    georges_authorization,
    referral_body,
)

from camnav.services.ports import (
    AccumulatorEntry,
    AccumulatorKind,
    ReviewItem,
    ReviewKind,
    Urgency,
)

REVIEWS = "/api/v1/reviews"


def pended(api: Api, **overrides: Any) -> dict[str, Any]:
    """Maria's referral without conventional treatment documented: a reviewer must judge."""
    found = api.refer(referral_body(conventional_treatments=[], **overrides))
    assert found["status"] == "pended", found
    return found


def decide(api: Api, referral_id: str, body: dict[str, Any], who: Who = Who.REVIEWER) -> Any:
    return api.post(who, f"{REVIEWS}/{referral_id}/decision", body)


def test_a_pended_referral_waits_in_the_queue_against_its_deadline(api: Api) -> None:
    standard = pended(api)
    expedited = pended(api, urgency="expedited")

    queue = api.get(Who.REVIEWER, REVIEWS).json()

    assert [r["referral"]["id"] for r in queue["reviews"]] == [expedited["id"], standard["id"]]
    first, second = queue["reviews"]
    assert (first["deadline"], first["hours_left"]) == ("2025-03-13T12:00:00+00:00", 72.0)
    # 7 calendar days in Los Angeles: 05:00 PDT on the 10th to 05:00 PDT on the 17th.
    assert (second["deadline"], second["hours_left"]) == ("2025-03-17T12:00:00+00:00", 168.0)
    assert (first["overdue"], queue["overdue"]) == (False, 0)
    assert first["review"] == {
        "kind": "initial",
        "urgency": "expedited",
        "received_at": "2025-03-10T12:00:00+00:00",
        "note": "",
    }


def test_a_request_received_eight_days_ago_is_flagged_overdue(api: Api) -> None:
    late = pended(api)
    with api.units() as uow:
        item = uow.referral_reviews.open_item_for(late["id"])
        assert item is not None and item.id is not None
        uow.referral_reviews.close(item.id, NOW)
        earlier = NOW - timedelta(days=8)
        uow.referral_reviews.open(
            ReviewItem(late["id"], ReviewKind.INITIAL, Urgency.STANDARD, earlier)
        )
        uow.commit()

    [entry] = api.get(Who.REVIEWER, REVIEWS).json()["reviews"]

    assert entry["overdue"] is True
    # Received 2025-03-02 04:00 PST, due 2025-03-09 04:00 PDT: a week across spring-forward.
    assert entry["hours_left"] == -25.0


def test_only_reviewers_and_administrators_see_the_queue_and_decide(api: Api) -> None:
    referral = pended(api)
    approve = {"status": "approved", "reason": "conventional care documented by phone"}

    for who in (Who.MARIA, Who.DR_REYES, Who.MEMBER_SERVICES, Who.PROVIDER):
        assert api.get(who, REVIEWS).status_code == 403
        assert decide(api, referral["id"], approve, who).status_code == 403
    assert api.get(Who.ADMINISTRATOR, REVIEWS).status_code == 200
    assert api.get(None, REVIEWS).status_code == 401


def test_a_reviewers_decision_needs_a_reason(api: Api) -> None:
    referral = pended(api)

    missing = decide(api, referral["id"], {"status": "approved"})
    blank = decide(api, referral["id"], {"status": "denied", "reason": "   "})

    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "reason"
    assert blank.status_code == 422
    assert blank.json()["errors"] == [
        {"field": "reason", "message": "a reviewer's decision needs a reason"}
    ]


def test_a_reviewer_approves_fewer_visits_and_everyone_hears_of_it(api: Api) -> None:
    referral = pended(api)

    response = decide(
        api, referral["id"], {"status": "approved", "reason": "PT notes on file", "visits": 4}
    )

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "approved"
    assert response.json()["authorization"]["visits"] == 4
    assert api.get(Who.REVIEWER, REVIEWS).json()["reviews"] == []
    history = api.get(Who.MARIA, f"/api/v1/referrals/{referral['id']}").json()["decisions"]
    assert [(d["status"], d["source"]) for d in history] == [
        ("pended", "rules"),
        ("approved", "review"),
    ]
    assert history[1]["reasons"][0]["text"] == "PT notes on file"
    topics = [
        n["topic"] for n in api.get(Who.DR_REYES, "/api/v1/notifications").json()["notifications"]
    ]
    assert topics == ["referral.approved", "referral.pended"]
    assert decide(api, referral["id"], {"status": "denied", "reason": "again"}).status_code == 409


def test_an_extension_with_progress_notes_gets_a_new_decision_and_joins_the_episode(
    api: Api,
) -> None:
    first = api.refer(referral_body())
    extension = {
        "visits": 6,
        "valid_from": "2025-04-21",
        "duration_weeks": 8,
        "progress_notes": {"functional_improvement": True, "summary": "lifts 10 kg, was 4"},
    }

    response = api.post(Who.DR_REYES, f"/api/v1/referrals/{first['id']}/extensions", extension)

    assert response.status_code == 201, response.text
    more = response.json()
    assert (more["status"], more["extends"], more["valid_to"]) == (
        "approved",
        first["id"],
        "2025-06-15",
    )
    [episode] = api.get(Who.MARIA, f"/api/v1/members/{MARIA}/episodes").json()["episodes"]
    assert episode["documents"] == [first["id"], more["id"]]
    assert (episode["visits_authorized"], episode["visits_left"], episode["status"]) == (
        12,
        12,
        "active",
    )


def test_an_extension_without_improvement_is_denied_and_without_notes_pended(api: Api) -> None:
    first = api.refer(referral_body())
    url = f"/api/v1/referrals/{first['id']}/extensions"
    base = {"visits": 6, "valid_from": "2025-04-21", "valid_to": "2025-06-15"}

    stalled = api.post(
        Who.DR_REYES, url, {**base, "progress_notes": {"functional_improvement": False}}
    ).json()
    silent = api.post(Who.DR_REYES, url, base).json()

    assert [r["code"] for r in stalled["reasons"]] == ["no_functional_improvement"]
    assert stalled["status"] == "denied"
    assert [r["code"] for r in silent["reasons"]] == ["progress_notes_missing"]
    assert silent["status"] == "pended"


def test_only_an_approved_referral_of_ones_own_patient_can_be_extended(api: Api) -> None:
    denied = api.refer(referral_body(diagnoses=["Z73.3"]))
    body = {"visits": 6, "valid_from": "2025-04-21", "valid_to": "2025-06-15"}

    assert (
        api.post(Who.DR_REYES, f"/api/v1/referrals/{denied['id']}/extensions", body).status_code
        == 409
    )
    approved = api.refer(referral_body())
    url = f"/api/v1/referrals/{approved['id']}/extensions"
    assert api.post(Who.DR_CHO, url, body).status_code == 403
    assert api.post(Who.MARIA, url, body).status_code == 403
    assert api.post(Who.DR_REYES, "/api/v1/referrals/R-NONE/extensions", body).status_code == 404


def add_visits(api: Api, member_id: str, category: str, visits: int) -> None:
    entries = [
        AccumulatorEntry(YEAR_2025, AccumulatorKind.LIMIT_VISIT, visits, key=category),
        AccumulatorEntry(YEAR_2025, AccumulatorKind.CATEGORY_VISIT, visits, key=category),
    ]
    with api.units() as uow:
        uow.members.append_accumulators(member_id, entries, NOW)
        uow.commit()


def coverage(api: Api, member_id: str, category: str) -> dict[str, Any]:
    url = f"/api/v1/members/{member_id}/coverage"
    found: dict[str, Any] = api.get(Who.DR_REYES, url, category=category, on="2025-03-10").json()
    return found


def test_plan_e_covers_the_initial_visit_free_and_later_ones_under_an_approved_treatment_plan(
    api: Api,
) -> None:
    assert coverage(api, ELENA, "chiropractic")["verdict"] == "covered"
    add_visits(api, ELENA, "chiropractic", 1)
    assert coverage(api, ELENA, "chiropractic")["verdict"] == "covered_if"

    plan = api.refer(
        referral_body(member_id=ELENA, category="chiropractic", diagnoses=["M54.2"], visits=12)
    )

    assert (plan["status"], plan["kind"]) == ("approved", "authorization")
    answer = coverage(api, ELENA, "chiropractic")
    assert answer["verdict"] == "covered"
    assert any(s["topic"] == "document_on_file" for s in answer["statements"])


def test_plan_g_needs_an_authorization_from_the_13th_visit(api: Api) -> None:
    add_visits(api, GEORGE, "acupuncture", 12)
    assert coverage(api, GEORGE, "acupuncture")["verdict"] == "covered_if"

    found = api.refer(georges_authorization())

    assert (found["status"], found["kind"], found["valid_to"]) == (
        "approved",
        "authorization",
        "2025-06-01",
    )
    assert coverage(api, GEORGE, "acupuncture")["verdict"] == "covered"


def test_plan_g_denies_fibromyalgia_and_pends_missing_progress_notes(api: Api) -> None:
    fibromyalgia = api.refer(georges_authorization(diagnoses=["M79.7"]))
    silent = api.refer(georges_authorization(progress_notes=None))

    assert [r["code"] for r in fibromyalgia["reasons"]] == ["diagnosis_not_covered"]
    assert silent["status"] == "pended"


def test_a_denial_appealed_and_approved_counts_as_approved_after_appeal(api: Api) -> None:
    denied = api.refer(georges_authorization(condition_weeks=6))
    assert denied["status"] == "denied"

    appeal = api.post(
        Who.MARIA, f"/api/v1/referrals/{denied['id']}/appeals", {"grounds": "pain since 2024"}
    )
    assert appeal.status_code == 403  # Maria is not George
    appeal = api.post(
        Who.DR_REYES, f"/api/v1/referrals/{denied['id']}/appeals", {"grounds": "pain since 2024"}
    )
    assert appeal.status_code == 202, appeal.text
    [entry] = api.get(Who.REVIEWER, REVIEWS).json()["reviews"]
    assert (entry["review"]["kind"], entry["review"]["note"]) == ("appeal", "pain since 2024")
    assert (
        decide(
            api, denied["id"], {"status": "approved", "reason": "records show 30 weeks"}
        ).status_code
        == 200
    )

    metrics = api.get(
        Who.ADMINISTRATOR,
        "/api/v1/metrics/prior-authorization",
        **{"from": "2025-03-01", "to": "2025-03-31"},
    ).json()
    assert (metrics["approved"], metrics["denied"], metrics["approved_after_appeal"]) == (1, 0, 1)
    assert metrics["decision_hours"] == {"median": 0.0, "p90": 0.0}


def test_only_a_denial_can_be_appealed_once_at_a_time(api: Api) -> None:
    approved = api.refer(referral_body())
    denied = api.refer(referral_body(diagnoses=["Z73.3"]))
    grounds = {"grounds": "records of fibromyalgia attached"}

    assert (
        api.post(Who.MARIA, f"/api/v1/referrals/{approved['id']}/appeals", grounds).status_code
        == 409
    )
    assert (
        api.post(Who.MARIA, f"/api/v1/referrals/{denied['id']}/appeals", grounds).status_code == 202
    )
    assert (
        api.post(Who.MARIA, f"/api/v1/referrals/{denied['id']}/appeals", grounds).status_code == 409
    )


def test_the_metrics_are_json_for_reviewers_and_administrators_only(api: Api) -> None:
    api.refer(referral_body())
    api.refer(referral_body(diagnoses=["Z73.3"]))
    pended(api)
    url = "/api/v1/metrics/prior-authorization"
    period = {"from": "2025-03-10", "to": "2025-03-10"}

    found = api.get(Who.REVIEWER, url, **period).json()

    assert found == {
        "from": "2025-03-10",
        "to": "2025-03-10",
        "time_zone": "America/Los_Angeles",
        "requests": 3,
        "approved": 1,
        "denied": 1,
        "pended": 1,
        "approved_after_appeal": 0,
        "decided": 2,
        "decision_hours": {"median": 0.0, "p90": 0.0},
        "share_decided_within": {"72_hours": 1.0, "7_days": 1.0},
    }
    for who in (Who.MARIA, Who.DR_REYES, Who.MEMBER_SERVICES, Who.PROVIDER):
        assert api.get(who, url, **period).status_code == 403
    assert (
        api.get(Who.REVIEWER, url, **{"from": "2025-03-10", "to": "2025-03-01"}).status_code == 422
    )
