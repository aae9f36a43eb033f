"""Keyword-only builders of domain objects for the domain tests, and the demo plans A-G of
domain reference §8 built in code (independent of the YAML plan library).

Import with `from domain_builders import ...`: tests/ has no __init__.py, so pytest's default
import mode ("prepend") puts this directory on sys.path before it imports the tests here.

Amounts are written as dollars ("160.00") and turned into cents with `usd`, which does not use the
code under test. Everything defaults to the story of worked example W1: a member of plan A sees an
in-network, licensed massage therapist in Oregon on 2025-03-10.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from camnav.domain.claims import Attachment, Claim, ClaimLine, PriorLine, Submitter
from camnav.domain.codes import Catalogue, FeeSchedule, Procedure, TypicalService
from camnav.domain.diagnoses import ValueSet
from camnav.domain.members import Accumulators, Enrollment
from camnav.domain.plans import (
    Access,
    AccessRule,
    Amounts,
    Benefit,
    CostShare,
    DiscountProgram,
    Exclusion,
    MedicalNecessity,
    OutOfNetworkBenefit,
    Plan,
    ProductType,
    Tier,
    VisitLimit,
)
from camnav.domain.providers import (
    License,
    LicenseStatus,
    LicensingPolicy,
    LicensingRequirement,
    Participation,
    Provider,
)
from camnav.domain.referrals import Letter, Referral, ReferralKind
from camnav.domain.rules import Rules
from camnav.domain.state import MemberState
from camnav.library.icd10cm import Icd10CmCodeSet, default_code_set, load_value_sets

DAY = date(2025, 3, 10)
YEAR_2025 = date(2025, 1, 1)
NETWORK = "example-health-network"
CONTRACTED = "example-contracted-2025"
MEDICARE_ADVANTAGE = "example-medicare-advantage-2025"
MEDICARE_NATIONAL = "medicare-national-2025"

# The conditions a massage, chiropractic or acupuncture benefit covers (value-sets.yaml names).
MUSCULOSKELETAL = (
    "musculoskeletal_pain",
    "fibromyalgia",
    "chronic_pain",
    "headache",
    "post_surgical_rehabilitation",
    "injury_aftercare",
)


def usd(amount: str) -> int:
    """'160.00' -> 16000 cents, refusing fractions of a cent."""
    cents = Decimal(amount) * 100
    assert cents == cents.to_integral_value(), amount
    return int(cents)


def _cents(amount: str | None) -> int | None:
    return None if amount is None else usd(amount)


def _rate(percent: str) -> Fraction:
    """'20%' -> Fraction(1, 5)."""
    return Fraction(Decimal(percent.removesuffix("%"))) / 100


# --- reference rules: catalogue, fee schedules, code set, licensing --------------------------


def code_set() -> Icd10CmCodeSet:
    return default_code_set()


@functools.cache
def value_sets() -> Mapping[str, ValueSet]:
    return MappingProxyType(load_value_sets())


def _procedure(
    code: str,
    categories: tuple[str, ...],
    *,
    timed: bool = False,
    initial_of_day: bool = False,
    add_on_to: tuple[str, ...] = (),
    spinal_manipulation: bool = False,
    bundles_with_manipulation: bool = False,
) -> Procedure:
    return Procedure(
        code,
        f"procedure {code}",
        categories,
        timed,
        initial_of_day,
        add_on_to,
        spinal_manipulation,
        bundles_with_manipulation,
    )


def a_catalogue() -> Catalogue:
    """CPT codes of domain reference §2 with their unit rules, and a typical visit per category."""
    procedures = (
        _procedure("97124", ("massage", "physical_therapy"), timed=True),
        _procedure(
            "97140",
            ("massage", "chiropractic", "physical_therapy"),
            timed=True,
            bundles_with_manipulation=True,
        ),
        _procedure("97110", ("physical_therapy", "chiropractic"), timed=True),
        _procedure("97810", ("acupuncture",), timed=True, initial_of_day=True),
        _procedure("97811", ("acupuncture",), timed=True, add_on_to=("97810", "97813")),
        _procedure("97813", ("acupuncture",), timed=True, initial_of_day=True),
        _procedure("97814", ("acupuncture",), timed=True, add_on_to=("97813", "97810")),
        _procedure("98940", ("chiropractic",), spinal_manipulation=True),
        _procedure("98941", ("chiropractic",), spinal_manipulation=True),
        _procedure("98942", ("chiropractic",), spinal_manipulation=True),
        _procedure("98943", ("chiropractic",)),
    )
    typical = {
        "massage": (TypicalService("97124", 4, 60),),
        "acupuncture": (TypicalService("97810", 1, 15), TypicalService("97811", 1, 15)),
        "chiropractic": (TypicalService("98940", 1),),
        "physical_therapy": (TypicalService("97110", 2, 30), TypicalService("97140", 1, 15)),
    }
    titles = {"massage": "Massage therapy", "physical_therapy": "Physical therapy"}
    return Catalogue({p.code: p for p in procedures}, typical, titles)


def fee_schedules() -> dict[str, FeeSchedule]:
    """The contracted schedule and Medicare Advantage contract of §8; Medicare national 2025."""
    return {
        CONTRACTED: FeeSchedule(
            CONTRACTED,
            "Example Health contracted rates 2025",
            {
                "97124": usd("35.00"),
                "97140": usd("33.00"),
                "97110": usd("32.00"),
                "97810": usd("45.00"),
                "97811": usd("30.00"),
                "98940": usd("40.00"),
            },
        ),
        MEDICARE_ADVANTAGE: FeeSchedule(
            MEDICARE_ADVANTAGE,
            "Example Health Medicare Advantage contract 2025",
            {"97810": usd("38.00"), "97811": usd("29.00")},
        ),
        MEDICARE_NATIONAL: FeeSchedule(
            MEDICARE_NATIONAL,
            "Medicare national rates 2025",
            {"97124": usd("29.76"), "97140": usd("27.17")},
        ),
    }


def licensing() -> LicensingPolicy:
    """Massage: no statewide license in KS, MN, VT, WY; voluntary certification in CA."""
    none = {(state, "massage"): LicensingRequirement.NONE for state in ("KS", "MN", "VT", "WY")}
    california = {("CA", "massage"): LicensingRequirement.VOLUNTARY_CERTIFICATION}
    return LicensingPolicy(none | california)


@functools.cache
def rules() -> Rules:
    """The reference rules every decision uses, on the real ICD-10-CM code set."""
    return Rules(a_catalogue(), fee_schedules(), code_set(), licensing())


# --- plans -----------------------------------------------------------------------------------


def medical_necessity(
    *, qualifying: tuple[str, ...] = MUSCULOSKELETAL, citation: str = "EOC §4.2 Medical necessity"
) -> MedicalNecessity:
    sets = value_sets()
    return MedicalNecessity(tuple(sets[name] for name in qualifying), sets["stress"], citation)


def a_benefit(
    *,
    category: str = "massage",
    covered: bool = True,
    citation: str | None = None,
    copay: str | None = "25.00",
    coinsurance: str | None = None,
    deductible_applies: bool = False,
    access: AccessRule = AccessRule.SELF_REFERRAL,
    free_visits: int = 0,
    max_age_months: int | None = None,
    out_of_network_percent: str | None = None,
    out_of_network_coinsurance: str = "40%",
    qualifying: tuple[str, ...] | None = MUSCULOSKELETAL,
    excluded: tuple[str, ...] = (),
    session_max_minutes: int | None = None,
    provider_categories: tuple[str, ...] = (),
    alternatives: tuple[str, ...] = (),
) -> Benefit:
    """A covered in-network benefit: $25 copay, no referral, for musculoskeletal conditions."""
    clause = citation or f"EOC §4 {category}"
    out_of_network = OutOfNetworkBenefit(citation=f"EOC §6 {category} out of network")
    if out_of_network_percent is not None:
        out_of_network = OutOfNetworkBenefit(
            covered=True,
            percent_of_reference=_rate(out_of_network_percent),
            reference_schedule=MEDICARE_NATIONAL,
            cost_share=CostShare(
                coinsurance=_rate(out_of_network_coinsurance),
                deductible_applies=True,
                citation=f"EOC §6 {category} out-of-network coinsurance",
            ),
            citation=f"EOC §6 {category} out of network",
        )
    return Benefit(
        category=category,
        covered=covered,
        citation=clause,
        in_network=CostShare(
            copay=_cents(copay),
            coinsurance=_rate(coinsurance) if coinsurance else None,
            deductible_applies=deductible_applies,
            citation=f"{clause} cost share",
        ),
        out_of_network=out_of_network,
        access=Access(
            rule=access,
            citation=f"{clause} access",
            max_age_months=max_age_months,
            free_visits=free_visits,
        ),
        necessity=medical_necessity(qualifying=qualifying) if qualifying else None,
        excluded_modalities=tuple(Exclusion(m, f"{clause} exclusions") for m in excluded),
        session_max_minutes=session_max_minutes,
        provider_categories=provider_categories,
        alternatives=alternatives,
    )


def a_visit_limit(
    *, id: str = "massage", categories: tuple[str, ...] = (), visits: int = 12
) -> VisitLimit:
    return VisitLimit(id, categories or (id,), visits, f"Benefit Summary: {visits} visits ({id})")


def a_plan(
    *,
    id: str = "example-x",
    product: ProductType = ProductType.HMO,
    year: int = 2025,
    effective_from: date | None = None,
    effective_to: date | None = None,
    benefits: tuple[Benefit, ...] | None = None,
    visit_limits: tuple[VisitLimit, ...] | None = None,
    deductible: str = "0.00",
    out_of_network_deductible: str | None = None,
    out_of_pocket_max: str | None = "3000.00",
    out_of_network_out_of_pocket_max: str | None = None,
    separate_tiers: bool = False,
    deductible_first: bool = False,
    discount: str | None = None,
    filing_limit_days: int = 365,
    year_start_month: int = 1,
    hsa_eligible: bool = False,
    fee_schedule: str = CONTRACTED,
) -> Plan:
    """A one-year HMO with one massage benefit ($25 copay, 12 visits) and a $3,000 OOP maximum."""
    return Plan(
        id=id,
        version=f"{year}.1",
        name=f"Example Health {id}",
        product=product,
        plan_year=year,
        effective_from=effective_from or date(year, 1, 1),
        effective_to=effective_to or date(year, 12, 31),
        regions=("oregon",),
        network=NETWORK,
        fee_schedule=fee_schedule,
        deductible=Amounts(
            usd(deductible), _cents(out_of_network_deductible), "Benefit Summary §1 Deductible"
        ),
        out_of_pocket_max=Amounts(
            _cents(out_of_pocket_max),
            _cents(out_of_network_out_of_pocket_max),
            "Benefit Summary §2 Out-of-pocket maximum",
        ),
        benefits={b.category: b for b in (benefits if benefits is not None else (a_benefit(),))},
        visit_limits=visit_limits if visit_limits is not None else (a_visit_limit(),),
        separate_tiers=separate_tiers,
        deductible_first=deductible_first,
        deductible_first_citation="Benefit Summary §1 HSA plan: deductible first"
        if deductible_first
        else "",
        discount=DiscountProgram(_rate(discount), "EOC §4.11 Discount program")
        if discount
        else None,
        filing_limit_days=filing_limit_days,
        filing_limit_citation="EOC §8.1 Requests for payment",
        year_start_month=year_start_month,
        hsa_eligible=hsa_eligible,
        document=f"Example Health {id} Evidence of Coverage {year}",
    )


def plan_a(**overrides: Any) -> Plan:
    """A Northwest HMO: massage without referral, $25 copay, 12 visits; chiropractic $25, 20."""
    massage = a_benefit(
        citation="EOC 2025 §4.7 Therapeutic massage",
        excluded=("tui_na", "qi_gong", "dermal_friction", "maintenance"),
        provider_categories=("massage",),
    )
    chiropractic = a_benefit(category="chiropractic", citation="EOC 2025 §4.8 Chiropractic")
    defaults: dict[str, Any] = {
        "id": "example-a",
        "benefits": (massage, chiropractic),
        "visit_limits": (a_visit_limit(id="massage"), a_visit_limit(id="chiropractic", visits=20)),
        "out_of_pocket_max": "3000.00",
    }
    return a_plan(**(defaults | overrides))


def plan_b(**overrides: Any) -> Plan:
    """A Washington HMO: massage only with a PCP referral, $30 copay, 12 visits; 20% discount."""
    massage = a_benefit(
        copay="30.00", access=AccessRule.REFERRAL, citation="EOC 2025 §4.9 Massage therapy"
    )
    acupuncture = a_benefit(category="acupuncture", copay="30.00")
    chiropractic = a_benefit(category="chiropractic", copay="30.00")
    defaults: dict[str, Any] = {
        "id": "example-b",
        "benefits": (massage, acupuncture, chiropractic),
        "visit_limits": (
            a_visit_limit(id="massage"),
            a_visit_limit(id="acupuncture", visits=10),
            a_visit_limit(id="chiropractic", visits=10),
        ),
        "deductible": "500.00",
        "out_of_pocket_max": "4000.00",
        "discount": "20%",
    }
    return a_plan(**(defaults | overrides))


def _cam_limit(visits: int = 20) -> VisitLimit:
    return a_visit_limit(
        id="cam", categories=("massage", "chiropractic", "acupuncture"), visits=visits
    )


def plan_c(**overrides: Any) -> Plan:
    """An HSA-qualified HDHP: $1,650 deductible first, then 20%; OOP $5,000; 20 CAM visits."""
    massage = a_benefit(
        copay=None,
        coinsurance="20%",
        deductible_applies=True,
        access=AccessRule.PRESCRIPTION,
        max_age_months=12,
        citation="EOC 2025 §4.5 Massage therapy with a prescription",
    )
    others = tuple(
        a_benefit(category=c, copay=None, coinsurance="20%", deductible_applies=True)
        for c in ("chiropractic", "acupuncture")
    )
    defaults: dict[str, Any] = {
        "id": "example-c",
        "product": ProductType.HDHP_HSA,
        "benefits": (massage, *others),
        "visit_limits": (_cam_limit(),),
        "deductible": "1650.00",
        "out_of_pocket_max": "5000.00",
        "deductible_first": True,
        "hsa_eligible": True,
    }
    return a_plan(**(defaults | overrides))


def plan_d(**overrides: Any) -> Plan:
    """A PPO: in network $1,000 then 20% (OOP $4,000); out of network 140% of Medicare, $2,000
    then 40% (OOP $8,000), accumulated separately; 20 visits in and out of network together."""
    benefits = tuple(
        a_benefit(
            category=c,
            copay=None,
            coinsurance="20%",
            deductible_applies=True,
            access=AccessRule.PRESCRIPTION,
            max_age_months=12,
            out_of_network_percent="140%",
            out_of_network_coinsurance="40%",
        )
        for c in ("massage", "chiropractic", "acupuncture")
    )
    defaults: dict[str, Any] = {
        "id": "example-d",
        "product": ProductType.PPO,
        "benefits": benefits,
        "visit_limits": (_cam_limit(),),
        "deductible": "1000.00",
        "out_of_network_deductible": "2000.00",
        "out_of_pocket_max": "4000.00",
        "out_of_network_out_of_pocket_max": "8000.00",
        "separate_tiers": True,
    }
    return a_plan(**(defaults | overrides))


def plan_e(**overrides: Any) -> Plan:
    """A California HMO: massage excluded; a rider with chiropractic and acupuncture at $15, 20
    visits combined, the initial exam self-referred and later visits under a treatment plan."""
    massage = a_benefit(
        covered=False,
        citation="EOC 2025 §5.2(14) Exclusions - massage therapy",
        alternatives=("chiropractic", "acupuncture"),
    )
    rider = tuple(
        a_benefit(
            category=c,
            copay="15.00",
            access=AccessRule.TREATMENT_PLAN,
            free_visits=1,
            provider_categories=(c,),
            citation=f"Rider 2025 §2 {c}",
        )
        for c in ("chiropractic", "acupuncture")
    )
    defaults: dict[str, Any] = {
        "id": "example-e",
        "benefits": (massage, *rider),
        "visit_limits": (
            a_visit_limit(id="cam", categories=("chiropractic", "acupuncture"), visits=20),
        ),
        "out_of_pocket_max": None,
    }
    return a_plan(**(defaults | overrides))


def plan_f(**overrides: Any) -> Plan:
    """A California traditional HMO: massage only inside physical therapy by a PT, $20 a visit."""
    massage = a_benefit(
        covered=False,
        citation="EOC 2025 §5.2(14) Exclusions - massage therapy",
        alternatives=("physical_therapy",),
    )
    therapy = a_benefit(
        category="physical_therapy",
        copay="20.00",
        provider_categories=("physical_therapy",),
        citation="EOC 2025 §4.3 Physical therapy",
    )
    defaults: dict[str, Any] = {
        "id": "example-f",
        "benefits": (massage, therapy),
        "visit_limits": (),
        "out_of_pocket_max": None,
    }
    return a_plan(**(defaults | overrides))


def plan_g(**overrides: Any) -> Plan:
    """A Medicare Advantage HMO: acupuncture for chronic low back pain only, $20 copay, at most 20
    visits a year, authorization from the 13th visit; no massage."""
    acupuncture = a_benefit(
        category="acupuncture",
        copay="20.00",
        access=AccessRule.AUTHORIZATION_FROM_VISIT,
        free_visits=12,
        qualifying=("chronic_low_back_pain",),
        citation="EOC 2025 §4.12 Acupuncture for chronic low back pain (NCD 30.3.3)",
    )
    massage = a_benefit(covered=False, citation="EOC 2025 §5 Not covered: massage therapy")
    defaults: dict[str, Any] = {
        "id": "example-g",
        "product": ProductType.MEDICARE_ADVANTAGE,
        "benefits": (acupuncture, massage),
        "visit_limits": (a_visit_limit(id="acupuncture", visits=20),),
        "out_of_pocket_max": None,
        "fee_schedule": MEDICARE_ADVANTAGE,
    }
    return a_plan(**(defaults | overrides))


# --- members, their state and documents ------------------------------------------------------


def a_member(
    *,
    id: str = "M-1",
    plan_id: str = "example-a",
    start: date = YEAR_2025,
    end: date | None = None,
) -> Enrollment:
    """A member's enrollment, open-ended from 2025-01-01 unless told otherwise."""
    return Enrollment(id, plan_id, start, end, region="oregon")


