"""The diagnosis rules on the real ICD-10-CM code set (simple_icd_10_cm, April 2026) and camnav's
history and value-set files."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from camnav.domain.diagnoses import (
    CodeStatus,
    NecessityFinding,
    NecessityOutcome,
    ValueSet,
    assess_medical_necessity,
    check_diagnoses,
)
from camnav.domain.reasons import Reason, ReasonCode
from camnav.library.errors import DataFileError
from camnav.library.icd10cm import (
    Icd10CmCodeSet,
    default_code_set,
    expand,
    load_code_set,
    load_value_sets,
)

LAST_DAY_OF_FY2021 = date(2021, 9, 30)
FIRST_DAY_OF_FY2022 = date(2021, 10, 1)
TODAY = date(2026, 5, 1)

QUALIFYING = (
    "musculoskeletal_pain",
    "fibromyalgia",
    "chronic_pain",
    "headache",
    "post_surgical_rehabilitation",
    "injury_aftercare",
)


@pytest.fixture(scope="module")
def codes() -> Icd10CmCodeSet:
    return default_code_set()


@pytest.fixture(scope="module")
def value_sets(codes: Icd10CmCodeSet) -> dict[str, ValueSet]:
    return load_value_sets(code_set=codes)


def invalid(code: str, why: str, use: str | None = None) -> Reason:
    params = {"code": code, "why": why} | ({"use": use} if use else {})
    return Reason(ReasonCode.DIAGNOSIS_INVALID, tuple(sorted(params.items())))


# --- validity by date of service -----------------------------------------------------------


def test_m54_5_is_billable_until_september_2021(codes: Icd10CmCodeSet) -> None:
    assert codes.status("M54.5", LAST_DAY_OF_FY2021) is CodeStatus.VALID
    assert check_diagnoses(["M54.5"], LAST_DAY_OF_FY2021, codes) == ()


def test_m54_5_is_a_header_from_october_2021_with_its_replacements(
    codes: Icd10CmCodeSet,
) -> None:
    assert codes.status("M54.5", FIRST_DAY_OF_FY2022) is CodeStatus.HEADER
    assert codes.replacements("M54.5", FIRST_DAY_OF_FY2022) == ("M54.50", "M54.51", "M54.59")
    assert check_diagnoses(["m545"], FIRST_DAY_OF_FY2022, codes) == (
        invalid("M54.5", "header", "M54.50, M54.51, M54.59"),
    )


def test_m54_50_is_not_yet_effective_before_october_2021(codes: Icd10CmCodeSet) -> None:
    assert codes.status("M54.50", LAST_DAY_OF_FY2021) is CodeStatus.NOT_YET_EFFECTIVE
    assert check_diagnoses(["M54.50"], LAST_DAY_OF_FY2021, codes) == (
        invalid("M54.50", "not_yet_effective", "M54.5"),
    )


@pytest.mark.parametrize("code", ["M54.50", "M54.51", "M54.59"])
def test_the_low_back_pain_codes_are_billable_from_october_2021(
    codes: Icd10CmCodeSet, code: str
) -> None:
    assert codes.status(code, FIRST_DAY_OF_FY2022) is CodeStatus.VALID


def test_m79_1_is_a_header_after_october_2021(codes: Icd10CmCodeSet) -> None:
    assert codes.status("M79.1", LAST_DAY_OF_FY2021) is CodeStatus.VALID
    assert check_diagnoses(["M79.1"], date(2022, 3, 1), codes) == (
        invalid("M79.1", "header", "M79.10, M79.11, M79.12, M79.18"),
    )


@pytest.mark.parametrize("code", ["M79.10", "M79.11", "M79.12", "M79.18"])
def test_the_myalgia_codes_start_in_october_2021(codes: Icd10CmCodeSet, code: str) -> None:
    statuses = (codes.status(code, LAST_DAY_OF_FY2021), codes.status(code, FIRST_DAY_OF_FY2022))
    assert statuses == (CodeStatus.NOT_YET_EFFECTIVE, CodeStatus.VALID)


def test_f43_8_was_split_into_f43_81_and_f43_89_in_october_2022(codes: Icd10CmCodeSet) -> None:
    day_before, day_of = date(2022, 9, 30), date(2022, 10, 1)
    assert [codes.status("F43.8", d) for d in (day_before, day_of)] == [
        CodeStatus.VALID,
        CodeStatus.HEADER,
    ]
    assert [codes.status("F43.81", d) for d in (day_before, day_of)] == [
        CodeStatus.NOT_YET_EFFECTIVE,
        CodeStatus.VALID,
    ]


def test_a_header_that_never_was_billable_names_codes_under_it(codes: Icd10CmCodeSet) -> None:
    assert check_diagnoses(["G44.2"], TODAY, codes) == (
        invalid("G44.2", "header", "G44.201, G44.209, G44.211, G44.219"),
    )


@pytest.mark.parametrize("code", ["M54.7", "XYZ", "1", "A00-A09"])
def test_codes_chapters_and_blocks_are_unknown_diagnoses(codes: Icd10CmCodeSet, code: str) -> None:
    assert codes.status(code, TODAY) is CodeStatus.UNKNOWN


def test_descriptions_come_from_the_code_set(codes: Icd10CmCodeSet) -> None:
    assert codes.description("m5450") == "Low back pain, unspecified"
    assert codes.description("M54.7") is None


def test_all_codes_are_the_billable_codes_of_the_current_set(codes: Icd10CmCodeSet) -> None:
    billable = set(codes.all_codes())
    assert {"M54.50", "S72.141D", "Z73.3"} <= billable
    assert billable.isdisjoint({"M54.5", "M79.1", "S72.141", "1", "A00-A09"})


# --- injuries ------------------------------------------------------------------------------


def test_s72_141d_is_billable_and_in_injury_aftercare(
    codes: Icd10CmCodeSet, value_sets: dict[str, ValueSet]
) -> None:
    assert codes.status("S72.141D", TODAY) is CodeStatus.VALID
    assert value_sets["injury_aftercare"].contains("S72.141D")
    assert not value_sets["injury_aftercare"].contains("S72.141A")


def test_z47_89_with_s72_141a_reports_both_problems(codes: Icd10CmCodeSet) -> None:
    assert check_diagnoses(["Z47.89", "S72.141A"], TODAY, codes) == (
        invalid("Z47.89", "injury_aftercare_as_z47", "S72.141D"),
        invalid("S72.141A", "injury_active_treatment", "S72.141D"),
    )


# --- medical necessity ---------------------------------------------------------------------


def assess(value_sets: dict[str, ValueSet], *codes: str) -> NecessityFinding:
    qualifying = [value_sets[name] for name in QUALIFYING]
    return assess_medical_necessity(codes, qualifying, value_sets["stress"])


def test_z73_3_alone_is_stress_only(value_sets: dict[str, ValueSet]) -> None:
    assert assess(value_sets, "Z73.3") == NecessityFinding(
        NecessityOutcome.STRESS_ONLY, (("Z73.3", "stress"),)
    )


def test_z73_3_with_fibromyalgia_qualifies(value_sets: dict[str, ValueSet]) -> None:
    assert assess(value_sets, "Z73.3", "M79.7") == NecessityFinding(
        NecessityOutcome.QUALIFIES, (("M79.7", "fibromyalgia"),)
    )


def test_low_back_pain_qualifies_and_is_the_medicare_acupuncture_indication(
    value_sets: dict[str, ValueSet],
) -> None:
    assert assess(value_sets, "M54.50") == NecessityFinding(
        NecessityOutcome.QUALIFIES, (("M54.50", "musculoskeletal_pain"),)
    )
    assert value_sets["chronic_low_back_pain"].contains("M54.50")
    assert not value_sets["chronic_low_back_pain"].contains("M79.7")


# --- value sets ----------------------------------------------------------------------------


def test_the_value_sets_file_defines_the_expected_sets(value_sets: dict[str, ValueSet]) -> None:
    assert sorted(value_sets) == sorted([*QUALIFYING, "chronic_low_back_pain", "stress"])


@pytest.mark.parametrize("name", [*QUALIFYING, "chronic_low_back_pain", "stress"])
def test_every_value_set_expands_to_billable_codes(
    codes: Icd10CmCodeSet, value_sets: dict[str, ValueSet], name: str
) -> None:
    expanded = expand(value_sets[name], codes)
    assert expanded
    assert {codes.status(code, TODAY) for code in expanded} == {CodeStatus.VALID}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("fibromyalgia", ("M79.7",)),
        ("chronic_pain", ("G89.21", "G89.22", "G89.28", "G89.29", "G89.4")),
        ("chronic_low_back_pain", ("M54.50", "M54.51", "M54.59")),
        (
            "stress",
            ("Z73.3", "Z73.0", "F43.0", "F43.10", "F43.11", "F43.12", "F43.81", "F43.89", "F43.9"),
        ),
    ],
)
def test_small_value_sets_expand_to_exactly_these_codes(
    codes: Icd10CmCodeSet, value_sets: dict[str, ValueSet], name: str, expected: tuple[str, ...]
) -> None:
    assert expand(value_sets[name], codes) == expected


def test_musculoskeletal_pain_covers_dorsalgia_but_not_panniculitis(
    value_sets: dict[str, ValueSet],
) -> None:
    pain = value_sets["musculoskeletal_pain"]
    covered = ["M54.2", "M54.50", "M62.830", "M79.10", "M79.604", "M25.511", "M54.00"]
    assert [pain.contains(code) for code in covered] == [True] * 6 + [False]


VALUE_SETS_WITH_A_TYPO = """\
value_sets:
  bogus:
    title: Low back pain, mistyped
    source: a test
    includes:
      - M54.50
      - M54.7*
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_value_set_pattern_matching_no_real_code_is_refused(
    tmp_path: Path, codes: Icd10CmCodeSet
) -> None:
    path = write(tmp_path, "value-sets.yaml", VALUE_SETS_WITH_A_TYPO)
    with pytest.raises(DataFileError) as caught:
        load_value_sets(path, codes)
    assert str(caught.value) == (
        f"{path}: value_sets.bogus.includes[1]: pattern 'M54.7*' matches no billable ICD-10-CM code"
    )


