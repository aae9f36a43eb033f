"""Diagnosis rules: is each ICD-10-CM code billable on the date of service, and do the codes make
the care medically necessary?

The code set is an argument (a `CodeSet`), so the rules run on the real ICD-10-CM set in
production (camnav.library.icd10cm) and on a small fake in unit tests. Value sets are rules over
codes ("M54.5 and everything under it"), never long lists of leaf codes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Protocol

from camnav.domain.reasons import Reason, ReasonCode, reason

# A reason names at most this many codes to use instead; a header such as M54 has dozens.
MAX_SUGGESTIONS = 4

# Chapter 19 (S00-T88) 7th characters of the initial encounter, i.e. active treatment. B and C
# exist only in fracture categories (initial encounter for an open fracture); the April-2026 code
# set describes every S/T code ending in A, B or C, and no other, as "initial encounter".
_INITIAL_ENCOUNTER = frozenset("ABC")
# Subsequent encounter (routine healing): how rehabilitation after an injury is coded.
_SUBSEQUENT_ENCOUNTER = "D"
# ICD-10-CM codes are at most 7 characters (without the dot); the 7th is the extension.
_FULL_LENGTH = 7
# Claims name a few hundred distinct codes again and again; this many answers are remembered.
_REMEMBERED_CODES = 4096


@functools.lru_cache(maxsize=_REMEMBERED_CODES)
def normalize_code(text: str) -> str:
    """Upper-case, drop blanks and dots, put the dot after the 3rd character: 'm545' -> 'M54.5'."""
    compact = _compact(text)
    return compact if len(compact) <= 3 else f"{compact[:3]}.{compact[3:]}"


def _compact(text: str) -> str:
    return "".join(text.split()).replace(".", "").upper()


class CodeStatus(StrEnum):
    """What a code is on a given date; the values double as the `why` of a DIAGNOSIS_INVALID."""

    VALID = "valid"  # a billable code (a leaf of the code set) on that date
    UNKNOWN = "unknown"  # not an ICD-10-CM code at all
    HEADER = "header"  # exists but is not billable: it has codes under it
    NOT_YET_EFFECTIVE = "not_yet_effective"  # added to the code set after that date
    DELETED = "deleted"  # was billable once, no longer exists on that date


class CodeSet(Protocol):
    """The ICD-10-CM code set as the rules need it, by date of service."""

    def status(self, code: str, on: date) -> CodeStatus:
        """The status of a normalized code on a date of service."""
        ...

    def description(self, code: str) -> str | None:
        """The code's title in the current code set, or None for an unknown code."""
        ...

    def all_codes(self) -> Iterable[str]:
        """The billable codes of the current code set, normalized (with the dot)."""
        ...

    def replacements(self, code: str, on: date) -> tuple[str, ...]:
        """Billable codes to use instead on that date (for a header, deleted or future code)."""
        ...


@dataclass(frozen=True, slots=True)
class CodePattern:
    """One rule of a value set: a code, optionally with everything under it and a 7th character.

    'M54.5*' is M54.5 and its descendants (M54.50, M54.51, M54.59); 'S*' with seventh_character
    'D' is every injury code of a subsequent encounter, such as S72.141D. ICD-10-CM is a prefix
    code, so "under" is "starts with" once the dots are removed.
    """

    code: str
    descendants: bool = False
    seventh_character: str | None = None

    def __post_init__(self) -> None:
        # An exact code already fixes its 7th character; the option only narrows a family.
        if self.seventh_character is not None and not self.descendants:
            raise ValueError(f"a 7th character needs a pattern with '*': {self.code}")

    @classmethod
    def parse(cls, text: str, seventh_character: str | None = None) -> CodePattern:
        """'M54.5*' -> M54.5 with descendants; 'M54.2' -> exactly M54.2."""
        stripped = text.strip()
        descendants = stripped.endswith("*")
        character = seventh_character.strip().upper() if seventh_character else None
        return cls(normalize_code(stripped.removesuffix("*")), descendants, character)

    def matches(self, code: str) -> bool:
        compact, stem = _compact(code), _compact(self.code)
        if not (compact.startswith(stem) if self.descendants else compact == stem):
            return False
        return self.seventh_character is None or _seventh_character(compact) == (
            self.seventh_character
        )

    def __str__(self) -> str:
        text = f"{self.code}*" if self.descendants else self.code
        if self.seventh_character is None:
            return text
        return f"{text} (7th character {self.seventh_character})"


