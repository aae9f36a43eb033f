"""The real ICD-10-CM code set, by date of service, and the value sets defined over it.

The base set is the one the simple_icd_10_cm package ships (ICD-10-CM of April 1, 2026). Older
dates of service are judged with data/icd10cm-changes.yaml, which records the CMS addenda changes
camnav depends on (e.g. M54.5 was billable until 2021-09-30, a header from 2021-10-01).

Parsing the package's XML takes a few seconds, so it happens once, on first use, and is cached
for the life of the process.
"""

from __future__ import annotations

import bisect
import functools
import os
import re
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from camnav.domain.diagnoses import CodePattern, CodeStatus, ValueSet, normalize_code
from camnav.library.errors import DataFileError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CHANGES_FILE = DATA_DIR / "icd10cm-changes.yaml"
VALUE_SETS_FILE = DATA_DIR / "value-sets.yaml"

FilePath = str | os.PathLike[str]


# --- the base set: the package's code set, indexed once ------------------------------------


@dataclass(frozen=True, slots=True)
class _BaseSet:
    """The current code set: which codes are billable (leaves), which are headers."""

    descriptions: Mapping[str, str]  # every category and subcategory, normalized
    billable: tuple[str, ...]  # leaves, in the code set's order
    headers: frozenset[str]
    # Billable codes without dots, sorted: a pattern's descendants are one contiguous range.
    compact_sorted: tuple[str, ...]

    def billable_under(self, stem: str) -> Iterator[str]:
        """Billable codes whose undotted form starts with `stem` (undotted)."""
        start = bisect.bisect_left(self.compact_sorted, stem)
        for compact in self.compact_sorted[start:]:
            if not compact.startswith(stem):
                return
            yield normalize_code(compact)


_base_lock = threading.Lock()
_base: _BaseSet | None = None


def _base_set() -> _BaseSet:
    """The base set, built on first use and kept for the life of the process."""
    global _base
    # The lock keeps two threads from both parsing the XML on first use.
    with _base_lock:
        if _base is None:
            _base = _index(_icd_package())
        return _base


def _icd_package() -> Any:
    # simple_icd_10_cm parses its XML at import and uses a deprecated importlib.resources call;
    # the warning is the package's, not ours, and tests turn warnings into errors.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm

    return simple_icd_10_cm


def _index(package: Any) -> _BaseSet:
    descriptions: dict[str, str] = {}
    billable: list[str] = []
    headers: set[str] = set()
    for code in package.get_all_codes(True):
        # Chapters ("1") and blocks ("A00-A09") are in the list too; they are not diagnoses.
        if not package.is_category_or_subcategory(code):
            continue
        descriptions[code] = str(package.get_description(code))
        if package.is_leaf(code):
            billable.append(code)
        else:
            headers.add(code)
    compact = tuple(sorted(code.replace(".", "") for code in billable))
    return _BaseSet(descriptions, tuple(billable), frozenset(headers), compact)


# --- the history: codes added, expanded and deleted on a date ------------------------------


@dataclass(frozen=True, slots=True)
class _History:
    added_on: Mapping[str, date]  # first date the code is billable
    retired_on: Mapping[str, date]  # first date the code is no longer billable
    replaced_by: Mapping[str, tuple[str, ...]]  # retired code -> codes to use instead
    formerly: Mapping[str, str]  # code added by an expansion -> the code billable before it


@dataclass
class _HistoryBuilder:
    """Collects the changes of the file, checking each against the base set."""

    file: str
    base: _BaseSet
    added_on: dict[str, date] = field(default_factory=dict)
    retired_on: dict[str, date] = field(default_factory=dict)
    replaced_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    formerly: dict[str, str] = field(default_factory=dict)
    added_at: dict[str, str] = field(default_factory=dict)  # added code -> its place, for errors

    def add(self, path: str, code: str, on: date) -> None:
        self._once(self.added_on, path, code, on)
        self.added_at[code] = path

    def retire(self, path: str, code: str, on: date, use: tuple[str, ...]) -> None:
        self._once(self.retired_on, path, code, on)
        self.replaced_by[code] = use

    def expand(self, path: str, code: str, on: date, children: tuple[str, ...]) -> None:
        if code not in self.base.headers:
            raise DataFileError(self.file, path, f"{code} is not a header in the base code set")
        self.retire(path, code, on, children)
        for position, child in enumerate(children):
            self.add(f"{path}[{position}]", child, on)
            self.formerly[child] = code

    def delete(self, path: str, code: str, on: date, use: tuple[str, ...]) -> None:
        if code in self.base.descriptions:
            raise DataFileError(self.file, path, f"{code} is still in the base code set")
        self.retire(path, code, on, use)

    def _once(self, seen: dict[str, date], path: str, code: str, on: date) -> None:
        # One date per code and kind of change keeps the timeline unambiguous.
        if code in seen:
            raise DataFileError(self.file, path, f"{code} already changes on {seen[code]}")
        seen[code] = on

    def build(self) -> _History:
        # Checked at the end: a code added in one change may be deleted by a later one.
        for code, path in self.added_at.items():
            if code not in self.base.descriptions and code not in self.retired_on:
                raise DataFileError(self.file, path, f"{code} is not in the base code set")
        return _History(self.added_on, self.retired_on, self.replaced_by, self.formerly)


