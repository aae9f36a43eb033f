"""A member's reimbursement request end to end through the API: documents uploaded, the claim
submitted, pended for a credential review, decided by a reviewer, explained, paid once."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from claims_cast import (
    HANA,
    JPEG,
    OAK_STREET,
    OWEN,
    PDF,
    PNG,
    PRAIRIE,
    Caller,
    reimbursement,
)
from claims_harness import Api
from pypdf import PdfReader
from sqlalchemy import func, select

from camnav.store.tables.members import AccumulatorEntryRow
from camnav.store.tables.uploads import UploadRow

REIMBURSEMENTS = "/api/v1/claims/reimbursements"


def upload_all(api: Api, caller: Caller = Caller.OWEN) -> list[str]:
    """Owen's itemized invoice (PDF), card statement (PNG) and receipt (JPEG)."""
    sent = [
        api.upload(caller, PDF, kind="itemized_bill", name="invoice.pdf"),
        api.upload(caller, PNG, kind="proof_of_payment", name="statement.png"),
        api.upload(caller, JPEG, kind="proof_of_payment", name="receipt.jpg"),
    ]
    assert [r.status_code for r in sent] == [201, 201, 201], [r.text for r in sent]
    return [r.json()["id"] for r in sent]


def ledger_rows(api: Api, claim_id: str) -> int:
    query = select(func.count()).where(AccumulatorEntryRow.claim_id == claim_id)
    return int(api.connection.scalar(query) or 0)


def test_a_pended_reimbursement_is_decided_by_a_reviewer_explained_and_paid_once(api: Api) -> None:
    uploads = upload_all(api)
    body = reimbursement(provider_id=PRAIRIE, day=date(2025, 3, 3), uploads=uploads)

    submitted = api.post(Caller.OWEN, REIMBURSEMENTS, body, **{"Idempotency-Key": "owen-1"})
    claim_id = submitted.json()["id"]
    queue = api.get(Caller.REVIEWER, "/api/v1/claim-reviews").json()["claims"]
    accumulators_while_pended = ledger_rows(api, claim_id)
    decided = api.post(
        Caller.REVIEWER,
        f"/api/v1/claims/{claim_id}/review",
        {"outcome": "approve", "reason": "Kansas: verified NCBTMB certification and liability"},
    )
    replay = api.post(Caller.OWEN, REIMBURSEMENTS, body, **{"Idempotency-Key": "owen-1"})
    eob = api.get(Caller.OWEN, f"/api/v1/claims/{claim_id}/eob")
    pdf = api.get(Caller.OWEN, f"/api/v1/claims/{claim_id}/eob.pdf")
    payments = api.get(Caller.OWEN, f"/api/v1/claims/{claim_id}/payments").json()["payments"]

    assert submitted.status_code == 201, submitted.text
    assert submitted.json()["status"] == "pended"
    assert submitted.json()["lines"][0]["carc"] == ["B7"]
    assert [c["id"] for c in queue] == [claim_id]
    assert accumulators_while_pended == 0  # nothing accumulates while a person decides
    assert decided.status_code == 200, decided.text
    assert decided.json()["claim"]["status"] == "paid"
    assert decided.json()["claim"]["plan_pays"] == "115.00"  # $140.00 allowed less the $25 copay
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json()["id"] == claim_id
    accumulators = api.get(Caller.OWEN, f"/api/v1/members/{OWEN}/accumulators").json()
    massage = next(limit for limit in accumulators["visit_limits"] if limit["id"] == "massage")
    assert massage["used"] == 1  # changed exactly once
    assert accumulators["accumulators"]["in_network"]["out_of_pocket_met"] == "25.00"
    assert [(p["kind"], p["amount"], p["payee"]) for p in payments] == [
        ("payment", "115.00", "member")
    ]
    assert eob.json()["status"] == "paid"
    line = eob.json()["lines"][0]
    assert (line["billed"], line["allowed"], line["copay"], line["plan_pays"]) == (
        "160.00",
        "140.00",
        "25.00",
        "115.00",
    )
    assert line["carc"] == ["3"] and line["reasons"][0]["plan_clause"]
    assert eob.json()["history"][0]["visits_used"] == 1
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Explanation of benefits" in text
    assert "115.00" in text and "CARC 3" in text and "Prairie Hands Massage" in text


def test_a_reviewer_who_cannot_verify_the_credentials_denies_with_carc_b7(api: Api) -> None:
    body = reimbursement(provider_id=PRAIRIE, day=date(2025, 3, 3), uploads=upload_all(api))
    claim_id = api.post(Caller.OWEN, REIMBURSEMENTS, body).json()["id"]

    denied = api.post(
        Caller.ADMINISTRATOR,
        f"/api/v1/claims/{claim_id}/review",
        {"outcome": "deny", "reason": "No certification on file with any board"},
    )

    assert denied.json()["claim"]["status"] == "denied"
    assert denied.json()["claim"]["lines"][0]["carc"][0] == "B7"
    assert denied.json()["claim"]["member_owes"] == "0.00"  # a contracted provider writes it off
    audit = api.get(Caller.ADMINISTRATOR, "/api/v1/audit/verify").json()
    assert audit["ok"] is True