class _PatternIndex:
    """Patterns by stem, so a code is matched with one dictionary look-up per stem length."""

    __slots__ = ("exact", "lengths", "stems")

    def __init__(self, patterns: Iterable[CodePattern]) -> None:
        self.exact: set[str] = set()
        self.stems: dict[str, list[str | None]] = {}
        for pattern in patterns:
            stem = _compact(pattern.code)
            if pattern.descendants:
                self.stems.setdefault(stem, []).append(pattern.seventh_character)
            else:
                self.exact.add(stem)
        self.lengths = sorted({len(stem) for stem in self.stems})

    def matches(self, compact: str) -> bool:
        if compact in self.exact:
            return True
        seventh = _seventh_character(compact)
        for length in self.lengths:
            wanted = self.stems.get(compact[:length])
            if wanted is not None and any(w is None or w == seventh for w in wanted):
                return True
        return False


@dataclass(frozen=True, slots=True)
class ValueSet:
    """A named set of diagnoses: codes matching an include and no exclude."""

    name: str
    title: str
    includes: tuple[CodePattern, ...]
    excludes: tuple[CodePattern, ...] = ()
    # Built once: adjudication asks for membership on every claim line.
    _included: _PatternIndex = field(init=False, repr=False, compare=False, hash=False)
    _excluded: _PatternIndex = field(init=False, repr=False, compare=False, hash=False)
    # Answers already given, by code as asked: claims repeat the same few codes. Emptied when full,
    # since loading the library asks about every code under a pattern once.
    _answers: dict[str, bool] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_included", _PatternIndex(self.includes))
        object.__setattr__(self, "_excluded", _PatternIndex(self.excludes))
        object.__setattr__(self, "_answers", {})

    def contains(self, code: str) -> bool:
        answer = self._answers.get(code)
        if answer is None:
            if len(self._answers) >= _REMEMBERED_CODES:
                self._answers.clear()
            compact = _compact(code)
            answer = self._included.matches(compact) and not self._excluded.matches(compact)
            self._answers[code] = answer
        return answer


def check_diagnoses(
    codes: Sequence[str], on: date, code_set: CodeSet, citation: str = ""
) -> tuple[Reason, ...]:
    """One DIAGNOSIS_INVALID reason per bad code on a therapy claim; DIAGNOSIS_MISSING if none.

    A code is bad when it is not billable on the date of service (why = unknown, header, deleted,
    not_yet_effective), when it is a Z47 orthopedic aftercare code next to an injury code
    (injury_aftercare_as_z47: rehabilitation after an injury is coded to the injury with 7th
    character D), or when it is an injury code of the initial encounter (injury_active_treatment:
    therapy is aftercare, 7th character D). Each reason suggests codes to use where there are any.
    """
    distinct = _distinct(codes)
    if not distinct:
        return (reason(ReasonCode.DIAGNOSIS_MISSING, citation),)
    injuries = tuple(code for code in distinct if _is_injury(code))
    found = (_code_problem(code, on, code_set, injuries, citation) for code in distinct)
    return tuple(problem for problem in found if problem is not None)