def some_accumulators(
    *,
    deductible_met: str = "0.00",
    out_of_pocket_met: str = "0.00",
    out_of_network_deductible_met: str = "0.00",
    out_of_network_out_of_pocket_met: str = "0.00",
    visits: Mapping[str, int] | None = None,
    category_visits: Mapping[str, int] | None = None,
) -> Accumulators:
    """Accumulators of one benefit period; `visits` per visit-limit id."""

    def buckets(in_network: str, out_of_network: str) -> Mapping[str, int]:
        amounts = {Tier.IN_NETWORK: usd(in_network), Tier.OUT_OF_NETWORK: usd(out_of_network)}
        return MappingProxyType({k: v for k, v in amounts.items() if v})

    return Accumulators(
        deductible_met=buckets(deductible_met, out_of_network_deductible_met),
        out_of_pocket_met=buckets(out_of_pocket_met, out_of_network_out_of_pocket_met),
        limit_visits=MappingProxyType(dict(visits or {})),
        category_visits=MappingProxyType(dict(category_visits or {})),
    )


def a_state(
    *,
    member: Enrollment | None = None,
    period: date = YEAR_2025,
    accumulators: Accumulators | None = None,
    referrals: tuple[Referral, ...] = (),
    letters: tuple[Letter, ...] = (),
    history: tuple[PriorLine, ...] = (),
    **amounts: Any,
) -> MemberState:
    """A member's state with accumulators for the benefit period starting `period`.

    Keyword amounts (deductible_met="1600.00", visits={"cam": 5}, ...) go to `some_accumulators`.
    """
    tallies = accumulators or some_accumulators(**amounts)
    return MemberState(
        enrollment=member or a_member(),
        periods=MappingProxyType({period: tallies}),
        referrals=referrals,
        letters=letters,
        history=history,
    )