@pytest.mark.parametrize(
    ("caller", "body", "status"),
    [
        (Caller.OWEN, {"outcome": "approve", "reason": "looks fine"}, 403),
        (Caller.MEMBER_SERVICES, {"outcome": "approve", "reason": "looks fine"}, 403),
        (Caller.REVIEWER, {"outcome": "approve", "reason": ""}, 422),
        (Caller.REVIEWER, {"outcome": "maybe", "reason": "unsure"}, 422),
    ],
)
def test_only_a_reviewer_decides_and_always_with_a_reason(
    api: Api, caller: Caller, body: dict[str, Any], status: int
) -> None:
    claim = reimbursement(provider_id=PRAIRIE, day=date(2025, 3, 3), uploads=upload_all(api))
    claim_id = api.post(Caller.OWEN, REIMBURSEMENTS, claim).json()["id"]

    response = api.post(caller, f"/api/v1/claims/{claim_id}/review", body)

    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


def test_a_decided_claim_is_not_reviewed_again(api: Api) -> None:
    paid = api.post(Caller.OWEN, REIMBURSEMENTS, reimbursement(uploads=upload_all(api))).json()

    again = api.post(
        Caller.REVIEWER, f"/api/v1/claims/{paid['id']}/review", {"outcome": "deny", "reason": "x"}
    )

    assert paid["status"] == "paid"
    assert again.status_code == 409


def test_missing_documents_and_fields_return_the_claim_with_a_checklist_and_a_deadline(
    api: Api,
) -> None:
    invoice = api.upload(Caller.OWEN, PDF).json()["id"]
    body = reimbursement(uploads=[invoice], bill={"provider_name": "Oak Street Massage"})
    body["bill"] |= {"npi": "1234567893"}

    returned = api.post(Caller.OWEN, REIMBURSEMENTS, body)
    eob = api.get(Caller.OWEN, f"/api/v1/claims/{returned.json()['id']}/eob").json()

    assert returned.json()["status"] == "returned"
    carcs = {carc for line in returned.json()["lines"] for carc in line["carc"]}
    assert carcs == {"16", "252"}
    texts = " ".join(r["text"] for r in eob["lines"][0]["reasons"])
    assert "proof_of_payment" in texts and "tin" in texts and "place_of_service" in texts
    assert eob["resubmit_by"] == "2026-03-10"  # 365 days after the date of service
    assert any("2026-03-10" in step for step in eob["next_steps"])


def test_a_returned_claim_sent_again_with_what_was_missing_is_paid(api: Api) -> None:
    invoice = api.upload(Caller.OWEN, PDF).json()["id"]
    body = reimbursement(uploads=[invoice])
    returned = api.post(Caller.OWEN, REIMBURSEMENTS, body).json()
    proof = api.upload(Caller.OWEN, PNG, kind="proof_of_payment", name="statement.png").json()

    resent = api.post(
        Caller.OWEN,
        f"/api/v1/claims/{returned['id']}/corrections",
        {"reason": "card statement attached", "uploads": [proof["id"]]},
    )
    adjustments = api.get(Caller.OWEN, f"/api/v1/claims/{returned['id']}/adjustments").json()

    assert returned["status"] == "returned"
    assert resent.status_code == 200, resent.text
    assert resent.json()["claim"]["status"] == "paid"
    assert [
        (a["cause"], a["status_before"], a["status_after"]) for a in adjustments["adjustments"]
    ] == [("correction", "returned", "paid")]


def test_a_bill_naming_another_providers_npi_is_refused(api: Api) -> None:
    body = reimbursement(uploads=upload_all(api))
    body["bill"]["npi"] = "1245319599"

    response = api.post(Caller.OWEN, REIMBURSEMENTS, body)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "bill.npi"


def test_a_member_may_not_claim_with_another_members_documents(api: Api) -> None:
    hanas = api.upload(Caller.HANA, PDF).json()["id"]

    response = api.post(Caller.OWEN, REIMBURSEMENTS, reimbursement(uploads=[hanas]))

    assert response.status_code == 403


def test_member_services_submits_for_a_member_with_documents_uploaded_for_them(api: Api) -> None:
    uploaded = api.upload(Caller.MEMBER_SERVICES, PDF, member_id=OWEN)
    proof = api.upload(Caller.MEMBER_SERVICES, PNG, kind="proof_of_payment", member_id=OWEN)
    body = reimbursement(uploads=[uploaded.json()["id"], proof.json()["id"]])

    response = api.post(Caller.MEMBER_SERVICES, REIMBURSEMENTS, body)

    assert response.status_code == 201
    assert (response.json()["status"], response.json()["submitter"]) == ("paid", "member")
    rows = api.connection.scalar(select(func.count()).select_from(UploadRow))
    assert rows == 2
    assert response.json()["provider_id"] == OAK_STREET and response.json()["member_id"] != HANA
