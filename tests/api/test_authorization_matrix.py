"""Every endpoint x every caller -> the exact status, as one table; refusals are audited.

The callers are seen from Maria's records: `member-self` is Maria, `member-other` is Owen,
`physician-with-patient` is Dr. Reyes (Maria is her patient), `physician-without` is Dr. Cho
(Owen is his only patient), `provider` is Oak Street Massage's front desk (Maria's claim is theirs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from api_cast import (
    MARIA,
    MARIAS_CLAIM,
    MARIAS_REFERRAL,
    NOW,
    OAK_STREET,
    OWEN,
    PASSWORD,
    Api,
    Caller,
    bearer,
    claim_body,
    endpoints,
    referral_body,
    sign_in,
)
from httpx import Response

from camnav.services.ports import AuditEvent, AuditOutcome

# The order of the columns of EXPECTED below.
COLUMNS = (
    Caller.MEMBER_SELF,
    Caller.MEMBER_OTHER,
    Caller.PHYSICIAN_WITH_PATIENT,
    Caller.PHYSICIAN_WITHOUT,
    Caller.MEMBER_SERVICES,
    Caller.CLINICAL_REVIEWER,
    Caller.PLAN_ADMINISTRATOR,
    Caller.PROVIDER,
    Caller.ANONYMOUS,
)

V1 = "/api/v1"
MARIAS = f"{V1}/members/{MARIA}"
EARLIER_VISIT = claim_body(day=date(2025, 3, 3))
ZERO_UNITS = claim_body(day=date(2025, 3, 3), units=0)
MARIAS_CLM = f"{V1}/claims/{MARIAS_CLAIM}"
# Maria's request to be reimbursed, without its documents: returned with a checklist.
REIMBURSEMENT = {k: v for k, v in EARLIER_VISIT.items() if k != "lines"} | {
    "lines": [
        {"date": "2025-03-03", "code": "97124", "units": 4, "minutes": 60, "billed": "160.00"}
    ],
}
MARIAS_REF = f"{V1}/referrals/{MARIAS_REFERRAL}"
EXTENSION = {
    "visits": 6,
    "valid_from": "2025-04-01",
    "valid_to": "2025-06-30",
    "progress_notes": {"functional_improvement": True, "summary": "sits 60 minutes, was 20"},
}


@dataclass(frozen=True)
class Row:
    method: str
    url: str
    expected: str  # one status per caller, in the order of COLUMNS
    json: Any = None

    def status_for(self, caller: Caller) -> int:
        statuses = [int(status) for status in self.expected.split()]
        assert len(statuses) == len(COLUMNS), f"{self.method} {self.url}"
        return statuses[COLUMNS.index(caller)]

    def send(self, api: Api, caller: Caller) -> Response:
        return api.client.request(
            self.method, self.url, json=self.json, headers=api.headers(caller)
        )


# fmt: off
EXPECTED = [
    #                                                 self oth phy+ phy- ms  cr  pa prov anon
    Row("POST", f"{V1}/auth/token",                   "201 201 201 201 201 201 201 201 201",
        json={"username": "maria.lopez", "password": PASSWORD}),
    Row("POST", f"{V1}/auth/token",                   "401 401 401 401 401 401 401 401 401",
        json={"username": "maria.lopez", "password": "wrong"}),
    Row("POST", f"{V1}/auth/token",                   "422 422 422 422 422 422 422 422 422",
        json={"username": "maria.lopez"}),
    Row("GET", f"{V1}/auth/me",                       "200 200 200 200 200 200 200 200 401"),
    Row("GET", f"{V1}/members?q=Lopez",               "403 403 200 200 200 200 200 403 401"),
    Row("GET", MARIAS,                                "200 403 200 403 200 200 200 403 401"),
    Row("GET", f"{V1}/members/M-9999",                "403 403 403 403 404 404 404 403 401"),
    Row("GET", f"{MARIAS}/accumulators",              "200 403 200 403 200 200 200 403 401"),
    Row("GET", f"{MARIAS}/coverage?category=massage", "200 403 200 403 200 200 200 403 401"),
    Row("GET", f"{MARIAS}/coverage?category=yoga",    "422 422 422 422 422 422 422 422 401"),
    Row("GET", f"{MARIAS}/estimate?visits=4",         "200 403 200 403 200 200 200 403 401"),
    Row("GET", f"{MARIAS}/claims",                    "200 403 403 403 200 200 200 403 401"),
    Row("GET", f"{MARIAS}/referrals",                 "200 403 200 403 200 200 200 403 401"),
    Row("POST", f"{V1}/claims/precheck",              "200 403 403 403 200 403 200 200 401",
        json=EARLIER_VISIT),
    Row("POST", f"{V1}/claims",                       "201 403 403 403 201 403 201 201 401",
        json=EARLIER_VISIT),
    Row("POST", f"{V1}/claims",                       "422 422 422 422 422 422 422 422 401",
        json=ZERO_UNITS),
    Row("GET", f"{V1}/claims/{MARIAS_CLAIM}",         "200 403 403 403 200 200 200 200 401"),
    Row("GET", f"{V1}/claims/CLM-NONE",               "404 404 404 404 404 404 404 404 401"),
    Row("GET", f"{V1}/claims?member_id={MARIA}",      "200 403 403 403 200 200 200 403 401"),
    Row("GET", f"{V1}/claims",                        "200 200 403 403 200 200 200 200 401"),
    # The claims workflow: reimbursement requests, uploads, corrections, explanations, reviews,
    # appeals and payments.
    Row("POST", f"{V1}/claims/reimbursements",        "201 403 403 403 201 403 201 403 401",
        json=REIMBURSEMENT),
    Row("POST", f"{V1}/uploads",                      "422 422 422 422 422 422 422 422 401",
        json={}),
    Row("GET", f"{V1}/uploads/UPL-NONE",              "404 404 404 404 404 404 404 404 401"),
    Row("POST", f"{MARIAS_CLM}/corrections",          "200 403 403 403 200 403 200 200 401",
        json={"reason": "no change"}),
    Row("GET", f"{MARIAS_CLM}/adjustments",           "200 403 403 403 200 200 200 200 401"),
    Row("GET", f"{MARIAS_CLM}/eob",                   "200 403 403 403 200 200 200 200 401"),
    Row("GET", f"{MARIAS_CLM}/eob.pdf",               "200 403 403 403 200 200 200 200 401"),
    Row("GET", f"{MARIAS_CLM}/payments",              "200 403 403 403 200 200 200 200 401"),
    Row("GET", f"{MARIAS}/payments",                  "200 403 403 403 200 200 200 403 401"),
    Row("GET", f"{V1}/claim-reviews",                 "403 403 403 403 403 200 200 403 401"),
    Row("POST", f"{MARIAS_CLM}/review",               "403 403 403 403 403 409 409 403 401",
        json={"outcome": "approve", "reason": "credentials verified"}),
    Row("POST", f"{MARIAS_CLM}/appeals",              "422 403 403 403 422 403 403 422 401",
        json={"reason": "paid too little"}),
    Row("GET", f"{V1}/appeals",                       "403 403 403 403 403 200 200 403 401"),
    Row("GET", f"{V1}/appeals/APL-NONE",              "404 404 404 404 404 404 404 404 401"),
    Row("POST", f"{V1}/appeals/APL-NONE/decision",    "403 403 403 403 403 404 404 403 401",
        json={"outcome": "upheld", "reason": "the decision stands"}),
    Row("GET", f"{V1}/payments/reconciliation",       "403 403 403 403 200 200 200 403 401"),
    Row("GET", f"{V1}/reports/auto-adjudication",     "403 403 403 403 200 200 200 403 401"),
    Row("POST", f"{V1}/referrals",                    "403 403 201 403 403 201 201 403 401",
        json=referral_body()),
    Row("GET", f"{V1}/referrals/{MARIAS_REFERRAL}",   "200 403 200 403 200 200 200 403 401"),
    Row("GET", f"{V1}/referrals/R-NONE",              "404 404 404 404 404 404 404 404 401"),
    Row("GET", f"{MARIAS_REF}/decision-letter",       "200 403 200 403 200 200 200 403 401"),
    Row("GET", f"{MARIAS_REF}/decision-letter/pdf",   "200 403 200 403 200 200 200 403 401"),
    Row("POST", f"{MARIAS_REF}/extensions",           "403 403 201 403 403 201 201 403 401",
        json=EXTENSION),
    Row("POST", f"{MARIAS_REF}/appeals",              "409 403 409 403 409 409 409 403 401",
        json={"grounds": "records attached"}),
    Row("POST", f"{MARIAS_REF}/necessity-letter",     "403 403 201 403 403 403 403 403 401",
        json={}),
    Row("GET", f"{MARIAS}/episodes",                  "200 403 200 403 200 200 200 403 401"),
    Row("GET", f"{MARIAS}/letters",                   "200 403 200 403 200 200 200 403 401"),
    Row("GET", f"{V1}/letters/L-NONE",                "404 404 404 404 404 404 404 404 401"),
    Row("GET", f"{V1}/letters/L-NONE/pdf",            "404 404 404 404 404 404 404 404 401"),
    Row("GET", f"{V1}/reviews",                       "403 403 403 403 403 200 200 403 401"),
    Row("POST", f"{V1}/reviews/{MARIAS_REFERRAL}/decision",
                                                      "403 403 403 403 403 409 409 403 401",
        json={"status": "approved", "reason": "criteria met"}),
    Row("GET", f"{V1}/notifications",                 "200 200 200 200 200 200 200 200 401"),
    Row("POST", f"{V1}/notifications/999999/read",    "404 404 404 404 404 404 404 404 401"),
    Row("GET", f"{V1}/metrics/prior-authorization?from=2025-03-01&to=2025-03-31",
                                                      "403 403 403 403 403 200 200 403 401"),
    Row("GET", f"{V1}/plans",                         "200 200 200 200 200 200 200 200 401"),
    Row("GET", f"{V1}/plans/example-b",               "200 200 200 200 200 200 200 200 401"),
    Row("GET", f"{V1}/plans/example-z",               "404 404 404 404 404 404 404 404 401"),
    Row("GET", f"{V1}/providers/{OAK_STREET}",        "200 200 200 200 200 200 200 200 401"),
    Row("GET", f"{V1}/providers/P-9999",              "404 404 404 404 404 404 404 404 401"),
    Row("GET", f"{V1}/providers/search?zip=97214",    "200 200 200 200 200 200 200 200 401"),
    Row("GET", f"{V1}/providers/search?zip=97214&member_id={MARIA}",
                                                      "200 403 200 403 200 200 200 403 401"),
    Row("GET", f"{V1}/providers/licenses/expiring",   "403 403 403 403 200 200 200 403 401"),
    Row("GET", f"{V1}/providers/{OAK_STREET}/credential",
                                                      "200 200 200 200 200 200 200 200 401"),
    Row("GET", f"{V1}/providers/P-9999/credential",   "404 404 404 404 404 404 404 404 401"),
    Row("GET", f"{V1}/audit/verify",                  "403 403 403 403 403 403 200 403 401"),
    Row("GET", "/healthz",                            "200 200 200 200 200 200 200 200 200"),
    Row("GET", "/openapi.json",                       "200 200 200 200 200 200 200 200 200"),
    Row("GET", "/docs",                               "200 200 200 200 200 200 200 200 200"),
    Row("GET", "/docs/oauth2-redirect",               "200 200 200 200 200 200 200 200 200"),
    Row("GET", "/redoc",                              "200 200 200 200 200 200 200 200 200"),
    # Last: signing out ends the caller's token.
    Row("DELETE", f"{V1}/auth/token",                 "204 204 204 204 204 204 204 204 401"),
]
# fmt: on


def endpoint_of(row: Row, declared: set[str]) -> str:
    """The declared endpoint a row's request reaches: of those whose path matches, the one with
    the fewest parameters (/providers/search rather than /providers/{provider_id})."""
    path = row.url.split("?")[0]
    matching = [
        endpoint
        for endpoint in declared
        if endpoint.split(" ")[0] == row.method
        and re.fullmatch(re.sub(r"\{[a-z_]+\}", "[^/]+", endpoint.split(" ")[1]), path)
    ]
    fewest = min((endpoint.count("{") for endpoint in matching), default=0)
    most_specific = [endpoint for endpoint in matching if endpoint.count("{") == fewest]
    assert len(most_specific) == 1, f"{row.method} {row.url} reaches {matching}"
    return most_specific[0]


def test_every_endpoint_of_the_app_has_a_row_in_the_matrix(api: Api) -> None:
    declared = endpoints(api.app)

    assert {endpoint_of(row, declared) for row in EXPECTED} == declared


def test_every_caller_gets_exactly_the_status_of_the_table_and_the_audit_chain_holds(
    api: Api,
) -> None:
    checked_before = api.get(Caller.PLAN_ADMINISTRATOR, f"{V1}/audit/verify").json()["checked"]
    observed, not_problems = [], []
    for row in EXPECTED:
        statuses = []
        for caller in COLUMNS:
            response = row.send(api, caller)
            statuses.append(str(response.status_code))
            if response.status_code >= 400 and not is_problem(response):
                not_problems.append(f"{row.method} {row.url} as {caller}: {response.text}")
        observed.append(f"{row.method} {row.url}  {' '.join(statuses)}")

    assert observed == [
        f"{row.method} {row.url}  {' '.join(row.expected.split())}" for row in EXPECTED
    ]
    assert not_problems == []
    administrator = sign_in(api.client, Caller.PLAN_ADMINISTRATOR)  # the table signed everyone out
    verification = api.client.get(f"{V1}/audit/verify", headers=bearer(administrator))
    assert verification.status_code == 200
    assert verification.json()["ok"] is True
    assert verification.json()["first_bad_id"] is None
    assert verification.json()["checked"] > checked_before + len(EXPECTED)


def is_problem(response: Response) -> bool:
    """RFC 9457 problem details whose `status` is the response's."""
    return (
        response.headers["content-type"] == "application/problem+json"
        and response.json()["status"] == response.status_code
    )


