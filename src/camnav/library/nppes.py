"""The NPI registry's public data file (NPPES "data dissemination" CSV), read as a stream.

The file has one record per NPI and about 330 columns, every field quoted; camnav reads the
columns below by name, in any order. It keeps individual providers (entity type 1) whose
taxonomy slots hold one of the four taxonomies camnav deals with, with the license number and
state of each such slot. A record that cannot be kept is a RowProblem with its row number;
records of other taxonomies, organizations and deactivated NPIs are skipped, not problems.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import BinaryIO

from camnav.domain.npi import npi_problem
from camnav.domain.providers import TAXONOMY_CATEGORIES
from camnav.library.csv_records import (
    Progress,
    RawRecord,
    RowProblem,
    header_names,
    raw_records,
    split_fields,
)
from camnav.library.licensing import US_STATES
from camnav.library.zip_codes import zip_code_of

NPI = "NPI"
ENTITY_TYPE = "Entity Type Code"
LAST_NAME = "Provider Last Name (Legal Name)"
FIRST_NAME = "Provider First Name"
MIDDLE_NAME = "Provider Middle Name"
CREDENTIAL = "Provider Credential Text"
ADDRESS_LINES = (
    "Provider First Line Business Practice Location Address",
    "Provider Second Line Business Practice Location Address",
)
CITY = "Provider Business Practice Location Address City Name"
STATE = "Provider Business Practice Location Address State Name"
POSTAL_CODE = "Provider Business Practice Location Address Postal Code"
DEACTIVATED = "NPI Deactivation Date"
REACTIVATED = "NPI Reactivation Date"
# Renamed from "Provider Gender Code" in 2024; either is read.
SEX_CODES = ("Provider Sex Code", "Provider Gender Code")
TAXONOMY_SLOTS = 15


def slot_columns(n: int) -> tuple[str, str, str, str]:
    """Taxonomy slot n's columns: code, license number, license state, primary switch."""
    return (
        f"Healthcare Provider Taxonomy Code_{n}",
        f"Provider License Number_{n}",
        f"Provider License Number State Code_{n}",
        f"Healthcare Provider Primary Taxonomy Switch_{n}",
    )


REQUIRED_COLUMNS = (NPI, ENTITY_TYPE, LAST_NAME, FIRST_NAME, STATE, POSTAL_CODE, *slot_columns(1))
INDIVIDUAL = "1"
ORGANIZATION = "2"
_GENDERS = {"F": "female", "M": "male"}


class Skip(StrEnum):
    """Records read but not kept, and not problems either."""

    OTHER_TAXONOMY = "other_taxonomy"
    ORGANIZATION = "organization"
    DEACTIVATED = "deactivated"


@dataclass(frozen=True, slots=True)
class ReportedLicense:
    """A license number and state the provider reported in a taxonomy slot."""

    state: str
    number: str
    taxonomy: str


@dataclass(frozen=True, slots=True)
class NppesProvider:
    row: int
    npi: str
    last_name: str
    first_name: str
    middle_name: str
    credential: str
    taxonomy: str  # the primary slot's taxonomy among the kept ones (else the first kept)
    category: str
    address: str
    city: str
    state: str
    zip_code: str  # five digits
    gender: str | None
    licenses: tuple[ReportedLicense, ...]

    @property
    def name(self) -> str:
        full = " ".join(part for part in (self.first_name, self.last_name) if part)
        return f"{full}, {self.credential}" if self.credential else full

    @property
    def digest(self) -> str:
        """What the registry says of the provider, as a hash: unchanged when a re-import of the
        same record would change nothing."""
        fields = [getattr(self, name) or "" for name in _DIGESTED]
        fields += [f"{x.state}|{x.number}|{x.taxonomy}" for x in self.licenses]
        return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


_DIGESTED = (
    *("npi", "last_name", "first_name", "middle_name", "credential", "taxonomy", "category"),
    *("address", "city", "state", "zip_code", "gender"),
)
Item = NppesProvider | RowProblem | Skip


def read_nppes(stream: BinaryIO, progress: Progress | None = None) -> Iterator[Item]:
    """Each record of an NPPES file as a provider to keep, a skip or a row problem. A header
    that lacks a required column is one problem at row 1, and nothing is read."""
    records = raw_records(stream, progress)
    header = next(records, None)
    if header is None:
        yield RowProblem(1, "the file is empty")
        return
    columns = _columns(header)
    if isinstance(columns, RowProblem):
        yield columns
        return
    yield from _NppesRows(columns).read(records)


def _columns(header: RawRecord) -> Mapping[str, int] | RowProblem:
    if header.undecodable:
        return RowProblem(header.row, f"the header {header.undecodable}")
    try:
        names = header_names(header)
    except csv.Error as error:
        return RowProblem(header.row, f"the header is not valid CSV: {error}")
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        listed = ", ".join(repr(name) for name in missing)
        return RowProblem(header.row, f"not an NPPES file: missing column(s) {listed}")
    return {name: index for index, name in enumerate(names)}


# The taxonomy codes as they appear quoted in a record: a record without any is skipped unread.
_KEPT_CODES = tuple(TAXONOMY_CATEGORIES)