@pytest.mark.parametrize(
    ("entry", "where", "why"),
    [
        ("includes: [M54.2]", "value_sets.bad.title", "expected a non-empty text"),
        (
            "title: t\n    includes: ['M5$']",
            "value_sets.bad.includes[0]",
            "'M5$' is not an ICD-10-CM code pattern",
        ),
        (
            "title: t\n    includes: ['M54.5']",
            "value_sets.bad.includes[0]",
            "pattern 'M54.5' matches no billable ICD-10-CM code",
        ),
        (
            "title: t\n    includes: ['M54.5*']\n    excludes: ['M54.5*']",
            "value_sets.bad",
            "the excludes remove every code of the includes",
        ),
        (
            "title: t\n    include: ['M54.5*']",
            "value_sets.bad",
            "unknown key(s) ['include']; allowed: ['excludes', 'includes', 'source', 'title']",
        ),
    ],
)
def test_a_malformed_value_set_is_refused_with_its_place(
    tmp_path: Path, codes: Icd10CmCodeSet, entry: str, where: str, why: str
) -> None:
    text = f"value_sets:\n  bad:\n    source: a test\n    {entry}\n"
    path = write(tmp_path, "value-sets.yaml", text)
    with pytest.raises(DataFileError) as caught:
        load_value_sets(path, codes)
    assert str(caught.value) == f"{path}: {where}: {why}"


