"""Each role's main journey in Debian's chromium (headless), through the real app served by
uvicorn over a copy of the demo; screenshots of the key pages go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect
from pypdf import PdfReader
from web_cast import MARIA, SCREENSHOTS, TODAY, Site

from camnav.services.accounts import sign_in as sign_in_service
from camnav.services.referrals import NewReferral, create_referral

THERAPIST = "Catherine Zhang, LMT"
# A tile the map can show without the internet: Leaflet's own marker image.
TILE = (
    Path(__file__).resolve().parents[2]
    / "src/camnav/web/static/vendor/leaflet/images/marker-icon.png"
).read_bytes()
A_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def signed_in(browser: Browser, server: str, username: str, **options: object) -> Page:
    """Open camnav, pick the demo account from the sign-in page's list, sign in."""
    page = browser.new_page(**options)  # type: ignore[arg-type]
    page.goto(server)
    expect(page).to_have_url(f"{server}/signin")
    page.get_by_role("button", name=f"Use {username}", exact=True).click()
    expect(page.get_by_label("Password")).to_have_value(f"{username}-demo")
    page.get_by_role("button", name="Sign in").click()
    return page


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def test_a_member_checks_coverage_finds_a_therapist_and_is_reimbursed(
    browser: Browser, server: str, screenshots: Path, tmp_path: Path
) -> None:
    page = signed_in(browser, server, "maria")
    tiles: list[str] = []

    def serve_tile(route: Route) -> None:
        tiles.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=TILE)

    page.route("https://tile.openstreetmap.org/**", serve_tile)

    # Is massage covered for me? Covered, $35.00 a visit, 3 visits left; the clause on expand.
    expect(page.get_by_test_id("verdict")).to_have_text("Covered")
    expect(page.get_by_test_id("cost-in_network")).to_contain_text("$35.00")
    expect(page.get_by_test_id("visits-left")).to_have_text("3")
    clause = page.get_by_text(
        "Benefit Summary 2026 §6 Massage therapy - $35 per visit, deductible waived"
    ).first
    expect(clause).to_be_hidden()
    page.get_by_text("You pay a $35.00 copay per visit.").click()
    expect(clause).to_be_visible()
    shot(page, "member-coverage")

    # What-if: four weekly visits from today.
    page.get_by_role("link", name="Cost estimator").click()
    page.get_by_label("Number of visits").fill("4")
    page.get_by_role("button", name="Estimate").click()
    expect(page.get_by_test_id("estimate-total")).to_have_text("$70.00")
    shot(page, "member-estimate")

    # Find a therapist: the list, and the map from OpenStreetMap tiles.
    page.get_by_role("link", name="Find a therapist").click()
    rows = page.get_by_test_id("therapists").locator("tbody tr")
    expect(rows).to_have_count(10)
    expect(rows.first).to_contain_text("Emma Petrov, LMT")
    expect(rows.first).to_contain_text("6.6 mi")
    expect(rows.first).to_contain_text("$35.00")
    expect(rows.first).to_contain_text("licensed")
    expect(page.locator("#map")).to_be_visible()
    expect(page.locator("#map img.leaflet-marker-icon")).to_have_count(10)
    # Tiles load after the markers: wait for one to show before counting the requests.
    expect(page.locator("#map img.leaflet-tile-loaded").first).to_be_visible()
    assert tiles and all(t.startswith("https://tile.openstreetmap.org/") for t in tiles)
    shot(page, "member-therapists")
    page.get_by_role("link", name=f"Ask for reimbursement for a visit with {THERAPIST}").click()

    # The reimbursement form, pre-checked before it is sent.
    expect(page.get_by_label("Therapist or practice name")).to_have_value(THERAPIST)
    page.get_by_label("Date of the visit").fill((TODAY - timedelta(days=2)).isoformat())
    page.get_by_label("Amount billed ($)").fill("144.00")
    page.get_by_label("Amount you paid ($)").fill("144.00")
    page.get_by_label("Diagnosis codes on the bill").fill("M54.2")
    page.get_by_label("Address").fill("12 Pine Street, Redmond WA 98052")
    page.get_by_label("Tax id (TIN)").fill("91-1234567")
    page.get_by_label("Therapist's license number").fill("MA60010450")
    bill, receipt, referral = (tmp_path / f"{n}.pdf" for n in ("bill", "receipt", "referral"))
    for file in (bill, receipt, referral):
        file.write_bytes(A_PDF)
    page.get_by_label("Itemized bill").set_input_files(bill)
    page.get_by_label("Proof of payment").set_input_files(receipt)
    page.get_by_role("button", name="Pre-check").click()
    precheck = page.get_by_test_id("precheck")
    expect(precheck).to_contain_text("Pre-check: returned")
    expect(precheck).to_contain_text("A required document is missing: referral_copy.")
    page.get_by_label("Copy of the referral or prescription").set_input_files(referral)
    page.get_by_role("button", name="Pre-check").click()
    expect(precheck).to_contain_text("Pre-check: paid")
    expect(precheck).to_contain_text("the plan would pay $109.00 and you would pay $35.00")
    shot(page, "member-claim-precheck")
    page.get_by_role("button", name="Send the request").click()

    # The decision, its timeline, and the explanation of benefits to download.
    expect(page).to_have_url(re.compile(r"/member/claims/CLM-[0-9A-F]{16}$"))
    expect(page.get_by_test_id("claim-status")).to_have_text("Paid")
    expect(page.get_by_test_id("plan-pays")).to_have_text("$109.00")
    expect(page.get_by_test_id("member-pays")).to_have_text("$35.00")
    expect(page.locator(".timeline li").first).to_contain_text("Received")
    expect(page.locator(".timeline")).to_contain_text("Paid")
    expect(page.locator(".timeline")).to_contain_text("$109.00 to member")
    claim_id = page.url.rsplit("/", 1)[1]
    shot(page, "member-claim")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the explanation of benefits (PDF)").click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF-")
    assert claim_id in pdf_text(content)
    assert download.value.suggested_filename == f"eob-{claim_id}.pdf"

    # Referrals and letters.
    page.get_by_role("link", name="Referrals and letters").click()
    expect(page.get_by_test_id("referrals")).to_contain_text("RF-100001-2")
    shot(page, "member-referrals")
    page.close()


