"""Reading the fields of a YAML document, recording every problem with its file and field path.

Nothing here raises on the first problem: each reader records a `Problem` ('w1.yaml:
claims[0].lines[1].units: must be a positive integer') and returns a stand-in value, so a plan
administrator sees every mistake of a file at once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TypeVar

from camnav.domain.money import Cents, MoneyFormatError, parse_money
from camnav.library.problems import DOCUMENT, InvalidDataFiles, Problem, read_yaml

__all__ = ["DOCUMENT", "InvalidScenario", "Node", "Problem", "Sink", "keys", "read_document"]

E = TypeVar("E", bound=StrEnum)


def keys(text: str) -> tuple[str, ...]:
    """The key names of a mapping, written as one line of words."""
    return tuple(text.split())


class InvalidScenario(InvalidDataFiles):
    """A scenario file that cannot be run; `problems` holds every problem found in it."""


@dataclass(slots=True)
class Sink:
    """Where the readers of one file put what they find wrong, and the categories they read."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    categories: list[tuple[str, str]] = field(default_factory=list)

    def check_categories(self, known: Collection[str]) -> None:
        wanted = ", ".join(sorted(known))
        for path, category in self.categories:
            if category and category not in known:
                message = f"unknown category {category!r}; known: {wanted}"
                self.problems.append(Problem(self.file, path, message))


class Node:
    """One mapping of the document at a field path; a bad field records a problem, not an error.

    Readers return a stand-in value (empty text, 0, date.min) after recording a problem: the
    scenario is refused as a whole once every problem is known, so the stand-in is never used.
    """

    def __init__(self, data: Mapping[object, object], path: str, sink: Sink):
        self.data, self.path, self.sink = data, path, sink

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, message: str) -> None:
        self.sink.problems.append(Problem(self.sink.file, self.at(key), message))

    def category(self, key: str) -> str:
        """A service category, checked against the catalogue once the whole file is read."""
        value = self.text(key)
        self.sink.categories.append((self.at(key), value))
        return value

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def only(self, allowed: Iterable[str]) -> None:
        known = set(allowed)
        for key in self.data:
            if key not in known:
                self.fail(str(key), f"unknown key; expected one of: {', '.join(sorted(known))}")

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key)
        if value is None and default is not None:
            return default
        return self._as_text(key, value)

    def optional_text(self, key: str) -> str:
        return self.text(key, default="")

    def _as_text(self, key: str, value: object) -> str:
        # Codes such as 97124 or 59 arrive from YAML as numbers; they are texts all the same.
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "is required" if value is None else "must be a text")
            return ""
        return value.strip()

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.fail(key, "must be a list")
            return ()
        return tuple(self._as_text(f"{key}[{i}]", item) for i, item in enumerate(value))

    def day(self, key: str, required: bool = True) -> date | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "is required")
            return date.min if required else None
        if isinstance(value, date):
            return value
        # The reader gives dates as ISO text (the plan library's JSON data).
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(key, f"must be a date (YYYY-MM-DD), not {value!r}")
            return date.min

    def money(self, key: str, required: bool = True) -> Cents | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "is required")
            return 0 if required else None
        try:
            if not isinstance(value, str | int | float) or isinstance(value, bool):
                raise MoneyFormatError(repr(value))
            cents = parse_money(value)
        except MoneyFormatError:
            self.fail(key, f'must be an amount of money such as "25.00", not {value!r}')
            return 0
        if cents < 0:
            self.fail(key, "must not be negative")
        return cents

    def count(self, key: str, default: int | None = None, positive: bool = False) -> int:
        value = self.data.get(key)
        if value is None and default is not None:
            return default
        least = 1 if positive else 0
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            wanted = "a positive integer" if positive else "a whole number, 0 or more"
            self.fail(key, "is required" if value is None else f"must be {wanted}")
            return least
        return value

    def optional_count(self, key: str, positive: bool = False) -> int | None:
        return self.count(key, positive=positive) if self.has(key) else None

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.fail(key, "must be true or false")
            return False
        return value

    def choice(self, key: str, kind: type[E], default: E | None = None) -> E:
        value = self.data.get(key)
        if value is None and default is not None:
            return default
        try:
            return kind(str(value).strip().lower())
        except ValueError:
            options = ", ".join(member.value for member in kind)
            self.fail(key, "is required" if value is None else f"must be one of: {options}")
            return next(iter(kind))

    def node(self, key: str, required: bool = False) -> Node | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "is required")
            return None
        if not isinstance(value, dict):
            self.fail(key, "must be a mapping of keys to values")
            return None
        return Node(value, self.at(key), self.sink)

    def nodes(self, key: str, required: bool = False) -> list[Node]:
        value = self.data.get(key)
        if value is None or value == []:
            if required:
                self.fail(key, "needs at least one entry")
            return []
        if not isinstance(value, list):
            self.fail(key, "must be a list")
            return []
        found = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found.append(Node(item, f"{self.at(key)}[{index}]", self.sink))
            else:
                self.fail(f"{key}[{index}]", "must be a mapping of keys to values")
        return found

    def keyed(self, key: str, allowed: Iterable[str] | None = None) -> Node | None:
        """A mapping whose keys are names (buckets, limit ids); `allowed` restricts them."""
        found = self.node(key)
        if found is not None and allowed is not None:
            found.only(allowed)
        return found


def read_document(file: str, problems: list[Problem]) -> Mapping[object, object] | None:
    """The file's YAML as data (dates as ISO text), or None with the reason among `problems`.

    The plan library's reader is used so scenario and plan files share one YAML dialect: a key
    written twice is an error, and a syntax error names its line and column.
    """
    try:
        document = read_yaml(file)
    except InvalidDataFiles as error:
        problems.extend(error.problems)
        return None
    if not isinstance(document, dict):
        problems.append(Problem(file, DOCUMENT, "must be a mapping of keys to values"))
        return None
    return document
