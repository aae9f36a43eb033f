"""Problems found in camnav's data files, each naming the file, the place in it and what is wrong.

Readers collect every problem of a file before giving up, so one run of `camnav plans validate`
shows all of them. This module reads YAML into JSON data (dates become ISO text, keys text) and
turns YAML syntax errors and JSON-Schema errors into problems with a path such as
`benefits.massage.cost_share.in_network.copay` or `visit_limits[0].categories[1]`.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml
from jsonschema import Draft202012Validator, ValidationError

# The path of a problem that concerns a whole file rather than one entry in it.
DOCUMENT = "(document)"

FilePath = str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a data file: where (file, path inside it) and why."""

    file: str
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.reason}"


class InvalidDataFiles(Exception):
    """One or more data files are wrong; `problems` holds every problem found, one per line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def read_yaml(path: FilePath) -> object:
    """A YAML file as JSON data; an unreadable file or a syntax error is an InvalidDataFiles."""
    file = os.fspath(path)
    try:
        with open(path, encoding="utf-8") as stream:
            return json_data(yaml.load(stream, Loader=_StrictLoader))
    except OSError as error:
        raise InvalidDataFiles(
            [Problem(file, DOCUMENT, f"cannot read: {error.strerror}")]
        ) from None
    except UnicodeDecodeError:
        raise InvalidDataFiles([Problem(file, DOCUMENT, "not UTF-8 text")]) from None
    except yaml.YAMLError as error:
        raise InvalidDataFiles([_syntax_problem(file, error)]) from None


def read_checked(path: FilePath, validator: Draft202012Validator) -> tuple[str, Mapping[str, Any]]:
    """A YAML file's name and document, which the validator's schema (an object) accepts; else
    InvalidDataFiles listing every schema error."""
    file = os.fspath(path)
    document = read_yaml(path)
    problems = schema_problems(validator, document, file)
    if problems:
        raise InvalidDataFiles(problems)
    if not isinstance(document, Mapping):
        raise InvalidDataFiles([Problem(file, DOCUMENT, "expected a mapping")])
    return file, document


def json_data(value: object) -> object:
    """YAML data as JSON data: dates as ISO text and mapping keys as text, the rest unchanged.

    YAML reads `2025-01-01` as a date and `97124:` as a number; the JSON Schemas speak of text.
    """
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(json_data(key)): json_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_data(item) for item in value]
    return value


class _StrictLoader(yaml.SafeLoader):
    """yaml.SafeLoader that refuses a key given twice in a mapping (PyYAML keeps the last)."""


# `<<: *defaults` merges another mapping; its keys may be overridden, so it is not a duplicate.
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _mapping_without_duplicates(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[object] = set()
    for key_node, _ in node.value:
        if key_node.tag == _MERGE_TAG:
            continue
        key = loader.construct_object(key_node)
        if isinstance(key, str | int | float | bool | date) and key in seen:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                node.start_mark,
                f"duplicate key {key!r}",
                key_node.start_mark,
            )
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


def _syntax_problem(file: str, error: yaml.YAMLError) -> Problem:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}"
        return Problem(file, where, f"not valid YAML: {error.problem}")
    return Problem(file, DOCUMENT, f"not valid YAML: {error}")


def json_path(parts: Iterable[str | int]) -> str:
    """`['benefits', 'massage', 'visits', 0]` -> `benefits.massage.visits[0]`."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or DOCUMENT


def schema_problems(validator: Draft202012Validator, document: object, file: str) -> list[Problem]:
    """Every JSON-Schema error of a document as a problem, in the schema's order, once each."""
    found = (
        problem for error in validator.iter_errors(document) for problem in _problems(error, file)
    )
    return list(dict.fromkeys(found))


def _problems(error: ValidationError, file: str) -> Iterator[Problem]:
    parts = list(error.absolute_path)
    # jsonschema types these as "Any | Unset"; they are set on every error iter_errors yields.
    value: Any = error.validator_value
    instance: Any = error.instance
    if error.validator == "required":
        for name in (name for name in value if name not in instance):
            yield Problem(file, json_path([*parts, name]), "missing (required)")
    elif error.validator == "additionalProperties" and isinstance(error.schema, Mapping):
        allowed = sorted(error.schema.get("properties", {}))
        for name in sorted(set(instance) - set(allowed)):
            yield Problem(file, json_path([*parts, name]), _unknown_field(name, allowed))
    else:
        if "propertyNames" in error.relative_schema_path:
            parts.append(str(instance))
        yield Problem(file, json_path(parts), _reason(error, value, instance))


def _unknown_field(name: str, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1)
    if close:
        return f"unknown field; did you mean {close[0]!r}?"
    return f"unknown field; expected one of: {', '.join(allowed)}"


def _reason(error: ValidationError, value: Any, instance: Any) -> str:
    """The error in plain words, using the schema's `x-expected` hint where it has one."""
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    hint = schema.get("x-expected")
    if error.validator in ("type", "pattern", "format") and hint:
        return f"expected {hint}, got {_describe(instance)}"
    if error.validator == "type":
        return f"expected {_type_words(value)}, got {_describe(instance)}"
    if error.validator == "enum":
        choices = [str(choice) for choice in value]
        close = difflib.get_close_matches(str(instance), choices, n=1)
        guess = f"; did you mean {close[0]!r}?" if close else ""
        return f"expected one of {', '.join(choices)}; got {_describe(instance)}{guess}"
    if error.validator == "const":
        return f"expected {value!r}, got {_describe(instance)}"
    return _LIMITS.get(str(error.validator), "{message}").format(value=value, message=error.message)


_LIMITS = {
    "minimum": "must be at least {value}",
    "maximum": "must be at most {value}",
    "minItems": "needs at least {value} item(s)",
    "minProperties": "needs at least {value} entry",
    "uniqueItems": "lists the same item twice",
}

_TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def _type_words(types: str | Sequence[str]) -> str:
    names = [types] if isinstance(types, str) else list(types)
    return " or ".join(_TYPE_WORDS.get(name, name) for name in names)


def _describe(value: object) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true or false)"
    if isinstance(value, int | float):
        return f"{value} (a number)"
    return repr(value)


def _timestamp_or_text(loader: _StrictLoader, node: yaml.ScalarNode) -> object:
    """A date-shaped scalar that is no real date (2025-13-01) stays text, so the schema's date
    check reports it at its path instead of PyYAML failing on the whole file."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
