"""Letters as JSON and PDF carry every required element (the PDF text is read back with pypdf);
who may read and sign them; every read of a letter is audited."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader
from referral_cast import GEORGE, HANA, MARIA, Api, Who, georges_authorization, referral_body

from camnav.services.ports import AuditOutcome


def pdf_text(api: Api, who: Who, url: str) -> str:
    response = api.get(who, url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_a_denial_letter_states_the_specific_reason_citation_appeal_rights_and_deadline(
    api: Api,
) -> None:
    denied = api.refer(referral_body(diagnoses=["Z73.3"]))
    url = f"/api/v1/referrals/{denied['id']}/decision-letter"

    letter = api.get(Who.MARIA, url).json()
    text = pdf_text(api, Who.MARIA, f"{url}/pdf")

    assert letter["status"] == "denied"
    assert letter["appeal"] == {
        "deadline": "2025-09-06",
        "citation": "EOC 2025 §8.2 You may appeal a referral or authorization decision "
        "within 180 days of the notice",
    }
    for element in (
        "Denial of your referral",
        "Maria Lopez (M-1001)",
        "Dr. Ana Reyes, MD",
        "Reason: Stress reduction alone is not medically necessary care under the plan (Z73.3).",
        "Citation: EOC 2025 §4.10(b) Medically necessary massage therapy",
        "Your right to appeal",
        "Appeal deadline: 2025-09-06",
        "no later than 2025-09-06",
        "Citation: EOC 2025 §8.2 You may appeal",
    ):
        assert element in text, element


def test_an_approval_letter_states_the_authorization_and_the_appeal_window(api: Api) -> None:
    approved = api.refer(georges_authorization())
    url = f"/api/v1/referrals/{approved['id']}/decision-letter"

    letter = api.get(Who.DR_REYES, url).json()
    text = pdf_text(api, Who.DR_REYES, f"{url}/pdf")

    assert letter["authorization"] == {
        "number": approved["id"],
        "visits": 8,
        "valid_from": "2025-03-10",
        "valid_to": "2025-06-01",
    }
    assert letter["appeal"]["deadline"] == "2025-05-14"  # plan G: 65 days
    for element in (
        "Approval of your referral",
        f"Authorization number: {approved['id']}",
        "Visits authorized: 8",
        "Valid from: 2025-03-10",
        "Valid to: 2025-06-01",
        "Appeal deadline: 2025-05-14",
    ):
        assert element in text, element


def test_a_reviewers_denial_letter_gives_the_reviewers_reason_and_clause(api: Api) -> None:
    pended = api.refer(referral_body(conventional_treatments=[]))
    reason = "No conventional treatment was tried; start with physical therapy."
    api.post(
        Who.REVIEWER,
        f"/api/v1/reviews/{pended['id']}/decision",
        {"status": "denied", "reason": reason},
    )

    letter = api.get(Who.MARIA, f"/api/v1/referrals/{pended['id']}/decision-letter").json()

    assert letter["reasons"] == [
        {
            "code": "clinical_review",
            "text": reason,
            "citation": "EOC 2025 §4.10(b) Medically necessary massage therapy",
        }
    ]


def test_a_pended_referral_has_no_decision_letter_yet(api: Api) -> None:
    pended = api.refer(referral_body(conventional_treatments=[]))

    response = api.get(Who.MARIA, f"/api/v1/referrals/{pended['id']}/decision-letter")

    assert response.status_code == 409


def sign(api: Api, referral_id: str, who: Who = Who.DR_REYES, **body: Any) -> Any:
    return api.post(who, f"/api/v1/referrals/{referral_id}/necessity-letter", body)


def test_the_letter_of_medical_necessity_carries_every_element(api: Api) -> None:
    approved = api.refer(referral_body(member_id=HANA, diagnoses=["M79.7", "G89.29"]))
    response = sign(
        api,
        approved["id"],
        treatment="therapeutic massage (97124)",
        frequency="once a week",
        duration_months=6,
        employer="Cascade Logistics",
    )
    assert response.status_code == 201, response.text
    letter = response.json()

    text = pdf_text(api, Who.DR_REYES, f"/api/v1/letters/{letter['id']}/pdf")

    assert (letter["date"], letter["valid_through"]) == ("2025-03-10", "2025-09-10")
    assert letter["signature"]["signed_at"] == "2025-03-10T12:00:00+00:00"
    for element in (
        "Letter of medical necessity",
        "Patient: Hana Kim",
        "Participant: Hana Kim",
        "Employer: Cascade Logistics",
        "Medical condition: M79.7 Fibromyalgia; G89.29 Other chronic pain",
        "Recommended treatment: therapeutic massage (97124)",
        "Frequency: once a week",
        "Duration: 6 months",
        "Date: 2025-03-10",
        "Valid through: 2025-09-10",
        "Provider: Dr. Ana Reyes, MD",
        "NPI: 1467523841",
        "E-signature: Electronically signed by Dr. Ana Reyes, MD",
        "Signed at: 2025-03-10T12:00:00+00:00",
    ):
        assert element in text, element


def test_a_letter_of_medical_necessity_lasts_twelve_months_when_no_duration_is_stated(
    api: Api,
) -> None:
    approved = api.refer(referral_body())

    letter = sign(api, approved["id"]).json()

    assert (letter["duration_months"], letter["valid_through"]) == (12, "2026-03-10")
    assert letter["frequency"] == "once a week"  # from the referral
    assert api.get(Who.MARIA, f"/api/v1/members/{MARIA}/letters").json()["letters"] == [letter]


def test_the_coverage_answer_names_the_letter_for_hsa_fsa_money(api: Api) -> None:
    approved = api.refer(referral_body(member_id=HANA))
    letter = sign(api, approved["id"]).json()

    answer = api.get(
        Who.DR_REYES, f"/api/v1/members/{HANA}/coverage", category="massage", on="2025-03-10"
    ).json()

    hsa = next(a for a in answer["alternatives"] if a["topic"] == "alt_hsa_fsa")
    assert hsa["params"]["letter"] == letter["id"]


def test_only_the_patients_own_physician_signs_and_only_an_approved_referral(api: Api) -> None:
    approved = api.refer(referral_body())
    denied = api.refer(referral_body(diagnoses=["Z73.3"]))

    for who in (Who.DR_CHO, Who.REVIEWER, Who.MARIA, Who.ADMINISTRATOR):
        assert sign(api, approved["id"], who).status_code == 403
    assert sign(api, denied["id"]).status_code == 409
    assert sign(api, "R-NONE").status_code == 404


def test_a_member_reads_only_their_own_letters_and_the_refusal_is_audited(api: Api) -> None:
    approved = api.refer(referral_body())
    letter = sign(api, approved["id"]).json()
    url = f"/api/v1/letters/{letter['id']}"

    assert api.get(Who.MARIA, url).status_code == 200
    assert api.get(Who.OWEN, url).status_code == 403
    assert api.get(Who.OWEN, f"{url}/pdf").status_code == 403
    assert (
        api.get(Who.DR_CHO, f"/api/v1/referrals/{approved['id']}/decision-letter").status_code
        == 403
    )
    assert api.get(Who.MEMBER_SERVICES, url).status_code == 200
    with api.units(write=False) as uow:
        events = [r.event for r in uow.audit.for_member(MARIA, limit=50)]
    refused = [e for e in events if e.outcome is AuditOutcome.DENIED]
    assert {(e.action, e.resource_id) for e in refused} >= {("read letter", letter["id"])}
    reads = [e for e in events if e.action == "letter.necessity.read"]
    assert len(reads) == 2  # Maria and member services


def test_reading_and_writing_referrals_is_audited_per_member(api: Api) -> None:
    found = api.refer(georges_authorization())
    api.get(Who.DR_REYES, f"/api/v1/referrals/{found['id']}")
    api.get(Who.REVIEWER, f"/api/v1/members/{GEORGE}/episodes")

    with api.units(write=False) as uow:
        actions = [r.event.action for r in uow.audit.for_member(GEORGE, limit=10)]

    assert actions[:3] == ["episode.list", "referral.read", "referral.create"]
