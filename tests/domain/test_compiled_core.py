"""The compiled core (scripts/compile-core): an extension older than its source is refused."""

from __future__ import annotations

import os
from pathlib import Path

from camnav.domain import stale_extensions

EXTENSION = "adjudication.cpython-311-x86_64-linux-gnu.so"


def _file(path: Path, mtime: int) -> Path:
    path.write_text("")
    os.utime(path, (mtime, mtime))
    return path


def test_an_extension_compiled_after_its_source_is_current(tmp_path: Path) -> None:
    _file(tmp_path / "adjudication.py", 1_000)
    _file(tmp_path / EXTENSION, 2_000)

    assert stale_extensions(tmp_path) == []


def test_an_extension_older_than_its_source_is_stale(tmp_path: Path) -> None:
    _file(tmp_path / "adjudication.py", 3_000)
    extension = _file(tmp_path / EXTENSION, 2_000)
    _file(tmp_path / "money.py", 1_000)
    _file(tmp_path / "money.cpython-311-x86_64-linux-gnu.so", 2_000)

    assert stale_extensions(tmp_path) == [extension]


def test_an_extension_without_a_source_beside_it_is_left_alone(tmp_path: Path) -> None:
    _file(tmp_path / "4f2a__mypyc.cpython-311-x86_64-linux-gnu.so", 1_000)

    assert stale_extensions(tmp_path) == []
