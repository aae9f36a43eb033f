"""Synthetic directory files in the real formats, for tests and benchmarks: an NPPES data file
(the registry's 330-column layout, every field quoted) of N providers of the four taxonomies at
real ZIP codes, a few records camnav skips (organizations, other taxonomies), and the state
boards' roster of the providers' licenses.

Licenses follow the licensing policy: none for massage therapists in Kansas, Minnesota, Vermont
and Wyoming, a CAMTC certificate for California's. The same seed gives the same files.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

from camnav.demo.geography import ZipCentroid, zip_index
from camnav.demo.names import first_name, last_name
from camnav.demo.npi import INDIVIDUAL, ORGANIZATION, new_npis
from camnav.demo.seeds import chance, pick, pick_weighted
from camnav.domain.providers import TAXONOMY_CATEGORIES

# The registry's column names, in its order (a block of text reads better than 47 items).
_HEAD = (  # noqa: SIM905
    "NPI,Entity Type Code,Replacement NPI,Employer Identification Number (EIN),"
    "Provider Organization Name (Legal Business Name),Provider Last Name (Legal Name),"
    "Provider First Name,Provider Middle Name,Provider Name Prefix Text,"
    "Provider Name Suffix Text,Provider Credential Text,Provider Other Organization Name,"
    "Provider Other Organization Name Type Code,Provider Other Last Name,"
    "Provider Other First Name,Provider Other Middle Name,Provider Other Name Prefix Text,"
    "Provider Other Name Suffix Text,Provider Other Credential Text,"
    "Provider Other Last Name Type Code,Provider First Line Business Mailing Address,"
    "Provider Second Line Business Mailing Address,Provider Business Mailing Address City Name,"
    "Provider Business Mailing Address State Name,Provider Business Mailing Address Postal Code,"
    "Provider Business Mailing Address Country Code (If outside U.S.),"
    "Provider Business Mailing Address Telephone Number,"
    "Provider Business Mailing Address Fax Number,"
    "Provider First Line Business Practice Location Address,"
    "Provider Second Line Business Practice Location Address,"
    "Provider Business Practice Location Address City Name,"
    "Provider Business Practice Location Address State Name,"
    "Provider Business Practice Location Address Postal Code,"
    "Provider Business Practice Location Address Country Code (If outside U.S.),"
    "Provider Business Practice Location Address Telephone Number,"
    "Provider Business Practice Location Address Fax Number,Provider Enumeration Date,"
    "Last Update Date,NPI Deactivation Reason Code,NPI Deactivation Date,NPI Reactivation Date,"
    "Provider Sex Code,Authorized Official Last Name,Authorized Official First Name,"
    "Authorized Official Middle Name,Authorized Official Title or Position,"
    "Authorized Official Telephone Number"
).split(",")
_TAIL = (  # noqa: SIM905
    "Is Sole Proprietor,Is Organization Subpart,Parent Organization LBN,Parent Organization TIN,"
    "Authorized Official Name Prefix Text,Authorized Official Name Suffix Text,"
    "Authorized Official Credential Text"
).split(",")
NPPES_COLUMNS: tuple[str, ...] = (
    *_HEAD,
    *(
        f"{name}_{n}"
        for n in range(1, 16)
        for name in (
            "Healthcare Provider Taxonomy Code",
            "Provider License Number",
            "Provider License Number State Code",
            "Healthcare Provider Primary Taxonomy Switch",
        )
    ),
    *(
        f"{name}_{n}"
        for n in range(1, 51)
        for name in (
            "Other Provider Identifier",
            "Other Provider Identifier Type Code",
            "Other Provider Identifier State",
            "Other Provider Identifier Issuer",
        )
    ),
    *_TAIL,
    *(f"Healthcare Provider Taxonomy Group_{n}" for n in range(1, 16)),
    "Certification Date",
)
_AT = {name: index for index, name in enumerate(NPPES_COLUMNS)}
ROSTER_HEADER = "license_number,name,state,status,issued,expires\n"

CATEGORY_SHARES = {
    "massage": 0.52,
    "acupuncture": 0.16,
    "chiropractic": 0.16,
    "physical_therapy": 0.16,
}
_CODES = {category: code for code, category in TAXONOMY_CATEGORIES.items()}
_CREDENTIALS = {"massage": "LMT", "acupuncture": "LAc", "chiropractic": "DC"}
_PREFIXES = {"massage": "MT", "acupuncture": "AC", "chiropractic": "DC", "physical_therapy": "PT"}
_NO_MASSAGE_LICENSE = frozenset({"KS", "MN", "VT", "WY"})
_STANDINGS = {"active": 0.90, "renewal_due": 0.05, "lapsed": 0.03, "suspended": 0.01}
_STANDINGS |= {"inactive": 0.01}
SKIPPED_SHARE = 0.02  # of organizations, and again of other taxonomies


@dataclass(frozen=True, slots=True)
class DirectoryFiles:
    nppes: Path
    roster: Path
    providers: int
    skipped: int


@dataclass(frozen=True, slots=True)
class _Person:
    npi: str
    category: str
    place: ZipCentroid
    female: bool
    first: str
    last: str
    license: str  # "" where the state licenses nobody for the category


def write_directory_files(
    directory: Path, providers: int, seed: int = 6, today: date = date(2025, 3, 10)
) -> DirectoryFiles:
    """Write `nppes.csv` with `providers` providers to keep (and about 4 % more records to skip)
    and `roster.csv` with their licenses, into `directory`."""
    rng = random.Random(f"camnav-directory:{seed}")
    skipped = round(providers * SKIPPED_SHARE)
    npis = new_npis(rng, providers + skipped, INDIVIDUAL) + new_npis(rng, skipped, ORGANIZATION)
    places = _all_zips()
    nppes, roster = directory / "nppes.csv", directory / "roster.csv"
    with nppes.open("w", encoding="utf-8") as out, roster.open("w", encoding="utf-8") as board:
        out.write(_line(list(NPPES_COLUMNS)))
        board.write(ROSTER_HEADER)
        for number, person in enumerate(_people(rng, npis[:providers], places)):
            out.write(_provider_line(person, number))
            if person.license:
                board.write(_roster_line(rng, person, today))
        _write_skipped(out, rng, npis[providers:], places)
    return DirectoryFiles(nppes, roster, providers, 2 * skipped)


def _all_zips() -> tuple[ZipCentroid, ...]:
    index = zip_index()
    states = "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE"
    states += " NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
    return index.in_states(states.split())


def _people(
    rng: random.Random, npis: list[str], places: tuple[ZipCentroid, ...]
) -> Iterator[_Person]:
    for number, npi in enumerate(npis):
        category = pick_weighted(rng, CATEGORY_SHARES)
        place, female = pick(rng, places), chance(rng, 0.6)
        first, last = first_name(rng, "female" if female else "male"), last_name(rng)
        yield _Person(npi, category, place, female, first, last, _license(category, place, number))


def _license(category: str, place: ZipCentroid, number: int) -> str:
    if category == "massage" and place.state in _NO_MASSAGE_LICENSE:
        return ""
    if category == "massage" and place.state == "CA":
        return f"CAMTC-{number:07d}"
    return f"{_PREFIXES[category]}{number:07d}"


def _provider_line(person: _Person, number: int) -> str:
    fields = [""] * len(NPPES_COLUMNS)
    category = person.category
    values = {
        "NPI": person.npi,
        "Entity Type Code": "1",
        "Provider Last Name (Legal Name)": person.last.upper(),
        "Provider First Name": person.first.upper(),
        "Provider Credential Text": _CREDENTIALS.get(category, "DPT"),
        "Provider First Line Business Practice Location Address": f"{100 + number % 9000} MAIN ST",
        "Provider Business Practice Location Address City Name": person.place.city.upper(),
        "Provider Business Practice Location Address State Name": person.place.state,
        "Provider Business Practice Location Address Postal Code": f"{person.place.zip_code}0001",
        "Provider Business Practice Location Address Country Code (If outside U.S.)": "US",
        "Provider Enumeration Date": "05/23/2007",
        "Last Update Date": "07/08/2024",
        "Provider Sex Code": "F" if person.female else "M",
        "Healthcare Provider Taxonomy Code_1": _CODES[category],
        "Provider License Number_1": person.license,
        "Provider License Number State Code_1": person.place.state if person.license else "",
        "Healthcare Provider Primary Taxonomy Switch_1": "Y",
        "Is Sole Proprietor": "Y",
    }
    for name, value in values.items():
        fields[_AT[name]] = value
    return _line(fields)


def _roster_line(rng: random.Random, person: _Person, today: date) -> str:
    standing = pick_weighted(rng, _STANDINGS)
    issued = today - timedelta(days=rng.randint(700, 9000))
    expires = today + timedelta(days=rng.randint(61, 800))
    if standing == "renewal_due":
        standing, expires = "active", today + timedelta(days=rng.randint(0, 60))
    elif standing == "lapsed":
        expires = today - timedelta(days=rng.randint(1, 400))
    name = f"{person.last.upper()}, {person.first.upper()}"
    return f'{person.license},"{name}",{person.place.state},{standing},{issued},{expires}\n'


def _write_skipped(
    out: TextIO, rng: random.Random, npis: list[str], places: tuple[ZipCentroid, ...]
) -> None:
    half = len(npis) // 2
    for index, npi in enumerate(npis):
        fields = [""] * len(NPPES_COLUMNS)
        place = pick(rng, places)
        organization = index >= half
        fields[_AT["NPI"]] = npi
        fields[_AT["Entity Type Code"]] = "2" if organization else "1"
        fields[_AT["Provider Organization Name (Legal Business Name)"]] = "EXAMPLE PRACTICE LLC"
        fields[_AT["Provider Last Name (Legal Name)"]] = "" if organization else "ROE"
        fields[_AT["Provider Business Practice Location Address State Name"]] = place.state
        fields[_AT["Provider Business Practice Location Address Postal Code"]] = place.zip_code
        code = _CODES["massage"] if organization else "207Q00000X"  # family medicine
        fields[_AT["Healthcare Provider Taxonomy Code_1"]] = code
        out.write(_line(fields))


def _line(fields: list[str]) -> str:
    return '"' + '","'.join(fields) + '"\n'
