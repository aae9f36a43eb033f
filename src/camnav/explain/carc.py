"""Reason codes to X12 claim adjustment reason codes (CARC) and group codes (PR, CO)."""

from __future__ import annotations

from collections.abc import Mapping

from camnav.domain.reasons import ReasonCode

CARC: Mapping[ReasonCode, str] = {
    ReasonCode.NOT_YET_COVERED: "26",
    ReasonCode.COVERAGE_ENDED: "27",
    ReasonCode.DUPLICATE: "18",
    ReasonCode.FILING_LIMIT_EXPIRED: "29",
    ReasonCode.ATTACHMENT_MISSING: "252",
    ReasonCode.INFORMATION_MISSING: "16",
    ReasonCode.UNKNOWN_PROCEDURE: "16",
    ReasonCode.DIAGNOSIS_INVALID: "146",
    ReasonCode.DIAGNOSIS_MISSING: "16",
    ReasonCode.UNITS_EXCEED_MINUTES: "151",
    ReasonCode.UNDER_MINIMUM_MINUTES: "151",
    ReasonCode.SECOND_INITIAL_CODE: "151",
    ReasonCode.ADD_ON_WITHOUT_PRIMARY: "16",
    ReasonCode.BUNDLED: "97",
    ReasonCode.SESSION_TOO_LONG: "151",
    ReasonCode.SERVICE_EXCLUDED: "204",
    ReasonCode.MODALITY_EXCLUDED: "96",
    ReasonCode.PROVIDER_NOT_LICENSED: "B7",
    ReasonCode.CREDENTIAL_REVIEW: "B7",
    ReasonCode.PROVIDER_NOT_QUALIFIED: "B7",
    ReasonCode.OUT_OF_NETWORK_NOT_COVERED: "242",
    ReasonCode.STRESS_ONLY: "50",
    ReasonCode.DIAGNOSIS_NOT_COVERED: "167",
    ReasonCode.REFERRAL_MISSING: "243",
    ReasonCode.REFERRAL_NOT_YET_VALID: "243",
    ReasonCode.REFERRAL_EXPIRED: "243",
    ReasonCode.REFERRAL_VISITS_USED: "243",
    ReasonCode.PRESCRIPTION_MISSING: "197",
    ReasonCode.PRESCRIPTION_TOO_OLD: "197",
    ReasonCode.AUTHORIZATION_MISSING: "197",
    ReasonCode.AUTHORIZATION_EXPIRED: "197",
    ReasonCode.AUTHORIZATION_VISITS_USED: "197",
    ReasonCode.VISIT_LIMIT_REACHED: "119",
    ReasonCode.CONVENTIONAL_TREATMENT_UNDOCUMENTED: "50",
    ReasonCode.VISITS_ABOVE_REFERRAL_MAXIMUM: "151",
    ReasonCode.NEEDS_CLINICAL_REVIEW: "50",
    ReasonCode.CONDITION_DURATION_UNDOCUMENTED: "50",
    ReasonCode.PROGRESS_NOTES_MISSING: "50",
    ReasonCode.CONDITION_TOO_RECENT: "50",
    ReasonCode.NO_FUNCTIONAL_IMPROVEMENT: "50",
    ReasonCode.DEDUCTIBLE: "1",
    ReasonCode.COINSURANCE: "2",
    ReasonCode.COPAY: "3",
    ReasonCode.CONTRACTUAL_ADJUSTMENT: "45",
    ReasonCode.OUT_OF_NETWORK_ALLOWANCE: "45",
}

# Adjustments that explain the gap between the charge and the allowed amount; they are reported
# as adjustments beside the line, not among the line's reason codes.
PRICING_ADJUSTMENTS = frozenset(
    {ReasonCode.CONTRACTUAL_ADJUSTMENT, ReasonCode.OUT_OF_NETWORK_ALLOWANCE}
)


def carc_for(code: ReasonCode) -> str:
    """The X12 CARC that stands for a reason code."""
    return CARC[code]


def group_for(code: ReasonCode, patient_responsibility: bool) -> str:
    """PR when the member owes the amount, CO when the provider writes it off (contractual)."""
    if code is ReasonCode.CONTRACTUAL_ADJUSTMENT:
        return "CO"
    if code in (ReasonCode.DEDUCTIBLE, ReasonCode.COINSURANCE, ReasonCode.COPAY):
        return "PR"
    return "PR" if patient_responsibility else "CO"