def test_a_member_asking_for_another_members_claim_is_refused_and_the_attempt_audited(
    api: Api,
) -> None:
    response = api.get(Caller.MEMBER_OTHER, f"{V1}/claims/{MARIAS_CLAIM}")

    assert response.status_code == 403
    assert response.json()["detail"] == f"member owen.park may not read claim {MARIAS_CLAIM}"
    with api.units(write=False) as uow:
        latest = uow.audit.for_member(MARIA, limit=1)[0].event
    assert latest == AuditEvent(
        at=NOW,
        action="read claim",
        resource_type="claim",
        outcome=AuditOutcome.DENIED,
        actor_user_id=api.user_ids[Caller.MEMBER_OTHER],
        actor_role="member",
        resource_id=MARIAS_CLAIM,
        member_id=MARIA,
        detail={},
    )


READS_OF_MARIAS_DATA = [
    pytest.param(url, action, id=action)
    for url, action in [
        (MARIAS, "member.read"),
        (f"{MARIAS}/accumulators", "member.read"),
        (f"{MARIAS}/coverage?category=massage", "coverage.read"),
        (f"{MARIAS}/estimate?visits=2", "estimate.read"),
        (f"{MARIAS}/claims", "claim.list"),
        (f"{MARIAS}/referrals", "referral.list"),
        (f"{V1}/claims/{MARIAS_CLAIM}", "claim.read"),
        (f"{V1}/referrals/{MARIAS_REFERRAL}", "referral.read"),
        (f"{V1}/members?q=Lopez", "member.search"),
    ]
]


