"""Plain-language text for reason codes: what happened, and what the member or provider can do next."""

from __future__ import annotations

from collections.abc import Mapping

from camnav.domain.money import format_money
from camnav.domain.reasons import Reason, ReasonCode

TEXT: Mapping[ReasonCode, str] = {
    ReasonCode.NOT_YET_COVERED: "The member's coverage had not started on the date of service (it starts {start}).",
    ReasonCode.COVERAGE_ENDED: "The member's coverage had ended on the date of service (it ended {end}).",
    ReasonCode.DUPLICATE: "This service on {date} ({code}) was already submitted and decided.",
    ReasonCode.FILING_LIMIT_EXPIRED: "The claim arrived {days} days after the date of service; the plan accepts claims for {limit} days.",
    ReasonCode.ATTACHMENT_MISSING: "A required document is missing: {attachment}.",
    ReasonCode.INFORMATION_MISSING: "Required information is missing from the itemized bill: {field}.",
    ReasonCode.UNKNOWN_PROCEDURE: "Procedure code {code} is not a service this plan prices.",
    ReasonCode.DIAGNOSIS_INVALID: "Diagnosis code {code} is not valid on the date of service ({why}).",
    ReasonCode.DIAGNOSIS_MISSING: "The claim gives no diagnosis code.",
    ReasonCode.UNITS_EXCEED_MINUTES: "{units} units were billed for {minutes} minutes; the 8-minute rule allows {billable}.",
    ReasonCode.UNDER_MINIMUM_MINUTES: "{minutes} minutes of a timed service cannot be billed: at least 8 minutes are needed.",
    ReasonCode.SECOND_INITIAL_CODE: "Only one initial acupuncture code ({code}), of one unit, may be billed a day.",
    ReasonCode.ADD_ON_WITHOUT_PRIMARY: "Add-on code {code} needs its initial code ({primary}) on the same day.",
    ReasonCode.BUNDLED: "Manual therapy ({code}) is included in same-day spinal manipulation unless modifier 59 or XS marks a separate region.",
    ReasonCode.SESSION_TOO_LONG: "The plan covers sessions of at most {limit} minutes; this one was {minutes}.",
    ReasonCode.SERVICE_EXCLUDED: "The plan does not cover {category}.",
    ReasonCode.MODALITY_EXCLUDED: "The plan excludes {modality}.",
    ReasonCode.PROVIDER_NOT_LICENSED: "The provider's license was not active on the date of service ({status}).",
    ReasonCode.CREDENTIAL_REVIEW: "{state} does not license this profession; the provider's credentials need a manual review.",
    ReasonCode.PROVIDER_NOT_QUALIFIED: "The plan covers this service only from another type of provider (this one: {provider_type}).",
    ReasonCode.OUT_OF_NETWORK_NOT_COVERED: "The plan covers this service only from providers in its network.",
    ReasonCode.STRESS_ONLY: "Stress reduction alone is not medically necessary care under the plan ({diagnoses}).",
    ReasonCode.DIAGNOSIS_NOT_COVERED: "The diagnoses given ({diagnoses}) are not conditions the plan covers this service for.",
    ReasonCode.REFERRAL_MISSING: "The plan covers this service only with a physician's referral, and none is on file.",
    ReasonCode.REFERRAL_NOT_YET_VALID: "Referral {referral} is valid only from {valid_from}.",
    ReasonCode.REFERRAL_EXPIRED: "Referral {referral} expired on {valid_to}.",
    ReasonCode.REFERRAL_VISITS_USED: "All {visits} visits of referral {referral} have been used.",
    ReasonCode.PRESCRIPTION_MISSING: "The plan covers this service only with a physician's prescription, and none is on file.",
    ReasonCode.PRESCRIPTION_TOO_OLD: "The prescription on file ({referral}, dated {valid_from}) is too old or no longer valid.",
    ReasonCode.AUTHORIZATION_MISSING: "This visit needs an approved treatment plan or authorization, and none is on file.",
    ReasonCode.AUTHORIZATION_EXPIRED: "Authorization {referral} expired on {valid_to}.",
    ReasonCode.AUTHORIZATION_VISITS_USED: "All {visits} visits of authorization {referral} have been used.",
    ReasonCode.VISIT_LIMIT_REACHED: "All {limit} covered visits of the benefit period have been used.",
    ReasonCode.CONVENTIONAL_TREATMENT_UNDOCUMENTED: "The plan asks for conventional treatment tried first, and none is documented; a clinical reviewer will decide.",
    ReasonCode.VISITS_ABOVE_REFERRAL_MAXIMUM: "{visits} visits were requested; the plan authorizes at most {maximum} per referral without review.",
    ReasonCode.NEEDS_CLINICAL_REVIEW: "The diagnoses ({diagnoses}) are not among the plan's qualifying conditions; a clinical reviewer will decide.",
    ReasonCode.CONDITION_DURATION_UNDOCUMENTED: "The plan covers this care for a condition lasting at least {minimum} weeks, and how long it has lasted is not documented; a clinical reviewer will decide.",
    ReasonCode.PROGRESS_NOTES_MISSING: "More visits need progress notes showing functional improvement, and none were sent; a clinical reviewer will decide.",
    ReasonCode.CONDITION_TOO_RECENT: "The condition has lasted {weeks} weeks; the plan covers this care only for a condition lasting at least {minimum} weeks.",
    ReasonCode.NO_FUNCTIONAL_IMPROVEMENT: "The progress notes show no functional improvement; care that maintains the current state is not medically necessary under the plan.",
    ReasonCode.DEDUCTIBLE: "{amount} applied to the deductible.",
    ReasonCode.COINSURANCE: "{amount} coinsurance.",
    ReasonCode.COPAY: "{amount} copay.",
    ReasonCode.CONTRACTUAL_ADJUSTMENT: "{amount} above the contracted rate; the network provider writes it off.",
    ReasonCode.OUT_OF_NETWORK_ALLOWANCE: "{amount} above the plan's out-of-network allowance; the provider may bill it to the member.",
}

