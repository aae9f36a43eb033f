"""Pages through the real TestClient: sign-in, sessions, CSRF, authorization and navigation."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from web_cast import HANA, MARIA, MARIAS_DENIED_CLAIM, Site, csrf_of, sign_in

from camnav.services.ports import AuditOutcome

HREF = re.compile(r'href="(/[^"#]*)')


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_root_leads_to_a_sign_in_page_that_lists_the_demo_accounts(client: TestClient) -> None:
    page = client.get("/")

    assert page.url.path == "/signin"
    shown = text_of(page.text)
    assert "maria maria-demo member plan B member in Washington" in shown
    assert "dr.chen dr.chen-demo physician" in shown
    assert "riley riley-demo clinical reviewer" in shown
    assert "pat pat-demo plan administrator" in shown


@pytest.mark.parametrize(
    ("username", "home"),
    [("maria", "/member"), ("dr.chen", "/physician"), ("riley", "/staff"), ("sam", "/staff")],
)
def test_signing_in_opens_the_roles_home(client: TestClient, username: str, home: str) -> None:
    signed_in = sign_in(client, username)

    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == home
    cookie = signed_in.headers["set-cookie"]
    assert "camnav_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert client.get("/", follow_redirects=False).headers["location"] == home


def test_a_wrong_password_is_refused_on_the_sign_in_page(client: TestClient) -> None:
    form = client.get("/signin")
    answer = client.post(
        "/signin",
        data={"username": "maria", "password": "guess", "csrf_token": csrf_of(form)},
    )

    assert answer.status_code == 401
    assert "Wrong username or password." in answer.text


def test_the_sign_in_form_needs_its_own_csrf_token(client: TestClient) -> None:
    client.get("/signin")
    answer = client.post(
        "/signin", data={"username": "maria", "password": "maria-demo", "csrf_token": "forged"}
    )

    assert answer.status_code == 403
    assert "camnav_session" not in client.cookies


def test_a_post_without_the_sessions_csrf_token_is_refused(client: TestClient) -> None:
    sign_in(client, "dr.chen")
    letter = {"treatment": "Therapeutic massage", "duration_months": "12"}

    missing = client.post("/physician/referrals/RF-100001-2/letter", data=letter)
    forged = client.post(
        "/physician/referrals/RF-100001-2/letter", data={**letter, "csrf_token": "0" * 64}
    )

    assert (missing.status_code, forged.status_code) == (403, 403)
    assert "This form has expired or did not come from camnav" in missing.text


def test_an_htmx_post_sends_the_csrf_token_in_its_header(client: TestClient) -> None:
    sign_in(client, "maria")
    home = client.get("/member")
    token = re.search(r'"X-CSRF-Token": "([0-9a-f]+)"', home.text)
    assert token is not None
    visit = {"provider_id": "P-WA-MT-00044", "service_date": "2026-11-24", "billed": "144.00"}

    refused = client.post("/member/claims/precheck", data=visit, headers={"HX-Request": "true"})
    checked = client.post(
        "/member/claims/precheck",
        data=visit,
        headers={"HX-Request": "true", "X-CSRF-Token": token.group(1)},
    )

    assert refused.status_code == 403
    assert checked.status_code == 200
    assert "Pre-check: returned" in text_of(checked.text)


def test_a_session_ends_after_thirty_idle_minutes(client: TestClient, site: Site) -> None:
    sign_in(client, "maria")
    site.clock.advance(timedelta(minutes=29))
    assert client.get("/member", follow_redirects=False).status_code == 200

    site.clock.advance(timedelta(minutes=29))  # each request moved the end 30 minutes on
    assert client.get("/member", follow_redirects=False).status_code == 200

    site.clock.advance(timedelta(minutes=30, seconds=1))
    ended = client.get("/member", follow_redirects=False)
    assert ended.status_code == 303
    assert ended.headers["location"] == "/signin?expired=1"
    assert "Your session ended" in client.get("/signin?expired=1").text


def test_an_htmx_request_after_the_session_ended_is_sent_to_sign_in(
    client: TestClient, site: Site
) -> None:
    sign_in(client, "maria")
    site.clock.advance(timedelta(hours=1))

    answer = client.get("/member/estimate", headers={"HX-Request": "true"})

    assert answer.headers["HX-Redirect"] == "/signin?expired=1"


def test_signing_out_ends_the_session(client: TestClient) -> None:
    sign_in(client, "maria")
    home = client.get("/member")

    client.post("/signout", data={"csrf_token": csrf_of(home)})

    assert client.get("/member", follow_redirects=False).headers["location"] == "/signin"


def test_the_coverage_card_answers_with_the_plans_figures_and_clauses(
    client: TestClient,
) -> None:
    sign_in(client, "maria")

    card = client.get("/member").text
    shown = text_of(card)

    assert 'data-testid="verdict">Covered<' in card
    assert re.search(r'data-testid="cost-in_network">.*?\$35\.00.*?\$109\.00', card, re.S)
    assert 'data-testid="visits-left">3<' in card
    assert "You pay a $35.00 copay per visit. Plan clause" in shown
    assert "Benefit Summary 2026 §6 Massage therapy - $35 per visit, deductible waived" in shown
    assert (
        "Your referral RF-100001-2 expires on 2026-12-05; visits after that are not covered"
        in shown
    )
    assert "Deductible met $0.00 of $500.00 Out-of-pocket met $315.00 of $4,000.00" in shown


def test_a_member_cannot_open_another_members_claim_and_the_attempt_is_audited(
    client: TestClient, site: Site
) -> None:
    sign_in(client, "hana")

    page = client.get(f"/member/claims/{MARIAS_DENIED_CLAIM}")
    pdf = client.get(f"/documents/claims/{MARIAS_DENIED_CLAIM}/eob.pdf")

    assert (page.status_code, pdf.status_code) == (403, 403)
    assert "Not allowed" in page.text
    assert _nav(page.text) == {
        "/member",
        "/member/therapists",
        "/member/estimate",
        "/member/claims",
        "/member/referrals",
    }
    with site.context.units(write=False) as uow:
        latest = [record.event for record in uow.audit.for_member(MARIA, limit=2)]
    assert {(e.action, e.outcome, e.resource_id, e.actor_role) for e in latest} == {
        ("read claim", AuditOutcome.DENIED, MARIAS_DENIED_CLAIM, "member"),
        ("read explanation of benefits", AuditOutcome.DENIED, MARIAS_DENIED_CLAIM, "member"),
    }
    assert HANA not in {e.member_id for e in latest}


def test_pages_are_never_cached_framed_or_given_scripts_from_elsewhere(
    client: TestClient,
) -> None:
    sign_in(client, "maria")

    headers = client.get("/member").headers

    assert headers["cache-control"] == "no-store"
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert (
        "img-src 'self' data: https://tile.openstreetmap.org"
        in (headers["content-security-policy"])
    )


def test_a_member_is_kept_out_of_staff_and_physician_pages(client: TestClient) -> None:
    sign_in(client, "maria")

    assert client.get("/staff").status_code == 403
    assert client.get(f"/physician/patients/{MARIA}").status_code == 403
    assert client.get("/staff/members/M-100002").status_code == 403


def _links(html: str) -> set[str]:
    """The page's links to pages (downloads and sign-out are not pages)."""
    found = {urlsplit(unescape(href)).path for href in HREF.findall(html)}
    return {link for link in found if not link.startswith(("/documents/", "/static/", "/docs"))}


