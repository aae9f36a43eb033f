"""Reading a state board's roster: each license row with its status and dates, each bad row a
problem with its row number while the good ones are read."""

from __future__ import annotations

import io
from datetime import date

from directory_builders import a_roster_row, roster_file

from camnav.domain.providers import LicenseStatus
from camnav.library.csv_records import RowProblem
from camnav.library.license_rosters import RosterEntry, read_roster


def read(*rows: dict[str, str], columns: tuple[str, ...] | None = None) -> list[object]:
    stream = roster_file(rows) if columns is None else roster_file(rows, columns)
    return list(read_roster(stream))


def test_a_row_gives_the_license_with_its_status_and_dates() -> None:
    (entry,) = read(a_roster_row())
    assert entry == RosterEntry(
        2,
        "12345",
        "RIVERA, SAM",
        "OR",
        LicenseStatus.ACTIVE,
        date(2019, 7, 1),
        date(2026, 6, 30),
    )


def test_headers_are_matched_whatever_their_case_and_spelling_and_dates_may_be_us_style() -> None:
    data = (
        "License No,Licensee Name,State,License Status,Issue Date,Expiration Date\n"
        '12345,"Rivera, Sam",or,Lapsed,07/01/2019,01/31/2025\n'
    )
    (entry,) = read_roster(io.BytesIO(data.encode()))
    assert isinstance(entry, RosterEntry)
    assert (entry.state, entry.status, entry.issued, entry.expires) == (
        "OR",
        LicenseStatus.LAPSED,
        date(2019, 7, 1),
        date(2025, 1, 31),
    )


def test_each_bad_row_is_a_problem_with_its_row_number() -> None:
    items = read(
        a_roster_row(status="expired"),
        a_roster_row(expires="2026-02-30"),
        a_roster_row(issued="30/06/2019"),
        a_roster_row(issued="2026-07-01"),
        a_roster_row(state="XX"),
        a_roster_row(license_number=""),
        a_roster_row(license_number="777"),
    )
    problems = {item.row: item.reason for item in items if isinstance(item, RowProblem)}
    assert problems == {
        2: "status 'expired' is not one of active, lapsed, inactive, denied, suspended, revoked",
        3: "expires '2026-02-30' is not a date (YYYY-MM-DD or MM/DD/YYYY)",
        4: "issued '30/06/2019' is not a date (YYYY-MM-DD or MM/DD/YYYY)",
        5: "expires 2026-06-30 before it was issued (2026-07-01)",
        6: "state 'XX' is not a US state code",
        7: "the license number is empty",
    }
    assert [item.row for item in items if isinstance(item, RosterEntry)] == [8]


def test_latin1_bytes_make_their_row_a_problem_only() -> None:
    data = roster_file([a_roster_row(name="NUÑEZ, ANA"), a_roster_row()]).read()
    items = list(read_roster(io.BytesIO(data.decode().encode("latin-1"))))
    assert isinstance(items[0], RowProblem) and items[0].row == 2
    assert "is not UTF-8 text (byte 0xD1" in items[0].reason
    assert isinstance(items[1], RosterEntry)


def test_a_roster_without_a_required_column_is_one_problem() -> None:
    items = read(a_roster_row(), columns=("license_number", "name", "state"))
    assert items == [RowProblem(1, "missing column(s) status")]


def test_a_row_with_too_many_fields_is_a_problem() -> None:
    data = roster_file([a_roster_row()]).read() + b"1,2,3,4,5,6,7\n"
    items = list(read_roster(io.BytesIO(data)))
    assert items[1] == RowProblem(3, "has 7 fields where the header has 6")