# --- the history file ----------------------------------------------------------------------

# Fictional: M54.7 does not exist; it stands for a code removed outright from the code set.
FICTIONAL_DELETION = """\
changes:
  - effective: 2020-10-01
    source: a test
    deleted:
      M54.7: [M54.50]
"""


def test_a_code_deleted_outright_is_valid_before_and_deleted_after(tmp_path: Path) -> None:
    history = load_code_set(write(tmp_path, "changes.yaml", FICTIONAL_DELETION))
    statuses = [history.status("M54.7", d) for d in (date(2020, 9, 30), date(2020, 10, 1))]
    assert statuses == [CodeStatus.VALID, CodeStatus.DELETED]
    assert check_diagnoses(["M54.7"], date(2021, 10, 1), history) == (
        invalid("M54.7", "deleted", "M54.50"),
    )


@pytest.mark.parametrize(
    ("change", "where", "why"),
    [
        ("expanded: {M54.50: [M54.501]}", "changes[0].expanded.M54.50", "M54.50 is not a header"),
        ("deleted: {M54.50: [M54.51]}", "changes[0].deleted.M54.50", "M54.50 is still in"),
        ("added: [M54.7]", "changes[0].added[0]", "M54.7 is not in the base code set"),
    ],
)
def test_a_history_entry_that_contradicts_the_code_set_is_refused(
    tmp_path: Path, change: str, where: str, why: str
) -> None:
    text = f"changes:\n  - effective: 2020-10-01\n    source: a test\n    {change}\n"
    path = write(tmp_path, "changes.yaml", text)
    with pytest.raises(DataFileError, match=re.escape(f"{path}: {where}: {why}")):
        load_code_set(path)
