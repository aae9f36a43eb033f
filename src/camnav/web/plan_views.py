"""A plan version as rules with their citations, and two versions side by side."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    path: str
    terms: tuple[tuple[str, str], ...]
    citation: str


@dataclass(frozen=True, slots=True)
class Difference:
    path: str
    before: str
    after: str


def _shown(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value) or "—"
    return str(value)


def _named(path: str, key: object) -> str:
    name = str(key).replace("_", " ")
    return f"{path} › {name}" if path else name


def plan_rules(document: dict[str, object], path: str = "") -> tuple[Rule, ...]:
    """Each part of the plan that cites a clause, with its terms; the rest under 'plan'."""
    terms = []
    rules: list[Rule] = []
    for key, value in document.items():
        if key == "citation":
            continue
        if isinstance(value, dict):
            rules += plan_rules(value, _named(path, key))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for item in value:
                label = item.get("id") or item.get("modality") or ""
                rules += plan_rules(item, _named(path, f"{key} {label}".strip()))
        else:
            terms.append((str(key).replace("_", " "), _shown(value)))
    citation = str(document.get("citation") or "")
    own = [Rule(path or "plan", tuple(terms), citation)] if terms or citation else []
    return tuple(own + rules)


def flatten(document: object, path: str = "") -> dict[str, str]:
    """Every value of the document under its path."""
    if isinstance(document, dict):
        found: dict[str, str] = {}
        for key, value in document.items():
            found |= flatten(value, _named(path, key))
        return found
    if isinstance(document, list) and document and all(isinstance(v, dict) for v in document):
        found = {}
        for i, item in enumerate(document):
            label = item.get("id") or item.get("modality") or str(i + 1)
            found |= flatten(item, _named(path, label))
        return found
    return {path: _shown(document)}


def differences(before: dict[str, object], after: dict[str, object]) -> tuple[Difference, ...]:
    """What changed between two versions, in the order of the documents."""
    old, new = flatten(before), flatten(after)
    paths = list(old) + [p for p in new if p not in old]
    return tuple(
        Difference(p, old.get(p, "—"), new.get(p, "—"))
        for p in paths
        if old.get(p, "—") != new.get(p, "—")
    )
