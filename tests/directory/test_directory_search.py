"""Maya looks for a massage therapist near 97214: the nearest providers, each with its distance,
its credential on the date and her price for a visit, filtered by network, delivery mode,
language, gender and new patients; a lapsed license takes Sam out of in-network results and
makes his claim for a later date deny with CARC B7."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from directory_builders import (
    ADMIN,
    MAYA,
    MEMBER,
    NETWORK,
    NOW,
    PROVIDER_USER,
    SAM,
    STAFF,
    TODAY,
    a_registry_row,
    a_roster_row,
    an_npi,
    registry_file,
    roster_file,
)
from fastapi.testclient import TestClient
from sqlalchemy import text

from camnav.api.app import create_app
from camnav.domain.adjudication import LineStatus
from camnav.domain.claims import Claim, ClaimLine, Submitter
from camnav.domain.credentials import CredentialStatus
from camnav.domain.directory import quote_visit
from camnav.domain.plans import DeliveryMode, Tier
from camnav.explain.carc import carc_for
from camnav.services.accounts import token_digest
from camnav.services.claims import precheck_claim
from camnav.services.context import ServiceContext
from camnav.services.coverage import plan_and_state
from camnav.services.directory import DirectorySearch, search_directory
from camnav.services.directory_import import import_license_roster, import_nppes
from camnav.services.errors import Forbidden, InvalidRequest
from camnav.services.ports import Credential, Role

SAM_ID = f"NPI-{SAM}"
# Neighbours of 97214 (Portland's inner southeast), nearest first from Sam's ZIP code.
NEIGHBOURS = [
    ("97232", "KIM", "female", "massage"),
    ("97202", "LOPEZ", "female", "massage"),
    ("97201", "CHEN", "male", "massage"),
    ("97217", "NGUYEN", "female", "acupuncture"),
    ("97229", "SMITH", "male", "massage"),
    ("97005", "DAVIS", "female", "massage"),
]
CODES = {"massage": "225700000X", "acupuncture": "171100000X"}


def npi_of(number: int) -> str:
    return an_npi(100000000 + number * 8)


def neighbour_rows() -> list[dict[str, str]]:
    return [
        a_registry_row(
            **{
                "NPI": npi_of(number),
                "Provider Last Name (Legal Name)": last,
                "Provider Sex Code": gender[0].upper(),
                "Provider Business Practice Location Address Postal Code": zip_code,
                "Healthcare Provider Taxonomy Code_1": CODES[category],
                "Provider License Number_1": f"L-{number}",
            }
        )
        for number, (zip_code, last, gender, category) in enumerate(NEIGHBOURS, start=1)
    ]


def neighbour_roster() -> list[dict[str, str]]:
    return [
        a_roster_row(license_number=f"L-{number}", name=last)
        for number, (_, last, _, _) in enumerate(NEIGHBOURS, start=1)
    ]


@pytest.fixture
def portland(ctx: ServiceContext) -> ServiceContext:
    """Sam (97214, contracted since 2024) and six licensed neighbours out of network."""
    import_nppes(ctx, ADMIN, registry_file([a_registry_row(), *neighbour_rows()]))
    import_license_roster(ctx, ADMIN, roster_file([a_roster_row(), *neighbour_roster()]))
    execute(
        ctx,
        "INSERT INTO participations (provider_id, network_id, starts_on) VALUES (:p, :n, :d)",
        p=SAM_ID,
        n=NETWORK,
        d=date(2024, 1, 1),
    )
    execute(ctx, "UPDATE providers SET credentialed = true WHERE id = :p", p=SAM_ID)
    return ctx


def execute(ctx: ServiceContext, statement: str, **values: object) -> None:
    with ctx.units() as uow:
        uow.session.execute(text(statement), values)  # type: ignore[attr-defined]
        uow.commit()


def search(ctx: ServiceContext, **options: object) -> list[str]:
    question = DirectorySearch(zip_code="97214", on=TODAY, **options)  # type: ignore[arg-type]
    return [r.listed.record.provider.id for r in search_directory(ctx, STAFF, question).results]


def test_the_nearest_come_first_with_distance_credential_and_the_members_price(
    portland: ServiceContext,
) -> None:
    question = DirectorySearch(zip_code="97214", category="massage", k=3, on=TODAY)
    answer = search_directory(portland, MEMBER, question)
    first, second, third = answer.results
    assert (answer.member_id, answer.network) == (MAYA, NETWORK)
    assert first.listed.record.provider.id == SAM_ID
    assert first.distance_km == pytest.approx(0, abs=0.01)
    assert [r.distance_km for r in answer.results] == sorted(r.distance_km for r in answer.results)
    assert (first.listed.mode, first.listed.credential.status) == (
        DeliveryMode.NETWORK,
        CredentialStatus.LICENSED,
    )
    assert first.quote is not None and second.quote is not None
    # Plan A: a $25 copay in network; no out-of-network benefit, so the member pays it all.
    assert (first.quote.visit.covered, first.quote.visit.member_total) == (True, 2500)
    assert second.quote.visit.covered is False
    assert second.quote.visit.member_total == second.quote.visit.billed > 0
    assert third.listed.tier is Tier.OUT_OF_NETWORK


def test_each_price_is_the_engines_decision_for_that_provider(portland: ServiceContext) -> None:
    answer = search_directory(portland, MEMBER, DirectorySearch(zip_code="97214", k=7, on=TODAY))
    assert answer.plan is not None
    with portland.units(write=False) as uow:
        _, state = plan_and_state(uow, portland, MAYA, TODAY)
    for result in answer.results:
        provider = result.listed.record.provider
        diagnoses = ("M79.7",)
        alone = quote_visit(answer.plan, state, portland.library.rules, provider, TODAY, diagnoses)
        assert result.quote == alone, provider.id


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"tier": Tier.IN_NETWORK, "member_id": MAYA}, [SAM_ID]),
        ({"modes": frozenset({DeliveryMode.NETWORK}), "network": NETWORK}, [SAM_ID]),
        ({"tier": Tier.OUT_OF_NETWORK, "network": NETWORK, "k": 2}, [npi_of(1), npi_of(2)]),
        ({"category": "acupuncture"}, [npi_of(4)]),
        ({"gender": "male", "category": "massage"}, [SAM_ID, npi_of(3), npi_of(5)]),
        ({"language": "spanish"}, [npi_of(2)]),
        ({"accepting_new_patients": False}, [npi_of(3)]),
    ],
)
def test_filters(portland: ServiceContext, options: dict[str, object], expected: list[str]) -> None:
    execute(
        portland,
        "UPDATE providers SET languages = :l WHERE npi = :n",
        l='["English", "Spanish"]',
        n=npi_of(2),
    )
    execute(
        portland, "UPDATE providers SET accepting_new_patients = false WHERE npi = :n", n=npi_of(3)
    )
    wanted = [e if e.startswith("NPI-") else f"NPI-{e}" for e in expected]
    assert search(portland, **options) == wanted


def test_a_lapsed_license_takes_sam_out_of_network_results_and_his_claim_denies_b7(
    portland: ServiceContext,
) -> None:
    in_network = {"tier": Tier.IN_NETWORK, "member_id": MAYA}
    assert search(portland, **in_network) == [SAM_ID]
    lapsed = a_roster_row(status="lapsed", expires=str(TODAY - timedelta(days=9)))
    import_license_roster(portland, ADMIN, roster_file([lapsed]))

    assert search(portland, **in_network) == []
    assert SAM_ID not in search(portland, category="massage")
    question = DirectorySearch(zip_code="97214", k=1, on=TODAY, all_credentials=True)
    (listed,) = search_directory(portland, STAFF, question).results
    assert listed.listed.credential.status is CredentialStatus.LAPSED

    visit = ClaimLine(1, TODAY, "97124", 4, 16000, minutes=60)
    claim = Claim("C-LAPSED", MAYA, SAM_ID, TODAY, (visit,), Submitter.PROVIDER, ("M54.2",))
    decision = precheck_claim(portland, STAFF, claim)
    (line,) = decision.lines
    assert carc_for(line.reasons[0].code) == "B7"
    assert line.plan_pays == 0


def a_visit(claim_id: str, provider_id: str, day: date) -> Claim:
    visit = ClaimLine(1, day, "97124", 4, 16000, minutes=60)
    return Claim(claim_id, MAYA, provider_id, day, (visit,), Submitter.PROVIDER, ("M54.2",))


def test_claims_after_sams_license_expires_deny_b7_and_those_up_to_its_expiry_pay(
    portland: ServiceContext,
) -> None:
    expiry = TODAY + timedelta(days=5)
    import_license_roster(portland, ADMIN, roster_file([a_roster_row(expires=str(expiry))]))
    last_day = precheck_claim(portland, STAFF, a_visit("C-LAST", SAM_ID, expiry))
    (paid,) = last_day.lines
    assert (paid.status, paid.plan_pays) == (LineStatus.PAID, 14000 - 2500)
    assert [carc_for(r.code) for r in paid.reasons] == ["3", "45"]  # the copay, the contract

    after = precheck_claim(portland, STAFF, a_visit("C-AFTER", SAM_ID, expiry + timedelta(1)))
    (denied,) = after.lines
    assert (denied.status, carc_for(denied.reasons[0].code), denied.plan_pays) == (
        LineStatus.DENIED,
        "B7",
        0,
    )
    assert denied.reasons[0].param == {"state": "OR", "status": "expired", "expires": str(expiry)}


def test_a_kansas_therapist_not_yet_credentialed_pends_b7_and_pays_once_credentialed(
    portland: ServiceContext,
) -> None:
    """Kansas licenses no massage therapists: the plan's own credentialing stands in (C1 (6))."""
    kansas = a_registry_row(
        NPI=npi_of(9),
        **{
            "Provider Last Name (Legal Name)": "KENT",
            "Provider Business Practice Location Address State Name": "KS",
            "Provider Business Practice Location Address Postal Code": "66044",
            "Provider License Number_1": "",
            "Provider License Number State Code_1": "",
        },
    )
    import_nppes(portland, ADMIN, registry_file([kansas]))
    kent = f"NPI-{npi_of(9)}"
    execute(
        portland,
        "INSERT INTO participations (provider_id, network_id, starts_on) VALUES (:p, :n, :d)",
        p=kent,
        n=NETWORK,
        d=date(2024, 1, 1),
    )
    (pended,) = precheck_claim(portland, STAFF, a_visit("C-KS-1", kent, TODAY)).lines
    assert (pended.status, carc_for(pended.reasons[0].code)) == (LineStatus.PENDED, "B7")
    assert pended.reasons[0].param == {"state": "KS", "requirement": "none"}

    execute(portland, "UPDATE providers SET credentialed = true WHERE id = :p", p=kent)
    (paid,) = precheck_claim(portland, STAFF, a_visit("C-KS-2", kent, TODAY)).lines
    assert (paid.status, paid.plan_pays) == (LineStatus.PAID, 14000 - 2500)


