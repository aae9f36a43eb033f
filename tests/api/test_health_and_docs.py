"""The health check, the OpenAPI document and the one error shape (RFC 9457 problem details)."""

from __future__ import annotations

import pytest
from api_cast import MARIA, MARIAS_CLAIM, Api, Caller, claim_body, endpoints, referral_body
from httpx import Response

PROBLEM_JSON = "application/problem+json"


def test_the_health_check_answers_ok_without_signing_in(api: Api) -> None:
    response = api.get(Caller.ANONYMOUS, "/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_the_openapi_document_lists_every_route_the_app_serves(api: Api) -> None:
    response = api.get(Caller.ANONYMOUS, "/openapi.json")

    assert response.status_code == 200
    document = response.json()
    listed = {
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method in operations
    }
    assert listed == endpoints(api.app, documented_only=True)
    assert listed >= {"GET /healthz", "GET /api/v1/members/{member_id}/coverage"}
    assert document["info"]["title"] == "camnav"


def test_every_api_operation_but_sign_in_asks_for_a_bearer_token(api: Api) -> None:
    document = api.get(Caller.ANONYMOUS, "/openapi.json").json()

    unprotected = {
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if path.startswith("/api/v1/") and {"HTTPBearer": []} not in operation.get("security", [])
    }

    assert unprotected == {"POST /api/v1/auth/token"}
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_api_documentation_pages_are_served(api: Api, page: str) -> None:
    response = api.get(Caller.ANONYMOUS, page)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "/openapi.json" in response.text


def send(api: Api, case: str) -> tuple[int, Response]:
    """One request per way to fail, and the path it went to."""
    member = f"/api/v1/members/{MARIA}"
    match case:
        case "no such route":
            return 404, api.get(Caller.MEMBER_SELF, "/api/v1/nowhere")
        case "no such method":
            return 405, api.client.put("/api/v1/claims", headers=api.headers(Caller.MEMBER_SELF))
        case "no token":
            return 401, api.get(Caller.ANONYMOUS, member)
        case "unknown token":
            return 401, api.client.get(member, headers={"Authorization": "Bearer nope"})
        case "not a bearer":
            return 401, api.client.get(member, headers={"Authorization": "Basic bWFyaWE6cHc="})
        case "someone else's records":
            return 403, api.get(Caller.MEMBER_OTHER, member)
        case "no such claim":
            return 404, api.get(Caller.MEMBER_SELF, "/api/v1/claims/CLM-NONE")
        case "bad query":
            return 422, api.get(Caller.MEMBER_SELF, f"{member}/coverage?on=yesterday")
        case "bad body":
            return 422, api.post(Caller.MEMBER_SELF, "/api/v1/claims", claim_body(units=0))
        case "not json":
            return 422, api.client.post(
                "/api/v1/claims",
                content=b"{not json",
                headers=api.headers(Caller.MEMBER_SELF, **{"Content-Type": "application/json"}),
            )
    raise AssertionError(case)


FAILURES = [
    "no such route",
    "no such method",
    "no token",
    "unknown token",
    "not a bearer",
    "someone else's records",
    "no such claim",
    "bad query",
    "bad body",
    "not json",
]


@pytest.mark.parametrize("case", FAILURES)
def test_every_failure_is_problem_details_with_its_status(api: Api, case: str) -> None:
    status, response = send(api, case)

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    problem = response.json()
    assert problem["type"] == "about:blank"
    assert problem["status"] == status
    assert problem["title"]
    assert problem["detail"]
    assert problem["instance"] == response.request.url.path


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("no token", "Authorization"),
        ("unknown token", "Authorization"),
        ("bad query", "on"),
        ("bad body", "lines[0].units"),
    ],
)
def test_a_failure_caused_by_one_input_names_it(api: Api, case: str, field: str) -> None:
    _, response = send(api, case)

    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_an_unauthenticated_answer_says_how_to_authenticate(api: Api) -> None:
    _, response = send(api, "no token")

    assert response.headers["www-authenticate"] == "Bearer"


# Found by test_openapi_fuzz.py on PostgreSQL, whose text columns cannot hold NUL: each was a 500.
NUL_INPUTS = [
    pytest.param(
        "POST", "/api/v1/auth/token", {"username": "maria\x00", "password": "x"}, "username",
        id="sign-in username",
    ),
    pytest.param("GET", "/api/v1/members?q=Lo%00pez", None, "q", id="member search"),
    pytest.param(
        "POST", "/api/v1/referrals", referral_body(frequency="weekly\x00"), "frequency",
        id="referral frequency",
    ),
    pytest.param(
        "POST",
        "/api/v1/referrals",
        referral_body(conventional_treatments=["physical therapy\x00"]),
        "conventional_treatments",
        id="treatment tried",
    ),
    pytest.param(
        "POST", f"/api/v1/claims/{MARIAS_CLAIM}/corrections", {"reason": "\x00"}, "reason",
        id="correction reason",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("method", "url", "body", "field"), NUL_INPUTS)
def test_a_nul_character_is_refused_naming_the_field(
    api: Api, method: str, url: str, body: object, field: str
) -> None:
    headers = api.headers(Caller.PLAN_ADMINISTRATOR)

    response = api.client.request(method, url, json=body, headers=headers)

    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]
