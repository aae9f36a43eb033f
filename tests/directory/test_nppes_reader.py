"""Reading the NPI registry's file: the four taxonomies kept, the rest skipped, each bad record a
problem with its row number while the good ones are read."""

from __future__ import annotations

import io

from directory_builders import SAM, a_registry_row, an_npi, registry_file

from camnav.demo.nppes_file import NPPES_COLUMNS
from camnav.library.csv_records import RowProblem
from camnav.library.nppes import NppesProvider, ReportedLicense, Skip, read_nppes


def read(*rows: dict[str, str]) -> list[NppesProvider | RowProblem | Skip]:
    return list(read_nppes(registry_file(rows)))


def test_a_massage_therapist_is_read_with_practice_location_and_reported_license() -> None:
    (sam,) = read(a_registry_row())
    assert isinstance(sam, NppesProvider)
    assert (sam.row, sam.npi, sam.name, sam.category, sam.taxonomy) == (
        2,
        SAM,
        "SAM RIVERA, LMT",
        "massage",
        "225700000X",
    )
    assert (sam.state, sam.zip_code, sam.city, sam.gender) == ("OR", "97214", "PORTLAND", "male")
    assert sam.licenses == (ReportedLicense("OR", "12345", "225700000X"),)


def test_the_primary_slot_among_the_kept_taxonomies_gives_the_category() -> None:
    row = a_registry_row(
        **{
            "Healthcare Provider Taxonomy Code_1": "207Q00000X",  # family medicine: not kept
            "Healthcare Provider Primary Taxonomy Switch_1": "N",
            "Healthcare Provider Taxonomy Code_2": "225700000X",
            "Provider License Number_2": "MT-1",
            "Provider License Number State Code_2": "WA",
            "Healthcare Provider Taxonomy Code_3": "111N00000X",
            "Provider License Number_3": "DC-9",
            "Provider License Number State Code_3": "OR",
            "Healthcare Provider Primary Taxonomy Switch_3": "Y",
        }
    )
    (provider,) = read(row)
    assert isinstance(provider, NppesProvider)
    assert provider.category == "chiropractic"
    assert provider.licenses == (
        ReportedLicense("WA", "MT-1", "225700000X"),
        ReportedLicense("OR", "DC-9", "111N00000X"),
    )


def test_organizations_other_taxonomies_and_deactivated_npis_are_skipped() -> None:
    items = read(
        a_registry_row(**{"Entity Type Code": "2", "NPI": an_npi(200000001)}),
        a_registry_row(**{"Healthcare Provider Taxonomy Code_1": "207Q00000X"}),
        a_registry_row(**{"NPI Deactivation Date": "01/15/2020"}),
        a_registry_row(
            **{"NPI Deactivation Date": "01/15/2020", "NPI Reactivation Date": "03/01/2021"}
        ),
    )
    assert items[:3] == [Skip.ORGANIZATION, Skip.OTHER_TAXONOMY, Skip.DEACTIVATED]
    assert isinstance(items[3], NppesProvider)


def test_each_bad_record_is_a_problem_with_its_row_and_the_good_ones_are_read() -> None:
    items = read(
        a_registry_row(NPI="1234567890"),  # row 2: the check digit should be 3
        a_registry_row(NPI="123456789"),
        a_registry_row(**{"NPI Deactivation Date": "2020-01-15"}),
        a_registry_row(**{"Provider Business Practice Location Address State Name": "ZZ"}),
        a_registry_row(**{"Provider Business Practice Location Address Postal Code": "ABCDE"}),
        a_registry_row(**{"Provider Last Name (Legal Name)": ""}),
        a_registry_row(**{"Entity Type Code": "3"}),
        a_registry_row(NPI=an_npi(100000005)),  # row 9: good
        a_registry_row(NPI=an_npi(100000005)),  # row 10: the same NPI again
    )
    problems = {item.row: item.reason for item in items if isinstance(item, RowProblem)}
    assert sorted(problems) == [2, 3, 4, 5, 6, 7, 8, 10]
    assert "fails the check digit (expected 3" in problems[2]
    assert "not ten digits" in problems[3]
    assert "MM/DD/YYYY" in problems[4]
    assert "'ZZ' is not a US state" in problems[5]
    assert "'ABCDE' is not a ZIP" in problems[6]
    assert "last name is empty" in problems[7]
    assert "entity type '3'" in problems[8]
    assert problems[10] == f"NPI {an_npi(100000005)} repeats row 9"
    assert [item.row for item in items if isinstance(item, NppesProvider)] == [9]