def test_a_physician_refers_a_patient_and_issues_a_letter_of_medical_necessity(
    browser: Browser, server: str, screenshots: Path
) -> None:
    page = signed_in(browser, server, "dr.chen")

    page.get_by_label("Name or member id").fill("Lopez")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Maria Lopez").click()
    expect(page.get_by_test_id("verdict")).to_have_text("Covered")
    page.get_by_label("Diagnosis codes (ICD-10-CM)").fill("M54.2 M62.830")
    page.get_by_label("Visits").fill("8")
    page.get_by_label("Conventional treatments already tried, one a line").fill(
        "Physical therapy for 6 weeks, partial relief"
    )
    shot(page, "physician-patient")
    page.get_by_role("button", name="Send the referral").click()

    expect(page.get_by_test_id("referral-status")).to_have_text("Approved")
    expect(page.get_by_test_id("reasons")).to_contain_text("Every criterion of the plan is met.")
    referral_id = page.locator("h1").inner_text().removeprefix("Referral ")
    shot(page, "physician-referral-decision")

    page.get_by_role("link", name="Back to the patient").click()
    row = page.get_by_test_id("referrals").locator("tr", has_text=referral_id)
    expect(row).to_contain_text("8 of 8")
    row.get_by_text("Issue a letter").click()
    row.get_by_role("button", name=f"Sign the letter for {referral_id}").click()
    expect(page.get_by_role("status")).to_contain_text("issued")
    letter = page.get_by_test_id("letters").locator("li").last
    with page.expect_download() as download:
        letter.get_by_role("link").click()
    assert "Maria Lopez" in pdf_text(Path(download.value.path()).read_bytes())
    shot(page, "physician-letters")

    page.get_by_role("link", name="Referrals", exact=True).click()
    mine = page.get_by_test_id("physician-referrals").locator("tr", has_text=referral_id)
    expect(mine).to_contain_text("approved")
    expect(mine).to_contain_text("2027-02-17 (in 83 days)")
    expect(mine).to_contain_text("8 of 8")
    shot(page, "physician-referrals")
    page.close()


@pytest.fixture
def pended_referral(site: Site) -> str:
    """Dr. Chen asks 16 visits for Maria without the treatments tried: the rules pend it."""
    chen = sign_in_service(site.context, "dr.chen", "dr.chen-demo", session=False).actor
    request = NewReferral(MARIA, "massage", ("M54.2",), 16, TODAY, date(2027, 2, 17))
    outcome = create_referral(site.context, chen, request, None, lambda decided: None)
    assert outcome.result is not None
    return outcome.result.record.referral.id


