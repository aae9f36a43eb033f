"""The service catalogue: procedure codes, the categories they belong to, and their unit rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from camnav.domain.money import Cents

# CMS's 8-minute rule: 8-22 timed minutes are one 15-minute unit, 23-37 two, and so on.
MINIMUM_TIMED_MINUTES = 8
UNIT_MINUTES = 15

# Modifiers that mark a distinct procedure, lifting the manual-therapy/manipulation bundle.
DISTINCT_PROCEDURE_MODIFIERS = frozenset({"59", "XS", "XE", "XP", "XU"})
# How many codes as billed a catalogue remembers its answer for (any text can be billed).
_REMEMBERED_CODES = 4096


@dataclass(frozen=True, slots=True)
class Procedure:
    """A procedure code with the categories it can be billed under and how its units work."""

    code: str
    description: str
    categories: tuple[str, ...]
    timed: bool = False
    initial_of_day: bool = False
    add_on_to: tuple[str, ...] = ()
    spinal_manipulation: bool = False
    bundles_with_manipulation: bool = False

    @property
    def primary_category(self) -> str:
        return self.categories[0]

    @property
    def same_day_rule(self) -> bool:
        """Whether the code has a rule about the other lines of its day."""
        return bool(self.initial_of_day or self.add_on_to or self.bundles_with_manipulation)


@dataclass(frozen=True, slots=True)
class TypicalService:
    """One line of a typical visit, used to price a visit before
    care (coverage answer, estimate)."""

    code: str
    units: int
    minutes: int | None = None


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Every procedure camnav knows, and the typical visit of each category."""

    procedures: Mapping[str, Procedure]
    typical_visits: Mapping[str, tuple[TypicalService, ...]]
    category_titles: Mapping[str, str]
    # Answers by code as billed: every claim line asks, and claims repeat the same few codes.
    _answers: dict[str, Procedure | None] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_answers", {})

    def get(self, code: str) -> Procedure | None:
        try:
            return self._answers[code]
        except KeyError:
            if len(self._answers) >= _REMEMBERED_CODES:
                self._answers.clear()
            found = self._answers[code] = self.procedures.get(code.strip().upper())
            return found

    def title(self, category: str) -> str:
        return self.category_titles.get(category, category.replace("_", " "))


@dataclass(frozen=True, slots=True)
class FeeSchedule:
    """Rates per unit for one network (contracted) or a reference schedule (out-of-network
    pricing)."""

    id: str
    name: str
    rates: Mapping[str, Cents]
    effective_from: date | None = None
    effective_to: date | None = None

    def rate(self, code: str) -> Cents | None:
        return self.rates.get(code)


def units_for_minutes(minutes: int) -> int:
    """Billable 15-minute units under the 8-minute rule; under 8 minutes bills nothing."""
    if minutes < MINIMUM_TIMED_MINUTES:
        return 0
    return (minutes + MINIMUM_TIMED_MINUTES - 1) // UNIT_MINUTES


def is_distinct_procedure(modifiers: tuple[str, ...]) -> bool:
    """Modifier 59 or an X{EPSU} modifier marks a separate region or encounter."""
    return any(m.upper() in DISTINCT_PROCEDURE_MODIFIERS for m in modifiers)