def test_a_record_that_is_not_utf8_is_a_problem_and_the_next_one_still_reads() -> None:
    data = registry_file([a_registry_row(), a_registry_row(NPI=an_npi(100000005))]).read()
    latin1 = data.replace(b"RIVERA", "RIVÉRA".encode("latin-1"), 1)
    items = list(read_nppes(io.BytesIO(latin1)))
    assert items[0] == RowProblem(
        2,
        "the record is not UTF-8 text (byte 0xC9 at position 31); save the file as UTF-8",
    )
    assert isinstance(items[1], NppesProvider)


def test_a_record_with_the_wrong_number_of_fields_is_a_problem() -> None:
    data = registry_file([a_registry_row()]).read().replace(b'"Y"', b'"Y","extra"', 1)
    (item,) = read_nppes(io.BytesIO(data))
    assert item == RowProblem(2, "has 331 fields where the header has 330")


def test_a_quoted_field_may_hold_a_line_break_and_a_quote() -> None:
    address = 'SUITE "B"\nBUILDING 2'
    rows = [
        a_registry_row(**{"Provider Second Line Business Practice Location Address": address}),
        a_registry_row(NPI=an_npi(100000005)),
    ]
    first, second = read_nppes(registry_file(rows))
    assert isinstance(first, NppesProvider) and isinstance(second, NppesProvider)
    assert first.address == '1200 SE MORRISON ST, SUITE "B"\nBUILDING 2'
    assert (first.row, second.row) == (2, 4)


def test_a_file_without_the_required_columns_is_one_problem_and_nothing_is_read() -> None:
    columns = tuple(c for c in NPPES_COLUMNS if c not in ("NPI", "Entity Type Code"))
    items = list(read_nppes(registry_file([a_registry_row()], columns)))
    assert items == [
        RowProblem(1, "not an NPPES file: missing column(s) 'NPI', 'Entity Type Code'")
    ]


def test_older_files_name_the_sex_column_gender_and_columns_may_come_in_any_order() -> None:
    columns = tuple(reversed(NPPES_COLUMNS))
    columns = tuple("Provider Gender Code" if c == "Provider Sex Code" else c for c in columns)
    row = a_registry_row(**{"Provider Gender Code": "F"})
    (provider,) = read_nppes(registry_file([row], columns))
    assert isinstance(provider, NppesProvider)
    assert provider.gender == "female"


def test_a_byte_order_mark_and_crlf_line_ends_are_accepted() -> None:
    data = registry_file([a_registry_row()]).read().replace(b"\n", b"\r\n")
    (provider,) = read_nppes(io.BytesIO(b"\xef\xbb\xbf" + data))
    assert isinstance(provider, NppesProvider)
    assert provider.gender == "male"


def test_the_digest_changes_with_what_the_registry_says_and_only_with_it() -> None:
    (a,), (b,), (c,) = (
        read(a_registry_row()),
        read(a_registry_row(**{"Provider Enumeration Date": "01/01/2010"})),
        read(a_registry_row(**{"Provider Business Practice Location Address City Name": "X"})),
    )
    assert isinstance(a, NppesProvider) and isinstance(b, NppesProvider)
    assert isinstance(c, NppesProvider)
    assert a.digest == b.digest != c.digest
