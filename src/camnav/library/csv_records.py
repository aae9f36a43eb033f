"""CSV files read record by record, whatever their size: each record with the line it starts on,
a record that is not UTF-8 flagged instead of ending the file, and the bytes read reported for a
progress bar. A bad record becomes a `RowProblem`; the records around it still load.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

Progress = Callable[[int], None]
# Progress is reported in steps of this many bytes: a call per line would cost more than the line.
PROGRESS_STEP_BYTES = 1 << 20
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why a record was not loaded; `row` is the line it starts on (the header is line 1)."""

    row: int
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


@dataclass(frozen=True, slots=True)
class RawRecord:
    row: int
    text: str
    undecodable: str | None = None  # why the record is not UTF-8 text


def raw_records(stream: BinaryIO, progress: Progress | None = None) -> Iterator[RawRecord]:
    """The file's records: lines are joined while a quoted field is open (an odd number of quote
    characters so far), as RFC 4180 allows line breaks inside quotes."""
    lines: list[str] = []
    start, quotes, undecodable, unreported = 1, 0, None, 0
    for number, raw in enumerate(stream, start=1):
        text, why = _decoded(raw[len(_BOM) :] if number == 1 and raw.startswith(_BOM) else raw)
        quotes += text.count('"')
        unreported += len(raw)
        if progress is not None and unreported >= PROGRESS_STEP_BYTES:
            progress(unreported)
            unreported = 0
        if quotes % 2 == 0 and not lines:  # the usual record: one line
            yield RawRecord(number, text, why)
            quotes = 0
            start = number + 1
            continue
        lines.append(text)
        undecodable = undecodable or why
        if quotes % 2 == 0:
            yield RawRecord(start, "".join(lines), undecodable)
            lines, start, quotes, undecodable = [], number + 1, 0, None
    if progress is not None and unreported:
        progress(unreported)
    if lines:
        yield RawRecord(start, "".join(lines), undecodable or "a quoted field is never closed")


def _decoded(raw: bytes) -> tuple[str, str | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        why = (
            f"is not UTF-8 text (byte 0x{raw[error.start]:02X} at position {error.start + 1});"
            " save the file as UTF-8"
        )
        return raw.decode("utf-8", "replace"), why


class FieldCountError(csv.Error):
    """A record with another number of fields than the header."""

    def __init__(self, count: int, width: int) -> None:
        super().__init__(f"has {count} fields where the header has {width}")


def split_fields(text: str, width: int, wanted: int | None = None) -> list[str]:
    """The first `wanted` fields (all by default) of a record that must have `width`; raises
    FieldCountError when it has another number, csv.Error when it is malformed.

    Fast path for the NPPES layout, where every field is quoted: when the quote characters are
    exactly two per field, no field holds a quote, so the separators are exactly '","' and the
    fields past the wanted ones need not be split at all.
    """
    body = text.rstrip("\r\n")
    quoted = body.count('"') == 2 * width and body.startswith('"') and body.endswith('"')
    if quoted and body.count('","') == width - 1:
        fields = body[1:-1].split('","', wanted or -1)
        return fields[:wanted] if wanted else fields
    fields = next(csv.reader([body], strict=True), [])
    if len(fields) != width:
        raise FieldCountError(len(fields), width)
    return fields[:wanted] if wanted else fields


def header_names(record: RawRecord) -> list[str]:
    """The header's column names, stripped; raises csv.Error on a malformed header."""
    return [name.strip() for name in next(csv.reader([record.text.rstrip("\r\n")]), [])]
