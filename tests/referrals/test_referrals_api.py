"""Through the API: a physician's referral is decided at once where the plan's rules decide,
the coverage answer reflects it the moment it is decided, and every decision is notified."""

from __future__ import annotations

from typing import Any

from referral_cast import ELENA, MARIA, Api, Who, referral_body


def test_a_qualifying_referral_on_plan_b_is_approved_at_once_with_an_authorization(
    api: Api,
) -> None:
    found = api.refer(referral_body())

    assert found["status"] == "approved"
    assert found["kind"] == "referral"
    assert found["authorization"] == {
        "number": found["id"],
        "visits": 6,
        "valid_from": "2025-03-10",
        "valid_to": "2025-09-09",
    }
    assert found["reasons"] == []


def topics(answer: dict[str, Any], key: str = "statements") -> list[str]:
    return [s["topic"] for s in answer[key]]


def coverage(api: Api, member_id: str, category: str, on: str = "2025-03-10") -> dict[str, Any]:
    response = api.get(
        Who.REVIEWER, f"/api/v1/members/{member_id}/coverage", category=category, on=on
    )
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def test_the_coverage_answer_reflects_a_referral_the_moment_it_is_decided(api: Api) -> None:
    before = coverage(api, MARIA, "massage")
    assert before["verdict"] == "covered_if"
    assert "step_get_referral" in topics(before, "next_steps")

    referral = api.refer(referral_body(valid_to="2025-03-31"))

    after = coverage(api, MARIA, "massage")
    assert after["verdict"] == "covered"
    on_file = next(s for s in after["statements"] if s["topic"] == "document_on_file")
    assert on_file["params"]["id"] == referral["id"]
    assert on_file["params"]["visits_left"] == "6"
    assert "warn_document_expiring" in topics(after, "warnings")


def test_a_stress_only_referral_is_denied_with_reason_citation_and_next_step(api: Api) -> None:
    found = api.refer(referral_body(diagnoses=["Z73.3"]))

    assert found["status"] == "denied"
    assert found["authorization"] is None
    [reason] = found["reasons"]
    assert reason["code"] == "stress_only"
    assert reason["citation"] == "EOC 2025 §4.10(b) Medically necessary massage therapy"
    assert reason["text"].startswith("Stress reduction alone is not medically necessary")
    assert reason["next_step"] == "You may appeal with records of a qualifying condition."


def test_an_excluded_service_is_denied_naming_the_covered_alternatives(api: Api) -> None:
    found = api.refer(referral_body(member_id=ELENA, diagnoses=["M54.50"]))

    assert found["status"] == "denied"
    assert [r["code"] for r in found["reasons"]] == ["service_excluded"]
    assert found["alternatives"] == ["chiropractic", "acupuncture"]


def test_every_decision_is_notified_to_the_member_and_the_referring_physician(api: Api) -> None:
    denied = api.refer(referral_body(diagnoses=["Z73.3"]))
    approved = api.refer(referral_body())

    for who in (Who.MARIA, Who.DR_REYES):
        page = api.get(who, "/api/v1/notifications").json()
        assert [(n["referral_id"], n["topic"]) for n in page["notifications"]] == [
            (approved["id"], "referral.approved"),
            (denied["id"], "referral.denied"),
        ]
    assert api.get(Who.OWEN, "/api/v1/notifications").json()["notifications"] == []
    assert api.get(Who.DR_CHO, "/api/v1/notifications").json()["notifications"] == []
    text = api.get(Who.MARIA, "/api/v1/notifications").json()["notifications"][1]["text"]
    assert "was denied: Stress reduction alone" in text


def test_a_notification_is_marked_read_only_by_its_addressee(api: Api) -> None:
    api.refer(referral_body())
    mine = api.get(Who.MARIA, "/api/v1/notifications").json()["notifications"][0]

    assert api.post(Who.OWEN, f"/api/v1/notifications/{mine['id']}/read", {}).status_code == 404
    response = api.post(Who.MARIA, f"/api/v1/notifications/{mine['id']}/read", {})

    assert response.status_code == 200
    assert response.json()["read_at"] == "2025-03-10T12:00:00+00:00"


def test_notifications_page_twenty_at_a_time(api: Api) -> None:
    for _ in range(21):
        api.refer(referral_body())

    first = api.get(Who.MARIA, "/api/v1/notifications").json()
    second = api.get(Who.MARIA, "/api/v1/notifications", page=2).json()

    assert (len(first["notifications"]), len(second["notifications"])) == (20, 1)
    assert first["notifications"][0]["id"] > second["notifications"][0]["id"]