def a_referral(
    *,
    id: str = "R-3003",
    kind: ReferralKind = ReferralKind.REFERRAL,
    category: str = "massage",
    valid_from: date = date(2025, 2, 1),
    valid_to: date | None = date(2025, 7, 31),
    visits: int | None = 6,
    visits_used: int = 0,
) -> Referral:
    """An approved referral; dates inclusive."""
    return Referral(id, kind, category, valid_from, valid_to, visits, visits_used)


def a_prescription(
    *, id: str = "RX-1", category: str = "massage", dated: date = date(2025, 1, 5)
) -> Referral:
    """A physician's prescription with no stated end or number of visits."""
    return Referral(id, ReferralKind.PRESCRIPTION, category, dated, None, None)


def an_authorization(
    *,
    id: str = "AUTH-1",
    category: str = "chiropractic",
    valid_from: date = date(2025, 1, 1),
    valid_to: date | None = date(2025, 12, 31),
    visits: int | None = 10,
    visits_used: int = 0,
) -> Referral:
    """An approved treatment plan or authorization."""
    return Referral(
        id, ReferralKind.AUTHORIZATION, category, valid_from, valid_to, visits, visits_used
    )


def a_letter(
    *,
    id: str = "LMN-1",
    category: str = "massage",
    issued_on: date = date(2024, 3, 1),
    valid_through: date = date(2025, 2, 28),
) -> Letter:
    return Letter(id, category, issued_on, valid_through, "fibromyalgia")