def _code_problem(
    code: str, on: date, code_set: CodeSet, injuries: tuple[str, ...], citation: str
) -> Reason | None:
    status = code_set.status(code, on)
    if status is not CodeStatus.VALID:
        return _invalid(citation, code, str(status), code_set.replacements(code, on))
    if injuries and _is_orthopedic_aftercare(code):
        use = _subsequent_encounter_codes(injuries, on, code_set)
        return _invalid(citation, code, "injury_aftercare_as_z47", use)
    if _is_injury(code) and _seventh_character(_compact(code)) in _INITIAL_ENCOUNTER:
        use = _subsequent_encounter_codes((code,), on, code_set)
        return _invalid(citation, code, "injury_active_treatment", use)
    return None


def _invalid(citation: str, code: str, why: str, use: Sequence[str]) -> Reason:
    params = {"code": code, "why": why}
    if use:
        params["use"] = ", ".join(use[:MAX_SUGGESTIONS])
    # Built like reasons.reason(), which cannot take a parameter named `code`: its first
    # positional parameter (the reason code) has that name.
    return Reason(ReasonCode.DIAGNOSIS_INVALID, tuple(sorted(params.items())), citation)


def _subsequent_encounter_codes(
    injuries: Iterable[str], on: date, code_set: CodeSet
) -> tuple[str, ...]:
    """The same injuries with 7th character D, where that code is billable on the date."""
    candidates = (_with_seventh_character(code, _SUBSEQUENT_ENCOUNTER) for code in injuries)
    billable = (c for c in candidates if c and code_set.status(c, on) is CodeStatus.VALID)
    return tuple(dict.fromkeys(billable))


def _with_seventh_character(code: str, character: str) -> str | None:
    compact = _compact(code)
    if len(compact) != _FULL_LENGTH:
        return None
    return normalize_code(compact[:-1] + character)


def _seventh_character(compact: str) -> str | None:
    return compact[-1] if len(compact) == _FULL_LENGTH else None


def _is_injury(code: str) -> bool:
    # Chapter 19, S00-T88: injury, poisoning and other consequences of external causes.
    return code[:1] in {"S", "T"}


def _is_orthopedic_aftercare(code: str) -> bool:
    return code.startswith("Z47")


def _is_external_cause(code: str) -> bool:
    # Chapter 20, V00-Y99, says how an injury happened; it is never the reason for the visit.
    return code[:1] in {"V", "W", "X", "Y"}


def _distinct(codes: Iterable[str]) -> tuple[str, ...]:
    """Normalized, blanks dropped, first occurrence kept (the claim's order is its priority)."""
    return tuple(dict.fromkeys(normalize_code(c) for c in codes if c.strip()))


class NecessityOutcome(StrEnum):
    QUALIFIES = "qualifies"
    STRESS_ONLY = "stress_only"
    NOT_QUALIFYING = "not_qualifying"


@dataclass(frozen=True, slots=True)
class NecessityFinding:
    """The outcome and the (code, value set name) pairs it rests on."""

    outcome: NecessityOutcome
    matched: tuple[tuple[str, str], ...] = ()


def assess_medical_necessity(
    codes: Sequence[str], qualifying: Sequence[ValueSet], stress: ValueSet
) -> NecessityFinding:
    """Does any diagnosis make the care medically necessary?

    QUALIFIES when any code is in any qualifying value set. STRESS_ONLY when none is and every
    code that matters is a stress code: stress reduction alone is never covered. External-cause
    codes (V00-Y99) do not matter here: they only describe how an injury happened.
    NOT_QUALIFYING otherwise, including when there are no codes.
    """
    distinct = _distinct(codes)
    matched = tuple((code, vs.name) for code in distinct for vs in qualifying if vs.contains(code))
    if matched:
        return NecessityFinding(NecessityOutcome.QUALIFIES, matched)
    relevant = tuple(code for code in distinct if not _is_external_cause(code))
    if relevant and all(stress.contains(code) for code in relevant):
        return NecessityFinding(
            NecessityOutcome.STRESS_ONLY, tuple((code, stress.name) for code in relevant)
        )
    return NecessityFinding(NecessityOutcome.NOT_QUALIFYING)