def _load_history(file: FilePath, base: _BaseSet) -> _History:
    name = os.fspath(file)
    document = _mapping(_read_yaml(file), name, "(document)")
    builder = _HistoryBuilder(name, base)
    for position, change in enumerate(_list(document.get("changes", []), name, "changes")):
        _apply_change(builder, f"changes[{position}]", change)
    return builder.build()


def _apply_change(builder: _HistoryBuilder, path: str, change: object) -> None:
    entry = _mapping(change, builder.file, path)
    _only_keys(entry, {"effective", "source", "expanded", "added", "deleted"}, builder.file, path)
    on = _date(entry.get("effective"), builder.file, f"{path}.effective")
    _text(entry.get("source"), builder.file, f"{path}.source")
    for code, use in _code_map(entry.get("expanded", {}), builder.file, f"{path}.expanded"):
        builder.expand(f"{path}.expanded.{code}", code, on, use)
    for code, use in _code_map(entry.get("deleted", {}), builder.file, f"{path}.deleted"):
        builder.delete(f"{path}.deleted.{code}", code, on, use)
    for position, item in enumerate(_list(entry.get("added", []), builder.file, f"{path}.added")):
        item_path = f"{path}.added[{position}]"
        builder.add(item_path, normalize_code(_text(item, builder.file, item_path)), on)


def _code_map(value: object, file: str, path: str) -> Iterator[tuple[str, tuple[str, ...]]]:
    for code, use in _mapping(value, file, path).items():
        codes = _list(use, file, f"{path}.{code}")
        yield (
            normalize_code(str(code)),
            tuple(normalize_code(_text(c, file, f"{path}.{code}")) for c in codes),
        )


# --- the adapter ---------------------------------------------------------------------------


class Icd10CmCodeSet:
    """`CodeSet` on the real ICD-10-CM: the April-2026 base set plus the recorded history."""

    def __init__(self, base: _BaseSet, history: _History) -> None:
        self._base = base
        self._history = history

    def status(self, code: str, on: date) -> CodeStatus:
        """Not yet effective before its addition; billable before its retirement; then by the base
        set: a leaf is billable, a node with codes under it a header, a retired code deleted."""
        code = normalize_code(code)
        added, retired = self._history.added_on.get(code), self._history.retired_on.get(code)
        if added is not None and on < added:
            return CodeStatus.NOT_YET_EFFECTIVE
        if retired is not None and on < retired:
            return CodeStatus.VALID
        if code in self._base.headers:
            return CodeStatus.HEADER
        if code in self._base.descriptions:
            return CodeStatus.VALID
        return CodeStatus.DELETED if retired is not None else CodeStatus.UNKNOWN

    def description(self, code: str) -> str | None:
        return self._base.descriptions.get(normalize_code(code))

    def all_codes(self) -> Iterable[str]:
        return self._base.billable

    def replacements(self, code: str, on: date) -> tuple[str, ...]:
        """Codes billable on that date to use instead: the codes under a header, a deleted code's
        recorded replacements, or the code a not-yet-effective code was split from."""
        code = normalize_code(code)
        candidates: Iterable[str]
        if self.status(code, on) is CodeStatus.NOT_YET_EFFECTIVE:
            former = self._history.formerly.get(code)
            candidates = (former,) if former else ()
        elif code in self._base.headers:
            candidates = self._base.billable_under(code.replace(".", ""))
        else:
            candidates = self._history.replaced_by.get(code, ())
        return tuple(c for c in candidates if self.status(c, on) is CodeStatus.VALID)

    def matching(self, pattern: CodePattern) -> tuple[str, ...]:
        """The billable codes of the current set that the pattern matches."""
        stem = pattern.code.replace(".", "")
        under = self._base.billable_under(stem)
        return tuple(code for code in under if pattern.matches(code))


def load_code_set(changes: FilePath | None = None) -> Icd10CmCodeSet:
    """The code set with the history in `changes` (default: data/icd10cm-changes.yaml)."""
    base = _base_set()
    return Icd10CmCodeSet(base, _load_history(changes or CHANGES_FILE, base))


@functools.cache
def default_code_set() -> Icd10CmCodeSet:
    """The code set with camnav's own history file, loaded once per process."""
    return load_code_set()


