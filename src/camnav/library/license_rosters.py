"""State-board license rosters as CSV: one license a row, as the boards' lookups show them.

Columns, by name in any order (case, spaces and hyphens ignored; a few common spellings are
accepted): `license_number`, `name`, `state`, `status` (active, lapsed, inactive, denied,
suspended or revoked), and optionally `issued` and `expires` (YYYY-MM-DD or MM/DD/YYYY). A row
that cannot be read is a RowProblem with its row number; the others still load.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from camnav.domain.providers import License, LicenseStatus
from camnav.library.csv_records import (
    FieldCountError,
    Progress,
    RawRecord,
    RowProblem,
    header_names,
    raw_records,
    split_fields,
)
from camnav.library.licensing import US_STATES

_ALIASES: Mapping[str, tuple[str, ...]] = {
    "license_number": ("license_number", "license_no", "license", "number"),
    "name": ("name", "licensee", "licensee_name", "full_name"),
    "state": ("state", "license_state"),
    "status": ("status", "license_status"),
    "issued": ("issued", "issue_date", "issued_on", "original_issue_date"),
    "expires": ("expires", "expiry_date", "expiration_date", "expires_on"),
}
REQUIRED = ("license_number", "name", "state", "status")
_STATUSES = frozenset(s.value for s in LicenseStatus)


@dataclass(frozen=True, slots=True)
class RosterEntry:
    row: int
    number: str
    name: str
    state: str
    status: LicenseStatus
    issued: date | None
    expires: date | None

    @property
    def license(self) -> License:
        return License(self.number, self.state, self.status, self.expires, self.issued)


def read_roster(
    stream: BinaryIO, progress: Progress | None = None
) -> Iterator[RosterEntry | RowProblem]:
    """Each row of a roster as an entry or a row problem; a header without a required column
    is one problem at row 1, and nothing is read."""
    records = raw_records(stream, progress)
    header = next(records, None)
    if header is None:
        yield RowProblem(1, "the file is empty")
        return
    columns = _columns(header)
    if isinstance(columns, RowProblem):
        yield columns
        return
    for record in records:
        if record.text.strip():
            yield _entry(record, columns)


def _columns(header: RawRecord) -> tuple[dict[str, int], int] | RowProblem:
    if header.undecodable:
        return RowProblem(header.row, f"the header {header.undecodable}")
    try:
        names = [_normal(name) for name in header_names(header)]
    except csv.Error as error:
        return RowProblem(header.row, f"the header is not valid CSV: {error}")
    found = {
        column: names.index(alias)
        for column, aliases in _ALIASES.items()
        for alias in aliases
        if alias in names
    }
    missing = [column for column in REQUIRED if column not in found]
    if missing:
        return RowProblem(header.row, f"missing column(s) {', '.join(missing)}")
    return found, len(names)


def _normal(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def _entry(record: RawRecord, columns: tuple[dict[str, int], int]) -> RosterEntry | RowProblem:
    if record.undecodable:
        return RowProblem(record.row, f"the row {record.undecodable}")
    at, width = columns
    try:
        fields = split_fields(record.text, width)
    except FieldCountError as error:
        return RowProblem(record.row, str(error))
    except csv.Error as error:
        return RowProblem(record.row, f"not valid CSV: {error}")
    values = {column: fields[index].strip() for column, index in at.items()}
    try:
        return _checked(record.row, values)
    except ValueError as error:
        return RowProblem(record.row, str(error))


def _checked(row: int, values: Mapping[str, str]) -> RosterEntry:
    """The entry, or ValueError saying which value is wrong."""
    number, state = values["license_number"], values["state"].upper()
    if not number:
        raise ValueError("the license number is empty")
    if state not in US_STATES:
        raise ValueError(f"state {values['state']!r} is not a US state code")
    status = values["status"].lower()
    if status not in _STATUSES:
        known = ", ".join(s.value for s in LicenseStatus)
        raise ValueError(f"status {values['status']!r} is not one of {known}")
    issued, expires = _date(values, "issued"), _date(values, "expires")
    if issued and expires and expires < issued:
        raise ValueError(f"expires {expires} before it was issued ({issued})")
    return RosterEntry(row, number, values["name"], state, LicenseStatus(status), issued, expires)


def _date(values: Mapping[str, str], column: str) -> date | None:
    """YYYY-MM-DD or MM/DD/YYYY; ValueError naming the column otherwise."""
    text = values.get(column, "")
    if not text:
        return None
    try:
        if "/" not in text:
            return date.fromisoformat(text) if len(text) == 10 else _not_a_date(column, text)
        month, day, year = text.split("/")
        return (
            date(int(year), int(month), int(day)) if len(year) == 4 else _not_a_date(column, text)
        )
    except ValueError:
        return _not_a_date(column, text)


def _not_a_date(column: str, text: str) -> date:
    raise ValueError(f"{column} {text!r} is not a date (YYYY-MM-DD or MM/DD/YYYY)")