def test_the_search_api_lists_nearest_first_and_is_audited_for_a_member(
    portland: ServiceContext,
) -> None:
    token = "maya-token"
    with portland.units() as uow:
        user = uow.users.add(
            username="maya",
            display_name="Maya",
            role=Role.MEMBER,
            password_hash="x",
            member_id=MAYA,
        )
        expiry = NOW + timedelta(hours=1)
        uow.users.add_token(Credential(token_digest(token), user.id, NOW, expiry, NOW))
        uow.commit()
    client = TestClient(create_app(portland))
    response = client.get(
        "/api/v1/providers/search",
        params={"zip": "97214", "category": "massage", "k": 2, "on": str(TODAY)},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    first = body["results"][0]
    assert (body["member_id"], first["provider"]["id"], first["tier"]) == (
        MAYA,
        SAM_ID,
        "in_network",
    )
    assert (first["credential"]["status"], first["price"]["member_pays"]) == ("licensed", "25.00")
    with portland.units(write=False) as uow:
        events = uow.audit.for_member(MAYA)
    assert "providers.search" in [e.event.action for e in events]
    bad = client.get(
        "/api/v1/providers/search",
        params={"zip": "00000"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "zip")


def test_a_search_needs_a_known_zip_code_or_a_point(portland: ServiceContext) -> None:
    with pytest.raises(InvalidRequest, match="not a known US ZIP code"):
        search_directory(portland, STAFF, DirectorySearch(zip_code="00000"))
    with pytest.raises(InvalidRequest, match="give a ZIP code"):
        search_directory(portland, STAFF, DirectorySearch(latitude=45.0))
    found = search_directory(portland, STAFF, DirectorySearch(latitude=45.52, longitude=-122.64))
    assert found.results[0].listed.record.provider.id == SAM_ID


def test_a_provider_may_not_price_providers_for_a_member(portland: ServiceContext) -> None:
    with pytest.raises(Forbidden):
        search_directory(portland, PROVIDER_USER, DirectorySearch(zip_code="97214", member_id=MAYA))


def test_later_network_contract_dates_are_respected(portland: ServiceContext) -> None:
    execute(
        portland,
        "UPDATE participations SET ends_on = :d WHERE provider_id = :p",
        d=TODAY - timedelta(days=1),
        p=SAM_ID,
    )
    assert search(portland, tier=Tier.IN_NETWORK, network=NETWORK) == []