NEXT_STEP: Mapping[ReasonCode, str] = {
    ReasonCode.FILING_LIMIT_EXPIRED: "Ask member services about an exception for good cause.",
    ReasonCode.ATTACHMENT_MISSING: "Send the missing document with the claim before the filing deadline.",
    ReasonCode.INFORMATION_MISSING: "Ask the provider for a complete itemized bill and resubmit.",
    ReasonCode.DIAGNOSIS_INVALID: "Ask the provider to correct the diagnosis code and resubmit.",
    ReasonCode.UNITS_EXCEED_MINUTES: "Ask the provider to correct the units and resubmit.",
    ReasonCode.BUNDLED: "The provider may resubmit with modifier 59 or XS if the region was separate.",
    ReasonCode.SERVICE_EXCLUDED: "Consider a covered alternative: {alternatives}.",
    ReasonCode.PROVIDER_NOT_LICENSED: "Choose a licensed therapist from the directory.",
    ReasonCode.OUT_OF_NETWORK_NOT_COVERED: "Use an in-network therapist.",
    ReasonCode.STRESS_ONLY: "You may appeal with records of a qualifying condition.",
    ReasonCode.DIAGNOSIS_NOT_COVERED: "You may appeal with records of a qualifying condition.",
    ReasonCode.REFERRAL_MISSING: "Ask your physician for a referral.",
    ReasonCode.REFERRAL_EXPIRED: "Ask your physician for a new referral.",
    ReasonCode.REFERRAL_VISITS_USED: "Ask your physician to request more visits.",
    ReasonCode.PRESCRIPTION_MISSING: "Ask your physician for a prescription.",
    ReasonCode.PRESCRIPTION_TOO_OLD: "Ask your physician for a new prescription.",
    ReasonCode.AUTHORIZATION_MISSING: "Your provider must submit a treatment plan for approval.",
    ReasonCode.AUTHORIZATION_VISITS_USED: "Your provider may request an extension with progress notes.",
    ReasonCode.CONDITION_TOO_RECENT: "Your physician may ask again once the condition has lasted {minimum} weeks.",
    ReasonCode.NO_FUNCTIONAL_IMPROVEMENT: "You may appeal with records that show measurable improvement.",
    ReasonCode.VISIT_LIMIT_REACHED: "Further visits are not covered this benefit period; ask about the discount program.",
}


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def describe(item: Reason) -> str:
    """The reason in plain language, with its parameters filled in."""
    params = _Params(item.params)
    if item.amount is not None:
        params["amount"] = f"${format_money(item.amount)}"
    return TEXT[item.code].format_map(params)


def next_step(item: Reason) -> str:
    """What to do about it, when there is something to do."""
    template = NEXT_STEP.get(item.code, "")
    return template.format_map(_Params(item.params)) if template else ""