def test_staff_decide_a_pended_claim_and_a_pended_referral(
    browser: Browser, server: str, screenshots: Path, pended_referral: str
) -> None:
    page = signed_in(browser, server, "riley")

    page.get_by_role("link", name="Referral reviews").click()
    card = page.get_by_test_id(f"review-{pended_referral}")
    expect(card).to_contain_text("hours left")
    expect(card).to_contain_text("standard")
    expect(card).to_contain_text("Pended by rules")
    expect(card.locator(".statements li")).to_have_count(2)
    shot(page, "staff-referral-queue")
    card.get_by_label("Approve").check()
    card.get_by_label("Reason (goes into the letter)").fill(
        "Physical therapy was tried; 12 visits are enough for a first course."
    )
    card.get_by_label("Visits granted (optional, fewer than asked)").fill("12")
    card.get_by_role("button", name=f"Decide {pended_referral}").click()
    expect(page.get_by_role("status")).to_have_text(f"Referral {pended_referral} decided.")
    expect(page.get_by_test_id(f"review-{pended_referral}")).to_have_count(0)

    page.get_by_role("link", name="Claim reviews").click()
    expect(page.get_by_text("3 pended claims, the longest waiting first.")).to_be_visible()
    claim = page.locator("[data-testid^=pended-]").first
    claim_id = (claim.get_attribute("data-testid") or "").removeprefix("pended-")
    shot(page, "staff-claim-queue")
    claim.get_by_label("Approve (credentials verified)").check()
    claim.get_by_label("Reason").fill("License verified with the state board.")
    claim.get_by_role("button", name=f"Decide {claim_id}").click()
    expect(page.get_by_role("status")).to_have_text(f"Claim {claim_id} decided.")
    expect(page.get_by_text("2 pended claims, the longest waiting first.")).to_be_visible()

    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Claims by status")).to_be_visible()
    expect(page.locator("svg.chart")).to_have_count(4)
    shot(page, "staff-dashboard")
    page.get_by_role("link", name="Members").click()
    page.get_by_label("Name or member id").fill("Maria")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Maria Lopez").click()
    expect(page.get_by_test_id("verdict")).to_have_text("Covered")
    shot(page, "staff-member")
    page.get_by_role("link", name="Plans").click()
    page.get_by_role("link", name="Example Health Washington HMO").first.click()
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_test_id("diff")).to_contain_text("Benefit Summary 2026")
    shot(page, "staff-plan-compare")
    page.get_by_role("link", name="Credentialing").click()
    shot(page, "staff-credentialing")
    page.close()


def test_a_phone_width_screen_shows_every_page_without_sideways_scrolling(
    browser: Browser, server: str, screenshots: Path
) -> None:
    page = signed_in(browser, server, "maria", viewport={"width": 390, "height": 844})
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())

    for path, name in [
        ("/member", "phone-coverage"),
        ("/member/therapists", "phone-therapists"),
        ("/member/estimate", "phone-estimate"),
        ("/member/claims/new", "phone-claim-form"),
    ]:
        page.goto(server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        shot(page, name)

    # Offline (no tile loads): the map gives way, the list stays.
    page.goto(server + "/member/therapists")
    expect(page.locator("#map")).to_be_hidden()
    expect(page.locator("#map-note")).to_contain_text("could not be loaded")
    expect(page.get_by_test_id("therapists").locator("tbody tr")).to_have_count(10)
    page.close()


LABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(e => e.type !== 'hidden')
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
  .map(e => e.name || e.id)"""


def test_the_pages_work_from_the_keyboard_and_every_field_has_a_label(
    browser: Browser, server: str, screenshots: Path
) -> None:
    page = browser.new_page()
    page.goto(server + "/signin")
    expect(page.get_by_role("table")).to_contain_text("maria-demo")
    shot(page, "sign-in")
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type("dr.chen")
    page.keyboard.press("Tab")
    page.keyboard.type("dr.chen-demo")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{server}/physician")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Name or member id")).to_be_focused()
    page.keyboard.type("Lopez")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Maria Lopez").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("verdict")).to_have_text("Covered")
    page.goto(server + "/physician")
    outline = page.evaluate(
        "() => { const e = document.querySelector('#q'); e.focus(); "
        "return getComputedStyle(e).outlineStyle; }"
    )
    assert outline == "solid"

    for path in ["/physician", f"/physician/patients/{MARIA}"]:
        page.goto(server + path)
        assert page.evaluate(LABELLED) == [], path
    page.close()
    member = signed_in(browser, server, "maria")
    for path in ["/member", "/member/therapists", "/member/estimate", "/member/claims/new"]:
        member.goto(server + path)
        assert member.evaluate(LABELLED) == [], path
    member.close()