@pytest.mark.parametrize(("url", "action"), READS_OF_MARIAS_DATA)
def test_every_read_of_member_data_appends_one_success_event_naming_the_reader(
    api: Api, url: str, action: str
) -> None:
    before = audited(api, MARIA)

    response = api.get(Caller.CLINICAL_REVIEWER, url)

    assert response.status_code == 200
    after = audited(api, MARIA)
    assert len(after) == len(before) + 1
    assert (after[0].action, after[0].outcome, after[0].actor_user_id, after[0].actor_role) == (
        action,
        AuditOutcome.SUCCESS,
        api.user_ids[Caller.CLINICAL_REVIEWER],
        "clinical_reviewer",
    )


def test_three_coverage_reads_append_three_events_and_nothing_else(api: Api) -> None:
    before = audited(api, MARIA)

    for _ in range(3):
        response = api.get(Caller.PHYSICIAN_WITH_PATIENT, f"{MARIAS}/coverage?category=massage")
        assert response.status_code == 200

    after = audited(api, MARIA)
    assert len(after) == len(before) + 3
    assert after[3:] == before
    assert {(e.action, e.outcome, e.actor_user_id, e.resource_id) for e in after[:3]} == {
        ("coverage.read", AuditOutcome.SUCCESS, api.user_ids[Caller.PHYSICIAN_WITH_PATIENT], MARIA)
    }


def test_a_physician_refused_another_doctors_patient_leaves_only_a_denied_event(api: Api) -> None:
    before = audited(api, OWEN)

    response = api.get(Caller.PHYSICIAN_WITH_PATIENT, f"{V1}/members/{OWEN}/coverage")

    assert response.status_code == 403
    after = audited(api, OWEN)
    assert len(after) == len(before) + 1
    assert (after[0].action, after[0].outcome, after[0].actor_user_id) == (
        "read coverage of",
        AuditOutcome.DENIED,
        api.user_ids[Caller.PHYSICIAN_WITH_PATIENT],
    )


def test_a_signed_out_token_no_longer_works(api: Api) -> None:
    signed_out = api.client.delete(f"{V1}/auth/token", headers=api.headers(Caller.MEMBER_SELF))

    response = api.get(Caller.MEMBER_SELF, f"{V1}/auth/me")

    assert signed_out.status_code == 204
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def audited(api: Api, member_id: str) -> list[AuditEvent]:
    """The events about a member, newest first."""
    with api.units(write=False) as uow:
        return [record.event for record in uow.audit.for_member(member_id, limit=1000)]
