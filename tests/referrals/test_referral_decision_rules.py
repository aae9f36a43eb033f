"""Each path of the instant decision, on the plans of the library: the criteria are plan data."""

from __future__ import annotations

from datetime import date

import pytest

from camnav.domain.plans import Plan
from camnav.domain.reasons import ReasonCode
from camnav.domain.referral_decisions import (
    ProgressNotes,
    ReferralRequest,
    decide_referral,
    document_kind,
    referral_end,
)
from camnav.domain.referrals import ReferralKind, ReferralStatus
from camnav.library.library import load_library

DAY = date(2025, 3, 10)
TRIED = ("physical therapy, 8 weeks, partial relief",)
IMPROVING = ProgressNotes(functional_improvement=True, summary="sits 60 minutes, was 20")


def plan(letter: str) -> Plan:
    return load_library().plan(f"example-{letter}", on=DAY)


def a_request(**overrides: object) -> ReferralRequest:
    values: dict[str, object] = {
        "category": "massage",
        "diagnoses": ("M54.50",),
        "visits": 6,
        "conventional_treatments": TRIED,
    }
    values.update(overrides)
    return ReferralRequest(**values)  # type: ignore[arg-type]


def codes(request: ReferralRequest, letter: str) -> tuple[ReferralStatus, list[ReasonCode]]:
    decision = decide_referral(request, plan(letter))
    return decision.status, [r.code for r in decision.reasons]


# fmt: off
APPROVED, DENIED, PENDED = ReferralStatus.APPROVED, ReferralStatus.DENIED, ReferralStatus.PENDED
R = ReasonCode
ABOVE_MAXIMUM = ReasonCode.VISITS_ABOVE_REFERRAL_MAXIMUM
ACUPUNCTURE = {"category": "acupuncture", "visits": 8, "condition_weeks": 20, "progress": IMPROVING}
PATHS = [
    # plan B: massage with a referral, conventional treatment first, 12 visits a referral
    ("b", a_request(),                                        APPROVED, []),
    ("b", a_request(diagnoses=("Z73.3",)),                    DENIED, [R.STRESS_ONLY]),
    ("b", a_request(diagnoses=("F43.0", "Z73.0")),            DENIED, [R.STRESS_ONLY]),
    ("b", a_request(conventional_treatments=()),              PENDED,
     [R.CONVENTIONAL_TREATMENT_UNDOCUMENTED]),
    ("b", a_request(visits=13),                               PENDED, [ABOVE_MAXIMUM]),
    ("b", a_request(visits=13, conventional_treatments=()),   PENDED,
     [R.CONVENTIONAL_TREATMENT_UNDOCUMENTED, ABOVE_MAXIMUM]),
    ("b", a_request(diagnoses=("J45.909",)),                  PENDED, [R.NEEDS_CLINICAL_REVIEW]),
    # plan A excludes tui na even though massage needs no referral there
    ("a", a_request(modality="tui na"),                       DENIED, [R.MODALITY_EXCLUDED]),
    ("a", a_request(),                                        APPROVED, []),
    # plan E excludes massage by a massage therapist; chiropractic under a treatment plan
    ("e", a_request(),                                        DENIED, [R.SERVICE_EXCLUDED]),
    ("e", a_request(category="chiropractic"),                 APPROVED, []),
    ("e", a_request(category="chiropractic", visits=20),      PENDED, [ABOVE_MAXIMUM]),
    # plan G: acupuncture for chronic low back pain only, 12 weeks, improvement shown, 8 visits
    ("g", a_request(**ACUPUNCTURE),                           APPROVED, []),
    ("g", a_request(**ACUPUNCTURE, diagnoses=("M79.7",)),     DENIED, [R.DIAGNOSIS_NOT_COVERED]),
    ("g", a_request(**{**ACUPUNCTURE, "condition_weeks": 6}), DENIED, [R.CONDITION_TOO_RECENT]),
    ("g", a_request(**{**ACUPUNCTURE, "condition_weeks": None}),
     PENDED, [R.CONDITION_DURATION_UNDOCUMENTED]),
    ("g", a_request(**{**ACUPUNCTURE, "progress": None}),     PENDED, [R.PROGRESS_NOTES_MISSING]),
    ("g", a_request(**{**ACUPUNCTURE, "progress": ProgressNotes(functional_improvement=False)}),
     DENIED, [R.NO_FUNCTIONAL_IMPROVEMENT]),
    ("g", a_request(**{**ACUPUNCTURE, "visits": 10}),         PENDED, [ABOVE_MAXIMUM]),
    ("g", a_request(),                                        DENIED, [R.SERVICE_EXCLUDED]),
    # plan C: massage with a prescription; no per-referral maximum
    ("c", a_request(visits=30),                               APPROVED, []),
    ("c", a_request(diagnoses=("Z73.3",)),                    DENIED, [R.STRESS_ONLY]),
]
# fmt: on


@pytest.mark.parametrize(("letter", "request_", "status", "reasons"), PATHS)
def test_each_decision_path_follows_the_plans_criteria(
    letter: str, request_: ReferralRequest, status: ReferralStatus, reasons: list[ReasonCode]
) -> None:
    assert codes(request_, letter) == (status, reasons)


def test_a_denial_for_an_excluded_service_names_the_covered_alternatives_and_clause() -> None:
    decision = decide_referral(a_request(), plan("e"))

    assert decision.alternatives == ("chiropractic", "acupuncture")
    assert decision.reasons[0].param == {
        "category": "massage",
        "alternatives": "chiropractic, acupuncture",
    }
    assert "Exclusions - massage therapy" in decision.reasons[0].citation


def test_a_stress_only_denial_cites_the_plans_medical_necessity_clause() -> None:
    decision = decide_referral(a_request(diagnoses=("Z73.3",)), plan("b"))

    assert decision.reasons[0].citation == "EOC 2025 §4.10(b) Medically necessary massage therapy"
    assert decision.reasons[0].param == {"diagnoses": "Z73.3"}


def test_a_stress_code_beside_a_qualifying_diagnosis_does_not_deny() -> None:
    assert codes(a_request(diagnoses=("M54.50", "Z73.3")), "b") == (ReferralStatus.APPROVED, [])


def test_an_extension_needs_progress_notes_but_not_the_conventional_treatments_again() -> None:
    extension = a_request(conventional_treatments=(), extension=True)

    assert codes(extension, "b") == (ReferralStatus.PENDED, [ReasonCode.PROGRESS_NOTES_MISSING])
    assert codes(a_request(extension=True, progress=IMPROVING), "b")[0] is ReferralStatus.APPROVED
    stalled = a_request(extension=True, progress=ProgressNotes(functional_improvement=False))
    assert codes(stalled, "b") == (ReferralStatus.DENIED, [ReasonCode.NO_FUNCTIONAL_IMPROVEMENT])


def test_an_approval_puts_on_file_the_document_the_access_rule_asks_for() -> None:
    assert document_kind(plan("b"), "massage") is ReferralKind.REFERRAL
    assert document_kind(plan("c"), "massage") is ReferralKind.PRESCRIPTION
    assert document_kind(plan("e"), "chiropractic") is ReferralKind.AUTHORIZATION
    assert document_kind(plan("g"), "acupuncture") is ReferralKind.AUTHORIZATION
    assert document_kind(plan("a"), "massage") is ReferralKind.REFERRAL


def test_a_referral_of_n_weeks_ends_the_day_before_the_same_weekday() -> None:
    assert referral_end(date(2025, 3, 10), 12) == date(2025, 6, 1)