# --- providers -------------------------------------------------------------------------------


def a_provider(
    *,
    id: str = "P-1",
    category: str = "massage",
    state: str = "OR",
    in_network: bool = True,
    license_status: LicenseStatus | None = LicenseStatus.ACTIVE,
    license_expires: date | None = date(2026, 6, 30),
    credentialed: bool = False,
    discount_participant: bool = False,
) -> Provider:
    """A licensed Oregon massage therapist in the plan's network."""
    license = (
        None
        if license_status is None
        else License(f"{state}-12345", state, license_status, license_expires)
    )
    return Provider(
        id=id,
        name=f"Provider {id}",
        category=category,
        state=state,
        npi="1234567893",
        license=license,
        participations=(Participation(NETWORK, date(2020, 1, 1)),) if in_network else (),
        credentialed=credentialed,
        discount_participant=discount_participant,
    )


# --- claims ----------------------------------------------------------------------------------


def a_line(
    *,
    number: int = 1,
    code: str = "97124",
    units: int = 4,
    minutes: int | None = 60,
    billed: str = "160.00",
    on: date = DAY,
    modifiers: tuple[str, ...] = (),
    diagnoses: tuple[str, ...] = (),
    modality: str | None = None,
) -> ClaimLine:
    """One hour of massage (97124 x 4), billed $160.00, on 2025-03-10."""
    return ClaimLine(number, on, code, units, usd(billed), minutes, modifiers, diagnoses, modality)


