"""Late claims: a claim with an earlier date of service than claims already decided is decided
where it falls in date order, and the later claims are decided again, each change recorded as an
adjustment with its payment. So the same claims in any arrival order end the same."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from claims_cast import HANA, OWEN, YEAR_2025, Caller, provider_claim
from claims_harness import Api

from camnav.services.ports import AccumulatorEntry, AccumulatorKind

CLAIMS = "/api/v1/claims"
MARCH_10 = date(2025, 3, 10)


def used_visits(api: Api, member_id: str, visits: int) -> None:
    entries = [
        AccumulatorEntry(YEAR_2025, AccumulatorKind.LIMIT_VISIT, visits, key="massage"),
        AccumulatorEntry(YEAR_2025, AccumulatorKind.CATEGORY_VISIT, visits, key="massage"),
    ]
    with api.units() as uow:
        uow.members.append_accumulators(member_id, entries)
        uow.commit()


def submit(api: Api, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post(Caller.PROVIDER, CLAIMS, body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_a_late_claim_takes_the_last_visit_and_the_later_claim_is_denied_with_an_adjustment(
    api: Api,
) -> None:
    used_visits(api, OWEN, 11)
    later = submit(api, provider_claim(OWEN, MARCH_10, MARCH_10, "C-LATER"))

    earlier = submit(api, provider_claim(OWEN, date(2025, 3, 3), MARCH_10, "C-EARLIER"))

    redecided = api.get(Caller.OWEN, f"{CLAIMS}/C-LATER").json()
    adjustments = api.get(Caller.OWEN, f"{CLAIMS}/C-LATER/adjustments").json()["adjustments"]
    payments = api.get(Caller.OWEN, f"{CLAIMS}/C-LATER/payments").json()["payments"]
    accumulators = api.get(Caller.OWEN, f"/api/v1/members/{OWEN}/accumulators").json()
    reconciliation = api.get(Caller.ADMINISTRATOR, "/api/v1/payments/reconciliation").json()
    assert (later["status"], later["plan_pays"]) == ("paid", "115.00")
    assert (earlier["status"], earlier["plan_pays"]) == ("paid", "115.00")
    assert (redecided["status"], redecided["lines"][0]["carc"]) == ("denied", ["119"])
    assert [
        (a["cause"], a["caused_by"], a["plan_pays_before"], a["plan_pays_after"])
        for a in adjustments
    ] == [("earlier_claim", "C-EARLIER", "115.00", "0.00")]
    assert [(p["kind"], p["amount"], p["version"]) for p in payments] == [
        ("payment", "115.00", 1),
        ("adjustment", "-115.00", 2),
    ]
    massage = next(limit for limit in accumulators["visit_limits"] if limit["id"] == "massage")
    assert (massage["used"], massage["left"]) == (12, 0)
    assert accumulators["accumulators"]["in_network"]["out_of_pocket_met"] == "25.00"
    assert reconciliation["balanced"] is True


def test_a_corrected_claim_gives_back_what_it_had_taken(api: Api) -> None:
    used_visits(api, OWEN, 11)
    submit(api, provider_claim(OWEN, date(2025, 3, 3), MARCH_10, "C-FIRST"))
    submit(api, provider_claim(OWEN, MARCH_10, MARCH_10, "C-SECOND"))  # denied: no visit left

    corrected = api.post(
        Caller.PROVIDER,
        f"{CLAIMS}/C-FIRST/corrections",
        {
            "reason": "billed under the wrong code",
            "lines": [dict(date="2025-03-03", code="97799", units=1, minutes=15, billed="40.00")],
        },
    )
    second = api.get(Caller.OWEN, f"{CLAIMS}/C-SECOND").json()

    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["claim"]["status"] == "denied"  # an unknown procedure
    assert second["status"] == "paid"  # the visit C-FIRST no longer takes
    assert [a["claim_id"] for a in corrected.json()["adjustments"]] == ["C-SECOND"]
    accumulators = api.get(Caller.OWEN, f"/api/v1/members/{OWEN}/accumulators").json()
    massage = next(limit for limit in accumulators["visit_limits"] if limit["id"] == "massage")
    assert massage["used"] == 12
    assert accumulators["accumulators"]["in_network"]["out_of_pocket_met"] == "25.00"


# Hana (plan C) has met $1,500.00 of her $1,650.00 deductible: these visits cross it, so what each
# pays depends on the order in which they are decided.
HANAS_CLAIMS = [
    provider_claim(HANA, date(2025, 3, 3), date(2025, 3, 4), "H-1"),
    provider_claim(HANA, date(2025, 3, 5), date(2025, 3, 6), "H-2", units=3, billed="120.00"),
    provider_claim(HANA, date(2025, 3, 7), date(2025, 3, 7), "H-3", units=2, billed="80.00"),
    provider_claim(HANA, date(2025, 3, 7), date(2025, 3, 8), "H-3-AGAIN", units=2, billed="80.00"),
]


def outcome_of(api: Api, arrival: tuple[dict[str, Any], ...]) -> dict[str, object]:
    """Each claim's decision and payments, and the member's accumulators, after this arrival."""
    savepoint = api.connection.begin_nested()
    try:
        for body in arrival:
            submit(api, body)
        claims = {
            body["id"]: api.get(Caller.HANA, f"{CLAIMS}/{body['id']}").json() for body in arrival
        }
        paid = {
            claim_id: sum(
                float(p["amount"])
                for p in api.get(Caller.HANA, f"{CLAIMS}/{claim_id}/payments").json()["payments"]
            )
            for claim_id in claims
        }
        return {
            "decisions": {
                claim_id: (c["status"], c["plan_pays"], c["member_owes"])
                for claim_id, c in claims.items()
            },
            "paid": paid,
            "accumulators": api.get(Caller.HANA, f"/api/v1/members/{HANA}/accumulators").json(),
            "reconciled": api.get(Caller.ADMINISTRATOR, "/api/v1/payments/reconciliation").json()[
                "balanced"
            ],
        }
    finally:
        savepoint.rollback()


def test_the_same_claims_in_any_arrival_order_end_with_the_same_payments_and_accumulators(
    api: Api,
) -> None:
    in_date_order = outcome_of(api, tuple(HANAS_CLAIMS))
    orders = list(itertools.permutations(HANAS_CLAIMS))
    arrivals = [*orders[1::6], orders[-1]]  # four more orders and the reverse

    assert in_date_order["decisions"] == {
        "H-1": ("paid", "0.00", "140.00"),  # $140.00 to the deductible ($1,640.00 met)
        "H-2": ("paid", "76.00", "29.00"),  # $10.00 deductible + 20 % of $95.00
        "H-3": ("paid", "56.00", "14.00"),
        "H-3-AGAIN": ("denied", "0.00", "0.00"),  # received after H-3: the duplicate
    }
    assert in_date_order["reconciled"] is True
    for arrival in arrivals:
        assert outcome_of(api, arrival) == in_date_order, [body["id"] for body in arrival]
