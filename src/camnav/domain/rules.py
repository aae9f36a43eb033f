"""The reference data every decision uses besides the plan: catalogue, fees, code set, licensing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from camnav.domain.codes import Catalogue, FeeSchedule
from camnav.domain.diagnoses import CodeSet, check_diagnoses
from camnav.domain.line_terms import LineTerms, work_out_terms
from camnav.domain.plans import Plan
from camnav.domain.providers import LicensingPolicy
from camnav.domain.reasons import Reason

# How many (diagnoses, date of service) findings the rules remember; claims repeat a few hundred.
_REMEMBERED_DIAGNOSES = 4096
# How many (plan, code, provider category) terms the rules remember.
_REMEMBERED_TERMS = 4096


@dataclass(frozen=True, slots=True)
class Rules:
    catalogue: Catalogue
    fee_schedules: Mapping[str, FeeSchedule]
    code_set: CodeSet
    licensing: LicensingPolicy
    # Diagnosis problems already found, by codes and date: checking codes against the code set is
    # a costly check, and every claim line asks it again for the same few sets of codes.
    _diagnosis_problems: dict[tuple[tuple[str, ...], date], tuple[Reason, ...]] = field(
        init=False, repr=False, compare=False, hash=False
    )

    # Line terms by plan id and version, code as billed and provider category.
    _line_terms: dict[tuple[str, str, str, str], LineTerms] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_diagnosis_problems", {})
        object.__setattr__(self, "_line_terms", {})

    def fee_schedule(self, schedule_id: str) -> FeeSchedule | None:
        return self.fee_schedules.get(schedule_id)

    def diagnosis_problems(self, codes: tuple[str, ...], on: date) -> tuple[Reason, ...]:
        """check_diagnoses of the codes on a date of service, against this code set."""
        key = (tuple(codes), on)  # a tuple as typed, but a list must not fail the look-up
        found = self._diagnosis_problems.get(key)
        if found is None:
            if len(self._diagnosis_problems) >= _REMEMBERED_DIAGNOSES:
                self._diagnosis_problems.clear()
            found = check_diagnoses(codes, on, self.code_set)
            self._diagnosis_problems[key] = found
        return found

    def line_terms(self, plan: Plan, code: str, provider_category: str) -> LineTerms:
        """The terms of a code billed by a provider of a category under a plan."""
        key = (plan.id, plan.version, code, provider_category)
        found = self._line_terms.get(key)
        # Another plan object under the same id and version (a test's variant) is worked out anew.
        if found is None or found.plan is not plan:
            if len(self._line_terms) >= _REMEMBERED_TERMS:
                self._line_terms.clear()
            found = work_out_terms(
                plan, self.catalogue, self.fee_schedules, code, provider_category
            )
            self._line_terms[key] = found
        return found
