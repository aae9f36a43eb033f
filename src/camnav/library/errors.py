"""Errors raised when a data file camnav reads is malformed or refers to something unknown."""

from __future__ import annotations

import os


class DataFileError(ValueError):
    """A data file is wrong at one place: '{file}: {path}: {reason}'.

    `path` locates the entry inside the file, e.g. 'value_sets.chronic_pain.includes[2]'.
    """

    def __init__(self, file: str | os.PathLike[str], path: str, reason: str) -> None:
        self.file = os.fspath(file)
        self.path = path
        self.reason = reason
        super().__init__(f"{self.file}: {path}: {reason}")
