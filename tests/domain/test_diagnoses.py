"""The diagnosis rules in isolation, on a small fake code set."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import ClassVar

import pytest

from camnav.domain.diagnoses import (
    CodePattern,
    CodeStatus,
    NecessityFinding,
    NecessityOutcome,
    ValueSet,
    assess_medical_necessity,
    check_diagnoses,
    normalize_code,
)
from camnav.domain.reasons import Reason, ReasonCode

BEFORE = date(2021, 9, 30)
AFTER = date(2021, 10, 1)


class FakeCodeSet:
    """A handful of codes and one change on 2021-10-01, modelled on the real M54.5 split.

    A99.9 is fictional: a code deleted outright on 2021-10-01, replaced by A99.0.
    """

    _BILLABLE: ClassVar[frozenset[str]] = frozenset(
        {"M79.7", "M54.2", "Z73.3", "Z47.89", "S72.141A", "S72.141B", "S72.141D", "A99.0"}
        | {f"G44.2{n}" for n in ("01", "09", "11", "19", "21", "29")}
    )
    _SPLIT: ClassVar[dict[str, tuple[str, ...]]] = {
        "M54.5": ("M54.50", "M54.51", "M54.59")
    }  # billable before, header after
    _HEADERS: ClassVar[dict[str, tuple[str, ...]]] = {
        "G44.2": tuple(sorted(c for c in _BILLABLE if c.startswith("G44.2")))
    }
    _DELETED: ClassVar[dict[str, tuple[str, ...]]] = {"A99.9": ("A99.0",)}

    def status(self, code: str, on: date) -> CodeStatus:
        if code in self._BILLABLE:
            return CodeStatus.VALID
        if code in self._SPLIT or code in self._DELETED:
            fallen = CodeStatus.HEADER if code in self._SPLIT else CodeStatus.DELETED
            return CodeStatus.VALID if on < AFTER else fallen
        if any(code in children for children in self._SPLIT.values()):
            return CodeStatus.NOT_YET_EFFECTIVE if on < AFTER else CodeStatus.VALID
        return CodeStatus.HEADER if code in self._HEADERS else CodeStatus.UNKNOWN

    def description(self, code: str) -> str | None:
        return None

    def all_codes(self) -> Iterable[str]:
        return self._BILLABLE

    def replacements(self, code: str, on: date) -> tuple[str, ...]:
        if self.status(code, on) is CodeStatus.NOT_YET_EFFECTIVE:
            return ("M54.5",)
        return {**self._SPLIT, **self._HEADERS, **self._DELETED}.get(code, ())


CODES = FakeCodeSet()


def invalid(code: str, why: str, use: str | None = None, citation: str = "") -> Reason:
    params = {"code": code, "why": why} | ({"use": use} if use else {})
    return Reason(ReasonCode.DIAGNOSIS_INVALID, tuple(sorted(params.items())), citation)


def value_set(name: str, *patterns: str) -> ValueSet:
    return ValueSet(name, name.title(), tuple(CodePattern.parse(p) for p in patterns))


STRESS = value_set("stress", "Z73.3", "F43.0", "F43.8*")
FIBROMYALGIA = value_set("fibromyalgia", "M79.7")
PAIN = value_set("musculoskeletal_pain", "M54.2", "M54.5*", "M79.1*")
LOW_BACK_PAIN = value_set("chronic_low_back_pain", "M54.5*")


# --- normalize_code ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("m545", "M54.5"),
        ("M54.5", "M54.5"),
        (" s72.141d ", "S72.141D"),
        ("m54", "M54"),
        ("M 54 50", "M54.50"),
        ("", ""),
    ],
)
def test_normalize_code_upper_cases_and_puts_the_dot_after_the_third_character(
    text: str, expected: str
) -> None:
    assert normalize_code(text) == expected


# --- patterns and value sets ---------------------------------------------------------------


def test_a_star_pattern_matches_the_code_and_everything_under_it() -> None:
    pattern = CodePattern.parse("M54.5*")
    assert pattern == CodePattern("M54.5", descendants=True)
    assert [pattern.matches(c) for c in ("M54.5", "M54.50", "m5459", "M54.6", "M54")] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_a_plain_pattern_matches_only_that_code() -> None:
    pattern = CodePattern.parse("M54.2")
    assert (pattern.matches("M54.2"), pattern.matches("M54.20")) == (True, False)


def test_a_seventh_character_pattern_matches_only_full_codes_with_that_character() -> None:
    pattern = CodePattern.parse("S*", seventh_character="d")
    assert pattern == CodePattern("S", descendants=True, seventh_character="D")
    matches = [pattern.matches(c) for c in ("S72.141D", "S72.141A", "S72.141", "T30.0")]
    assert matches == [True, False, False, False]


def test_a_seventh_character_needs_a_star_pattern() -> None:
    with pytest.raises(ValueError, match=r"a 7th character needs a pattern with '\*': S72.141"):
        CodePattern("S72.141", seventh_character="D")


def test_a_value_set_contains_included_codes_that_no_exclude_matches() -> None:
    dorsalgia = ValueSet(
        "dorsalgia", "Dorsalgia", (CodePattern.parse("M54*"),), (CodePattern.parse("M54.0*"),)
    )
    assert [dorsalgia.contains(c) for c in ("M54.50", "M54.2", "M54.00", "M79.7")] == [
        True,
        True,
        False,
        False,
    ]


# --- check_diagnoses -----------------------------------------------------------------------


@pytest.mark.parametrize("codes", [[], ["", "  "]])
def test_no_diagnosis_at_all_is_a_missing_diagnosis(codes: list[str]) -> None:
    assert check_diagnoses(codes, AFTER, CODES, "EOC 4.2") == (
        Reason(ReasonCode.DIAGNOSIS_MISSING, (), "EOC 4.2"),
    )


def test_billable_codes_raise_no_reason() -> None:
    assert check_diagnoses(["M79.7", "m542", "S72.141D"], AFTER, CODES) == ()


def test_an_unknown_code_is_invalid() -> None:
    assert check_diagnoses(["Q99.999"], AFTER, CODES) == (invalid("Q99.999", "unknown"),)


def test_a_header_is_invalid_and_names_at_most_four_billable_codes_under_it() -> None:
    assert check_diagnoses(["G44.2"], AFTER, CODES) == (
        invalid("G44.2", "header", "G44.201, G44.209, G44.211, G44.219"),
    )


def test_a_code_split_on_a_date_is_valid_before_and_a_header_from_that_date() -> None:
    assert check_diagnoses(["M54.5"], BEFORE, CODES) == ()
    assert check_diagnoses(["M54.5"], AFTER, CODES) == (
        invalid("M54.5", "header", "M54.50, M54.51, M54.59"),
    )


def test_a_deleted_code_is_invalid_and_names_its_replacement() -> None:
    assert check_diagnoses(["A99.9"], AFTER, CODES) == (invalid("A99.9", "deleted", "A99.0"),)


def test_a_code_before_its_effective_date_is_invalid_and_names_the_code_of_that_time() -> None:
    assert check_diagnoses(["M54.50"], BEFORE, CODES) == (
        invalid("M54.50", "not_yet_effective", "M54.5"),
    )


def test_z47_aftercare_with_an_injury_code_asks_for_the_injury_with_7th_character_d() -> None:
    assert check_diagnoses(["Z47.89", "S72.141D"], AFTER, CODES) == (
        invalid("Z47.89", "injury_aftercare_as_z47", "S72.141D"),
    )


def test_z47_aftercare_without_an_injury_code_is_fine() -> None:
    assert check_diagnoses(["Z47.89"], AFTER, CODES) == ()


@pytest.mark.parametrize("code", ["S72.141A", "S72.141B"])
def test_an_injury_code_of_the_initial_encounter_is_not_therapy_aftercare(code: str) -> None:
    assert check_diagnoses([code], AFTER, CODES, "EOC 4.2") == (
        invalid(code, "injury_active_treatment", "S72.141D", "EOC 4.2"),
    )


def test_z47_aftercare_with_an_initial_injury_code_reports_both_codes_in_claim_order() -> None:
    assert check_diagnoses(["Z47.89", "S72.141A"], AFTER, CODES) == (
        invalid("Z47.89", "injury_aftercare_as_z47", "S72.141D"),
        invalid("S72.141A", "injury_active_treatment", "S72.141D"),
    )


def test_a_code_written_twice_gives_one_reason() -> None:
    assert check_diagnoses(["Q99.999", "q99999"], AFTER, CODES) == (invalid("Q99.999", "unknown"),)


# --- assess_medical_necessity --------------------------------------------------------------


def assess(*codes: str) -> NecessityFinding:
    return assess_medical_necessity(codes, (PAIN, FIBROMYALGIA), STRESS)


def test_stress_alone_is_stress_only() -> None:
    assert assess("Z73.3") == NecessityFinding(NecessityOutcome.STRESS_ONLY, (("Z73.3", "stress"),))


def test_stress_with_a_qualifying_diagnosis_qualifies_on_that_diagnosis() -> None:
    assert assess("Z73.3", "M79.7") == NecessityFinding(
        NecessityOutcome.QUALIFIES, (("M79.7", "fibromyalgia"),)
    )


def test_a_code_in_two_qualifying_sets_is_listed_for_each() -> None:
    finding = assess_medical_necessity(["m5450"], (PAIN, LOW_BACK_PAIN), STRESS)
    assert finding == NecessityFinding(
        NecessityOutcome.QUALIFIES,
        (("M54.50", "musculoskeletal_pain"), ("M54.50", "chronic_low_back_pain")),
    )


def test_stress_with_an_external_cause_code_is_still_stress_only() -> None:
    assert assess("F43.0", "Y93.89") == NecessityFinding(
        NecessityOutcome.STRESS_ONLY, (("F43.0", "stress"),)
    )


def test_stress_with_another_non_qualifying_diagnosis_is_not_qualifying() -> None:
    assert assess("Z73.3", "R51.9") == NecessityFinding(NecessityOutcome.NOT_QUALIFYING)


@pytest.mark.parametrize("codes", [(), ("R51.9",), ("Y93.89",)])
def test_no_qualifying_and_no_stress_code_is_not_qualifying(codes: tuple[str, ...]) -> None:
    assert assess(*codes) == NecessityFinding(NecessityOutcome.NOT_QUALIFYING)