# --- value sets ----------------------------------------------------------------------------

_VALUE_SET_KEYS = {"title", "source", "includes", "excludes"}
_PATTERN_KEYS = {"pattern", "seventh_character"}
# A letter, then up to 6 letters or digits (without the dot), optionally ending in '*'.
_PATTERN_SYNTAX = re.compile(r"[A-Z][0-9A-Z]{0,6}\*?")


def load_value_sets(
    path: FilePath | None = None, code_set: Icd10CmCodeSet | None = None
) -> dict[str, ValueSet]:
    """Read the value sets (default: data/value-sets.yaml), refusing any pattern that matches no
    billable code of the code set: a typo there would silently deny every claim it should cover."""
    file = os.fspath(path or VALUE_SETS_FILE)
    codes = code_set or default_code_set()
    document = _mapping(_read_yaml(file), file, "(document)")
    _only_keys(document, {"value_sets"}, file, "(document)")
    entries = _mapping(document.get("value_sets"), file, "value_sets")
    return {str(name): _value_set(str(name), entry, codes, file) for name, entry in entries.items()}


def expand(value_set: ValueSet, code_set: Icd10CmCodeSet | None = None) -> tuple[str, ...]:
    """The billable codes of the current set in the value set."""
    codes = code_set or default_code_set()
    found = (code for pattern in value_set.includes for code in codes.matching(pattern))
    return tuple(code for code in dict.fromkeys(found) if value_set.contains(code))


def _value_set(name: str, entry: object, codes: Icd10CmCodeSet, file: str) -> ValueSet:
    path = f"value_sets.{name}"
    fields = _mapping(entry, file, path)
    _only_keys(fields, _VALUE_SET_KEYS, file, path)
    title = _text(fields.get("title"), file, f"{path}.title")
    _text(fields.get("source"), file, f"{path}.source")
    includes = _patterns(fields.get("includes"), codes, file, f"{path}.includes")
    excludes = _patterns(fields.get("excludes", []), codes, file, f"{path}.excludes")
    if not includes:
        raise DataFileError(file, f"{path}.includes", "a value set needs at least one pattern")
    value_set = ValueSet(name, title, includes, excludes)
    if not expand(value_set, codes):
        raise DataFileError(file, path, "the excludes remove every code of the includes")
    return value_set


def _patterns(
    value: object, codes: Icd10CmCodeSet, file: str, path: str
) -> tuple[CodePattern, ...]:
    items = _list(value, file, path)
    return tuple(_pattern(item, codes, file, f"{path}[{i}]") for i, item in enumerate(items))


def _pattern(item: object, codes: Icd10CmCodeSet, file: str, path: str) -> CodePattern:
    """'M54.5*', or {pattern: 'S*', seventh_character: 'D'}; it must match a billable code."""
    if isinstance(item, dict):
        _only_keys(item, _PATTERN_KEYS, file, path)
        text = _text(item.get("pattern"), file, f"{path}.pattern")
        seventh = _text(item.get("seventh_character"), file, f"{path}.seventh_character")
    else:
        text, seventh = _text(item, file, path), None
    if not _PATTERN_SYNTAX.fullmatch(text.replace(".", "").upper()):
        raise DataFileError(file, path, f"{text!r} is not an ICD-10-CM code pattern")
    try:
        pattern = CodePattern.parse(text, seventh)
    except ValueError as error:
        raise DataFileError(file, path, str(error)) from error
    if not codes.matching(pattern):
        raise DataFileError(file, path, f"pattern {text!r} matches no billable ICD-10-CM code")
    return pattern


# --- reading YAML with errors that say where -----------------------------------------------


def _read_yaml(file: FilePath) -> object:
    with open(file, encoding="utf-8") as stream:
        try:
            return yaml.safe_load(stream)
        except yaml.YAMLError as error:
            raise DataFileError(file, "(document)", f"not valid YAML: {error}") from error


def _mapping(value: object, file: str, path: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise DataFileError(file, path, "expected a mapping")
    return {str(key): item for key, item in value.items()}


def _list(value: object, file: str, path: str) -> list[object]:
    if not isinstance(value, list):
        raise DataFileError(file, path, "expected a list")
    return value


def _text(value: object, file: str, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(file, path, "expected a non-empty text")
    return value.strip()


def _date(value: object, file: str, path: str) -> date:
    # YAML reads 2021-10-01 as a date already; a quoted one arrives as text.
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value, file, path))
    except ValueError as error:
        raise DataFileError(file, path, f"expected a date (YYYY-MM-DD): {value!r}") from error


def _only_keys(value: Mapping[str, object], allowed: set[str], file: str, path: str) -> None:
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise DataFileError(file, path, f"unknown key(s) {unknown}; allowed: {sorted(allowed)}")
