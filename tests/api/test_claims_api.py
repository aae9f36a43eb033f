"""Claims through the API: pre-check, worked example W1, duplicates, idempotency, bad input."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from api_cast import (
    MARIA,
    MARIAS_CLAIM,
    MARIAS_REFERRAL,
    OAK_STREET,
    OWEN,
    ROSA_DIAZ,
    Api,
    Caller,
    claim_body,
    visits_already_used,
)

CLAIMS = "/api/v1/claims"
# What a pre-check and a stored claim's document both tell.
DECISION = ("status", "member_owes", "plan_pays", "visits_remaining", "referral_visits_remaining")


def w1_claim(*, day: date = date(2025, 3, 10), **overrides: Any) -> dict[str, Any]:
    """Worked example W1: Owen (plan A) sees Oak Street on 2025-03-10, 97124 x 4, $160.00."""
    return claim_body(member_id=OWEN, day=day) | overrides


CLAIMS_TO_PRECHECK = [
    pytest.param(Caller.PROVIDER, w1_claim(), "paid", id="plan A, no referral needed"),
    pytest.param(
        Caller.PROVIDER, claim_body(day=date(2025, 3, 3)), "paid", id="plan B under a referral"
    ),
    pytest.param(
        Caller.MEMBER_SERVICES,
        w1_claim(provider_id=ROSA_DIAZ),
        "denied",
        id="plan A out of network",
    ),
    pytest.param(
        Caller.MEMBER_SELF,
        claim_body(day=date(2025, 3, 3)),
        "returned",
        id="member reimbursement without its documents",
    ),
]


@pytest.mark.parametrize(("caller", "body", "status"), CLAIMS_TO_PRECHECK)
def test_the_precheck_answers_exactly_what_the_submitted_claim_is_decided(
    api: Api, caller: Caller, body: dict[str, Any], status: str
) -> None:
    precheck = api.post(caller, f"{CLAIMS}/precheck", body)
    submitted = api.post(caller, CLAIMS, body)

    assert (precheck.status_code, submitted.status_code) == (200, 201)
    assert precheck.json()["status"] == status
    assert {k: precheck.json()[k] for k in (*DECISION, "lines")} == {
        k: submitted.json()[k] for k in (*DECISION, "lines")
    }


def test_a_precheck_saves_nothing(api: Api) -> None:
    api.post(Caller.PROVIDER, f"{CLAIMS}/precheck", w1_claim())

    claims = api.get(Caller.MEMBER_SERVICES, f"/api/v1/members/{OWEN}/claims")
    accumulators = api.get(Caller.MEMBER_SERVICES, f"/api/v1/members/{OWEN}/accumulators")

    assert claims.json() == {"claims": []}
    assert accumulators.json()["visit_limits"][0]["used"] == 0


def test_worked_example_w1_pays_115_and_leaves_8_visits(api: Api) -> None:
    visits_already_used(api.units, OWEN, visits=3, out_of_pocket=200_00)

    response = api.post(Caller.PROVIDER, CLAIMS, w1_claim())

    assert response.status_code == 201
    claim = response.json()
    assert {k: claim[k] for k in DECISION} == {
        "status": "paid",
        "member_owes": "25.00",
        "plan_pays": "115.00",
        "visits_remaining": 8,
        "referral_visits_remaining": None,
    }
    [line] = claim["lines"]
    assert {k: line[k] for k in ("billed", "allowed", "copay", "deductible", "coinsurance")} == {
        "billed": "160.00",
        "allowed": "140.00",
        "copay": "25.00",
        "deductible": "0.00",
        "coinsurance": "0.00",
    }
    assert (line["carc"], line["group"], line["tier"]) == (["3"], "PR", "in_network")
    assert line["adjustments"] == [
        {
            "group": "CO",
            "carc": "45",
            "amount": "20.00",
            "text": "$20.00 above the contracted rate; the network provider writes it off.",
        }
    ]


def test_worked_example_w1_moves_the_accumulators_to_225_met_and_4_visits_used(api: Api) -> None:
    visits_already_used(api.units, OWEN, visits=3, out_of_pocket=200_00)
    api.post(Caller.PROVIDER, CLAIMS, w1_claim())

    response = api.get(Caller.MEMBER_OTHER, f"/api/v1/members/{OWEN}/accumulators?on=2025-03-10")

    assert response.status_code == 200
    accumulators = response.json()
    assert accumulators["accumulators"]["in_network"]["out_of_pocket_met"] == "225.00"
    assert accumulators["accumulators"]["in_network"]["out_of_pocket_max"] == "3000.00"
    massage = next(limit for limit in accumulators["visit_limits"] if limit["id"] == "massage")
    assert (massage["visits"], massage["used"], massage["left"]) == (12, 4, 8)


def test_a_claim_under_marias_referral_counts_a_referral_visit(api: Api) -> None:
    response = api.post(Caller.PROVIDER, CLAIMS, claim_body(day=date(2025, 3, 3)))

    referral = api.get(Caller.MEMBER_SELF, f"/api/v1/referrals/{MARIAS_REFERRAL}")
    assert response.json()["status"] == "paid"
    assert (response.json()["member_owes"], response.json()["plan_pays"]) == ("30.00", "110.00")
    # Decided in date order: the visit of 3 March takes the referral's first visit, and today's
    # claim, decided again after it, the second.
    assert response.json()["referral_visits_remaining"] == 5
    assert (referral.json()["visits_used"], referral.json()["visits_left"]) == (2, 4)


def test_a_submitted_claim_reads_back_as_it_was_answered(api: Api) -> None:
    submitted = api.post(Caller.PROVIDER, CLAIMS, w1_claim(id="CLM-OWEN-0001"))

    read = api.get(Caller.MEMBER_OTHER, f"{CLAIMS}/CLM-OWEN-0001")

    assert read.status_code == 200
    assert read.json() == submitted.json()
    assert read.json()["submitter"] == "provider"
    assert read.json()["created_at"] == "2025-03-10T12:00:00+00:00"


def test_the_same_visit_billed_again_under_another_key_is_denied_as_a_duplicate(api: Api) -> None:
    first = api.post(Caller.PROVIDER, CLAIMS, w1_claim(), **{"Idempotency-Key": "oak-0001"})

    again = api.post(Caller.PROVIDER, CLAIMS, w1_claim(), **{"Idempotency-Key": "oak-0002"})

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["id"] != first.json()["id"]
    assert (again.json()["status"], again.json()["plan_pays"]) == ("denied", "0.00")
    assert again.json()["lines"][0]["carc"] == ["18"]
    assert again.json()["visits_remaining"] == 11
    accumulators = api.get(Caller.MEMBER_OTHER, f"/api/v1/members/{OWEN}/accumulators")
    assert accumulators.json()["visit_limits"][0]["used"] == 1


def test_a_replay_with_the_same_key_returns_the_stored_answer_and_makes_no_second_claim(
    api: Api,
) -> None:
    first = api.post(Caller.PROVIDER, CLAIMS, w1_claim(), **{"Idempotency-Key": "oak-0001"})

    replay = api.post(Caller.PROVIDER, CLAIMS, w1_claim(), **{"Idempotency-Key": "oak-0001"})

    assert (first.status_code, replay.status_code) == (201, 201)
    assert "idempotent-replayed" not in first.headers
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.json() == first.json()
    claims = api.get(Caller.MEMBER_OTHER, f"/api/v1/members/{OWEN}/claims").json()["claims"]
    assert [claim["id"] for claim in claims] == [first.json()["id"]]


def test_the_same_key_with_another_body_is_refused_naming_the_key(api: Api) -> None:
    api.post(Caller.PROVIDER, CLAIMS, w1_claim(), **{"Idempotency-Key": "oak-0001"})

    response = api.post(
        Caller.PROVIDER, CLAIMS, w1_claim(signed_waiver=True), **{"Idempotency-Key": "oak-0001"}
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Idempotency-Key reused for another request",
        "status": 422,
        "detail": "this Idempotency-Key was used for a different request",
        "instance": CLAIMS,
        "errors": [
            {
                "field": "Idempotency-Key",
                "message": "this Idempotency-Key was used for a different request",
            }
        ],
    }


def test_a_key_is_one_callers_own_another_caller_may_use_the_same_key(api: Api) -> None:
    by_oak = api.post(Caller.PROVIDER, CLAIMS, w1_claim(), **{"Idempotency-Key": "k-1"})

    by_staff = api.post(
        Caller.MEMBER_SERVICES, CLAIMS, w1_claim(day=date(2025, 3, 7)), **{"Idempotency-Key": "k-1"}
    )

    assert (by_oak.status_code, by_staff.status_code) == (201, 201)
    assert "idempotent-replayed" not in by_staff.headers
    assert by_staff.json()["id"] != by_oak.json()["id"]


def a_line(**changes: Any) -> dict[str, Any]:
    line = {"date": "2025-03-10", "code": "97124", "units": 4, "minutes": 60, "billed": "160.00"}
    return line | changes


BAD_CLAIMS = [
    pytest.param(w1_claim(lines=[a_line(units=0)]), "lines[0].units", id="zero units"),
    pytest.param(w1_claim(lines=[a_line(units=25)]), "lines[0].units", id="25 units"),
    pytest.param(w1_claim(lines=[a_line(billed="160,00")]), "lines[0].billed", id="money"),
    pytest.param(w1_claim(lines=[a_line(date="2025-02-30")]), "lines[0].date", id="no such day"),
    pytest.param(w1_claim(lines=[a_line(code="9712")]), "lines[0].code", id="short code"),
    pytest.param(
        w1_claim(lines=[a_line(), a_line(modifiers=["gp"])]),
        "lines[1].modifiers[0]",
        id="second line's modifier",
    ),
    pytest.param(w1_claim(lines=[]), "lines", id="no lines"),
    pytest.param(w1_claim(diagnoses=["not a code"]), "diagnoses[0]", id="diagnosis"),
    pytest.param(w1_claim(member_id=""), "member_id", id="empty member id"),
    pytest.param(w1_claim(submitter="robot"), "submitter", id="submitter"),
    pytest.param(w1_claim(surprise=1), "surprise", id="unknown field"),
    pytest.param(w1_claim(member_id="M-9999"), "member_id", id="unknown member"),
    pytest.param(w1_claim(provider_id="P-9999"), "provider_id", id="unknown provider"),
]


@pytest.mark.parametrize(("body", "field"), BAD_CLAIMS)
def test_bad_input_is_refused_with_problem_details_naming_the_field(
    api: Api, body: dict[str, Any], field: str
) -> None:
    response = api.post(Caller.MEMBER_SERVICES, CLAIMS, body)

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert (problem["title"], problem["status"], problem["instance"]) == (
        "Invalid request",
        422,
        CLAIMS,
    )
    assert [error["field"] for error in problem["errors"]] == [field]


def test_a_missing_body_field_is_named(api: Api) -> None:
    body = w1_claim()
    del body["provider_id"]

    response = api.post(Caller.PROVIDER, CLAIMS, body)

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "provider_id", "message": "Field required"}]


def test_a_malformed_idempotency_key_is_refused_naming_the_header(api: Api) -> None:
    response = api.post(Caller.PROVIDER, CLAIMS, w1_claim(), **{"Idempotency-Key": "two words"})

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["Idempotency-Key"]


def test_a_refused_request_frees_its_key_for_the_corrected_retry(api: Api) -> None:
    refused = api.post(
        Caller.PROVIDER, CLAIMS, w1_claim(provider_id="P-9999"), **{"Idempotency-Key": "oak-1"}
    )
    corrected = api.post(
        Caller.PROVIDER, CLAIMS, w1_claim(provider_id=OAK_STREET), **{"Idempotency-Key": "oak-1"}
    )

    assert refused.status_code == 403  # Oak Street may only bill as itself
    assert corrected.status_code == 201
    assert "idempotent-replayed" not in corrected.headers


def test_a_claim_id_already_taken_is_refused_naming_the_id(api: Api) -> None:
    response = api.post(Caller.MEMBER_SERVICES, CLAIMS, claim_body(id=MARIAS_CLAIM))

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "id", "message": f"claim id {MARIAS_CLAIM} is taken"}
    ]


def test_a_member_claims_list_holds_only_their_claims(api: Api) -> None:
    api.post(Caller.PROVIDER, CLAIMS, w1_claim(id="CLM-OWEN-0001"))

    marias = api.get(Caller.MEMBER_SELF, CLAIMS).json()["claims"]
    owens = api.get(Caller.MEMBER_OTHER, CLAIMS).json()["claims"]
    oak_streets = api.get(Caller.PROVIDER, CLAIMS).json()["claims"]

    assert [claim["id"] for claim in marias] == [MARIAS_CLAIM]
    assert [claim["id"] for claim in owens] == ["CLM-OWEN-0001"]
    assert sorted(claim["id"] for claim in oak_streets) == [MARIAS_CLAIM, "CLM-OWEN-0001"]
    assert {claim["member_id"] for claim in marias} == {MARIA}


# Found by test_openapi_fuzz.py: a claim dated outside every plan version once gave a 500.
OUTSIDE_EVERY_PLAN_VERSION = w1_claim(day=date(2000, 1, 1), received="2027-01-01")


@pytest.mark.parametrize("url", [CLAIMS, f"{CLAIMS}/precheck"])
def test_a_claim_outside_every_plan_version_is_refused_naming_the_lines(api: Api, url: str) -> None:
    response = api.post(Caller.MEMBER_SERVICES, url, OUTSIDE_EVERY_PLAN_VERSION)

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["lines"]


def test_a_late_claim_for_an_earlier_visit_updates_the_visits_left_after_the_later_one(
    api: Api,
) -> None:
    later = api.post(Caller.PROVIDER, CLAIMS, w1_claim(id="CLM-OWEN-0310", day=date(2025, 3, 10)))
    api.post(Caller.PROVIDER, CLAIMS, w1_claim(id="CLM-OWEN-0303", day=date(2025, 3, 3)))

    reread = api.get(Caller.MEMBER_OTHER, f"{CLAIMS}/CLM-OWEN-0310").json()

    assert later.json()["visits_remaining"] == 11
    assert (reread["status"], reread["plan_pays"]) == ("paid", "115.00")
    assert reread["visits_remaining"] == 10


# Found by test_openapi_fuzz.py on PostgreSQL: each line may bill $9,999,999.99, but a claim's
# totals (determinations.member_owes, plan_pays) are stored in 32-bit integer columns.
THIRTY_MILLION_OUT_OF_NETWORK = w1_claim(
    provider_id=ROSA_DIAZ,
    lines=[a_line(date=f"2025-03-0{day}", billed="9999999.99") for day in (3, 4, 5)],
)


def test_a_claim_billing_thirty_million_is_answered_without_a_server_error(api: Api) -> None:
    response = api.post(Caller.MEMBER_SERVICES, CLAIMS, THIRTY_MILLION_OUT_OF_NETWORK)

    assert response.status_code == 201, response.text
    assert response.json()["member_owes"] == "29999999.97"