def a_claim(
    *,
    id: str = "C-1",
    lines: tuple[ClaimLine, ...] | None = None,
    diagnoses: tuple[str, ...] = ("M54.50", "M62.830"),
    provider: Provider | None = None,
    member: Enrollment | None = None,
    received: date | None = None,
    submitter: Submitter = Submitter.PROVIDER,
    attachments: tuple[Attachment, ...] = (),
    signed_waiver: bool = False,
    amount_paid: str | None = None,
    missing_fields: tuple[str, ...] = (),
) -> Claim:
    """A provider's claim, received on the (last) date of service."""
    claim_lines = lines if lines is not None else (a_line(),)
    last_day = max((line.service_date for line in claim_lines), default=DAY)
    return Claim(
        id=id,
        member_id=(member or a_member()).member_id,
        provider_id=(provider or a_provider()).id,
        received=received or last_day,
        lines=claim_lines,
        submitter=submitter,
        diagnoses=diagnoses,
        attachments=frozenset(attachments),
        signed_waiver=signed_waiver,
        amount_paid=_cents(amount_paid),
        missing_fields=missing_fields,
    )


def a_reimbursement_request(**overrides: Any) -> Claim:
    """A member's own claim with the itemized bill and proof of payment attached."""
    defaults: dict[str, Any] = {
        "submitter": Submitter.MEMBER,
        "attachments": (Attachment.ITEMIZED_BILL, Attachment.PROOF_OF_PAYMENT),
        "amount_paid": "160.00",
    }
    return a_claim(**(defaults | overrides))


def a_prior_line(
    *,
    provider: Provider | None = None,
    on: date = DAY,
    code: str = "97124",
    units: int = 4,
    billed: str = "160.00",
    category: str = "massage",
    copay: str = "0.00",
    paid: bool = True,
) -> PriorLine:
    """A line already decided for the member."""
    provider_id = (provider or a_provider()).id
    return PriorLine(provider_id, on, code, units, usd(billed), (), category, usd(copay), paid)
