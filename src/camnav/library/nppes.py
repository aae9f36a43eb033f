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
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import BinaryIO

from camnav.domain.npi import npi_problem
from camnav.domain.providers import TAXONOMY_CATEGORIES
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
    # What the registry says of the provider, as a hash: a re-import of an unchanged record
    # has the same digest and writes nothing.
    digest: str = ""

    @property
    def name(self) -> str:
        full = " ".join(part for part in (self.first_name, self.last_name) if part)
        return f"{full}, {self.credential}" if self.credential else full


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


def _columns(header: RawRecord) -> list[str] | RowProblem:
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
    return names


# A record holding none of the kept taxonomy codes is skipped without being split into fields.
_KEPT_CODES = re.compile("|".join(TAXONOMY_CATEGORIES))
_BASICS = (
    *(NPI, ENTITY_TYPE, LAST_NAME, FIRST_NAME, MIDDLE_NAME, CREDENTIAL, *ADDRESS_LINES, CITY),
    *(STATE, POSTAL_CODE, DEACTIVATED, REACTIVATED, *SEX_CODES),
)


@dataclass(frozen=True, slots=True)
class _Basics:
    npi: str
    entity: str
    last_name: str
    first_name: str
    middle_name: str
    credential: str
    address_1: str
    address_2: str
    city: str
    state: str
    postal_code: str
    deactivated: str
    reactivated: str
    sex: str
    gender: str


Slot = tuple[str, str, str, bool]  # taxonomy code, license number, license state, primary


class _NppesRows:
    """The records after the header; fields are picked by position with itemgetter (the file
    has ~330 columns and camnav reads ~75), a column the file lacks reading as empty."""

    def __init__(self, names: list[str]) -> None:
        self._width = len(names)
        at = {name: index for index, name in enumerate(names)}
        needed = [*_BASICS, *(c for n in range(1, TAXONOMY_SLOTS + 1) for c in slot_columns(n))]
        # Only the fields up to the last column read are split out of a record.
        self._wanted = max(at[name] for name in needed if name in at) + 1

        def position(name: str) -> int:
            # A missing column points past the fields split, where every record gets an "".
            return at.get(name, self._wanted)

        self._basics = operator.itemgetter(*map(position, _BASICS))
        slots = [slot_columns(n) for n in range(1, TAXONOMY_SLOTS + 1)]
        slots = [slot for slot in slots if slot[0] in at]
        # The padding "" first: itemgetter then returns a tuple even for a single slot.
        self._codes = operator.itemgetter(self._wanted, *(position(slot[0]) for slot in slots))
        self._details = [operator.itemgetter(*map(position, slot[1:])) for slot in slots]
        self._first_row_of: dict[str, int] = {}

    def read(self, records: Iterator[RawRecord]) -> Iterator[Item]:
        for record in records:
            if _KEPT_CODES.search(record.text) is None:
                yield Skip.OTHER_TAXONOMY
            elif record.undecodable:
                yield RowProblem(record.row, f"the record {record.undecodable}")
            else:
                yield self._item(record)

    def _item(self, record: RawRecord) -> Item:
        try:
            fields = split_fields(record.text, self._width, self._wanted)
        except FieldCountError as error:
            return RowProblem(record.row, str(error))
        except csv.Error as error:
            return RowProblem(record.row, f"not valid CSV: {error}")
        fields.append("")
        basics = _Basics(*map(str.strip, self._basics(fields)))
        return self._provider(record.row, basics, fields)

    def _provider(self, row: int, basics: _Basics, fields: list[str]) -> Item:
        skip_or_problem = _standing(row, basics)
        if skip_or_problem is not None:
            return skip_or_problem
        slots = self._kept_slots(fields)
        if not slots:
            return Skip.OTHER_TAXONOMY
        problem = _problem(basics) or self._repeated(basics.npi, row)
        if problem:
            return RowProblem(row, problem)
        return _nppes_provider(row, basics, slots)

    def _kept_slots(self, fields: list[str]) -> list[Slot]:
        kept = []
        for index, code in enumerate(self._codes(fields)[1:]):
            if code and (code in TAXONOMY_CATEGORIES or code.strip() in TAXONOMY_CATEGORIES):
                number, state, primary = self._details[index](fields)
                slot = (code.strip(), number.strip(), state.strip().upper(), primary.strip())
                kept.append((*slot[:3], slot[3].upper() == "Y"))
        return kept

    def _repeated(self, npi: str, row: int) -> str | None:
        first = self._first_row_of.setdefault(npi, row)
        return None if first == row else f"NPI {npi} repeats row {first}"


def _standing(row: int, basics: _Basics) -> Skip | RowProblem | None:
    """Organizations and deactivated NPIs are skipped; an unknown entity type is a problem."""
    try:
        deactivated = _optional_date(basics.deactivated)
        reactivated = _optional_date(basics.reactivated)
    except ValueError:
        return RowProblem(row, "the deactivation or reactivation date is not MM/DD/YYYY")
    if deactivated is not None and (reactivated is None or reactivated < deactivated):
        return Skip.DEACTIVATED
    if basics.entity == ORGANIZATION:
        return Skip.ORGANIZATION
    if basics.entity != INDIVIDUAL:
        return RowProblem(row, f"entity type {basics.entity!r} is neither 1 (individual) nor 2")
    return None


def _optional_date(text: str) -> date | None:
    """A MM/DD/YYYY date (the registry's format), None when empty; ValueError when malformed."""
    return datetime.strptime(text, "%m/%d/%Y").date() if text else None


def _problem(basics: _Basics) -> str | None:
    npi_fault = npi_problem(basics.npi)
    if npi_fault:
        return npi_fault
    if not basics.last_name:
        return "the provider's last name is empty"
    if basics.state.upper() not in US_STATES:
        return f"practice location state {basics.state!r} is not a US state code"
    if zip_code_of(basics.postal_code) is None:
        return f"practice location postal code {basics.postal_code!r} is not a ZIP or ZIP+4 code"
    return None


def _nppes_provider(row: int, basics: _Basics, slots: list[Slot]) -> NppesProvider:
    primary = next((slot for slot in slots if slot[3]), slots[0])
    licenses = tuple(
        dict.fromkeys(
            ReportedLicense(state, number, code)
            for code, number, state, _ in slots
            if number and state in US_STATES
        )
    )
    registry = (
        basics.npi,
        basics.last_name,
        basics.first_name,
        basics.middle_name,
        basics.credential,
        primary[0],
        ", ".join(line for line in (basics.address_1, basics.address_2) if line),
        basics.city,
        basics.state.upper(),
        zip_code_of(basics.postal_code) or "",
        _GENDERS.get((basics.sex or basics.gender).upper()),
    )
    return NppesProvider(
        row,
        *registry[:5],
        taxonomy=primary[0],
        category=TAXONOMY_CATEGORIES[primary[0]],
        address=registry[6],
        city=registry[7],
        state=registry[8],
        zip_code=registry[9],
        gender=registry[10],
        licenses=licenses,
        digest=_digest(registry, licenses),
    )


def _digest(registry: tuple[str | None, ...], licenses: tuple[ReportedLicense, ...]) -> str:
    fields = [value or "" for value in registry]
    fields += [f"{x.state}|{x.number}|{x.taxonomy}" for x in licenses]
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()