def _nav(html: str) -> set[str]:
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', html, re.S)
    assert nav is not None
    return _links(nav.group(1))


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("maria", 5),
        ("dr.chen", 2),
        ("pat", 6),
        ("riley", 6),
        ("sam", 4),
        ("therapist", 1),
    ],
)
def test_every_page_is_reachable_from_the_navigation(
    client: TestClient, username: str, expected: int
) -> None:
    """From the home page, every link leads to a page that answers and shows the same
    navigation; the navigation itself lists each of the role's sections."""
    sign_in(client, username)
    home = client.get("/")
    navigation = _nav(home.text)
    assert len(navigation) == expected
    seen: set[str] = set()
    waiting = sorted(navigation)
    while waiting and len(seen) < 40:
        path = waiting.pop(0)
        if path in seen or path == "/":
            continue
        seen.add(path)
        page = client.get(path)
        assert page.status_code == 200, (path, page.text[:300])
        assert _nav(page.text) == navigation, path
        waiting += sorted(_links(page.text) - seen)
    assert navigation <= seen


def test_an_amount_that_is_not_money_is_named_on_the_error_page(client: TestClient) -> None:
    sign_in(client, "maria")

    page = client.get("/member/estimate?charge=abc")

    assert page.status_code == 422
    assert "charge: not an amount of money: 'abc'" in unescape(page.text)


def test_the_dashboard_draws_the_demos_figures_and_writes_them_out(client: TestClient) -> None:
    sign_in(client, "pat")

    page = client.get("/staff")
    shown = text_of(page.text)

    assert page.text.count('<svg class="chart" role="img"') == 3
    assert "Auto-adjudication rate 99.6% 696 of 699 decided claims" in shown
    assert "paid 670 partially paid 3 pended 3 returned 3" in shown
    assert "CARC 3 491 CARC 45 319 CARC 1 226" in shown
    assert "acupuncture $12,830.00 chiropractic $2,776.00 massage $10,460.60" in shown
    assert "70 requests: 69 approved, 0 denied, 1 waiting. None was decided through" in shown