class _NppesRows:
    def __init__(self, columns: Mapping[str, int]) -> None:
        self._columns = columns
        self._width = len(columns)
        self._slots = [
            tuple(columns.get(name, -1) for name in slot_columns(n))
            for n in range(1, TAXONOMY_SLOTS + 1)
            if slot_columns(n)[0] in columns
        ]
        self._first_row_of: dict[str, int] = {}

    def read(self, records: Iterator[RawRecord]) -> Iterator[Item]:
        for record in records:
            if not any(code in record.text for code in _KEPT_CODES):
                yield Skip.OTHER_TAXONOMY
            elif record.undecodable:
                yield RowProblem(record.row, f"the record {record.undecodable}")
            else:
                yield self._item(record)

    def _item(self, record: RawRecord) -> Item:
        try:
            fields = split_fields(record.text, self._width)
        except csv.Error as error:
            return RowProblem(record.row, f"not valid CSV: {error}")
        if len(fields) != self._width:
            return RowProblem(
                record.row, f"has {len(fields)} fields where the header has {self._width}"
            )
        return self._provider(record.row, _Fields(fields, self._columns))

    def _provider(self, row: int, fields: _Fields) -> Item:
        skip_or_problem = _standing(row, fields)
        if skip_or_problem is not None:
            return skip_or_problem
        slots = self._kept_slots(fields)
        if not slots:
            return Skip.OTHER_TAXONOMY
        problem = _problem(fields) or self._repeated(fields.get(NPI), row)
        if problem:
            return RowProblem(row, problem)
        return _nppes_provider(row, fields, slots)

    def _kept_slots(self, fields: _Fields) -> list[tuple[str, str, str, bool]]:
        kept = []
        for code_at, number_at, state_at, primary_at in self._slots:
            code = fields.at(code_at)
            if code in TAXONOMY_CATEGORIES:
                primary = fields.at(primary_at).upper() == "Y"
                kept.append((code, fields.at(number_at), fields.at(state_at).upper(), primary))
        return kept

    def _repeated(self, npi: str, row: int) -> str | None:
        first = self._first_row_of.setdefault(npi, row)
        return None if first == row else f"NPI {npi} repeats row {first}"


class _Fields:
    """A record's fields by column name; a column the file lacks reads as empty."""

    def __init__(self, fields: Sequence[str], columns: Mapping[str, int]) -> None:
        self._fields, self._columns = fields, columns

    def get(self, name: str) -> str:
        return self.at(self._columns.get(name, -1))

    def at(self, index: int) -> str:
        return self._fields[index].strip() if index >= 0 else ""


def _standing(row: int, fields: _Fields) -> Skip | RowProblem | None:
    """Organizations and deactivated NPIs are skipped; an unknown entity type is a problem."""
    try:
        deactivated = _optional_date(fields.get(DEACTIVATED))
        reactivated = _optional_date(fields.get(REACTIVATED))
    except ValueError:
        return RowProblem(row, "the deactivation or reactivation date is not MM/DD/YYYY")
    if deactivated is not None and (reactivated is None or reactivated < deactivated):
        return Skip.DEACTIVATED
    entity = fields.get(ENTITY_TYPE)
    if entity == ORGANIZATION:
        return Skip.ORGANIZATION
    if entity != INDIVIDUAL:
        return RowProblem(row, f"entity type {entity!r} is neither 1 (individual) nor 2")
    return None


def _optional_date(text: str) -> date | None:
    """A MM/DD/YYYY date (the registry's format), None when empty; ValueError when malformed."""
    return datetime.strptime(text, "%m/%d/%Y").date() if text else None


def _problem(fields: _Fields) -> str | None:
    npi_fault = npi_problem(fields.get(NPI))
    if npi_fault:
        return npi_fault
    if not fields.get(LAST_NAME):
        return "the provider's last name is empty"
    state = fields.get(STATE).upper()
    if state not in US_STATES:
        return f"practice location state {state!r} is not a US state code"
    postal = fields.get(POSTAL_CODE)
    if zip_code_of(postal) is None:
        return f"practice location postal code {postal!r} is not a ZIP or ZIP+4 code"
    return None


def _nppes_provider(
    row: int, fields: _Fields, slots: list[tuple[str, str, str, bool]]
) -> NppesProvider:
    primary = next((slot for slot in slots if slot[3]), slots[0])
    licenses = {
        ReportedLicense(state, number, code): None
        for code, number, state, _ in slots
        if number and state in US_STATES
    }
    return NppesProvider(
        row=row,
        npi=fields.get(NPI),
        last_name=fields.get(LAST_NAME),
        first_name=fields.get(FIRST_NAME),
        middle_name=fields.get(MIDDLE_NAME),
        credential=fields.get(CREDENTIAL),
        taxonomy=primary[0],
        category=TAXONOMY_CATEGORIES[primary[0]],
        address=", ".join(line for line in map(fields.get, ADDRESS_LINES) if line),
        city=fields.get(CITY),
        state=fields.get(STATE).upper(),
        zip_code=zip_code_of(fields.get(POSTAL_CODE)) or "",
        gender=_GENDERS.get(next((v for v in map(fields.get, SEX_CODES) if v), "").upper()),
        licenses=tuple(licenses),
    )
