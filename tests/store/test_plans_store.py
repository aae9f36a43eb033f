"""Every plan version's document is kept as published, and a published version never changes."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from camnav.library.library import default_plan_directory, load_library
from camnav.services.ports import ConflictError
from camnav.store.plans import save_plan_library
from camnav.store.unit_of_work import SqlUnitOfWork

EFFECTIVE = (date(2025, 1, 1), date(2025, 12, 31))


def test_the_plan_library_is_stored_version_by_version(uow: SqlUnitOfWork) -> None:
    saved = save_plan_library(uow.plans)
    library = load_library()
    assert len(saved) == len(library.plans)

    versions = uow.plans.versions("example-a")
    assert [v.version for v in versions] == [p.version for p in library.versions("example-a")]
    text = (default_plan_directory() / "example-a-2025.yaml").read_text(encoding="utf-8")
    first = versions[0]
    assert (first.document, first.sha256) == (text, hashlib.sha256(text.encode()).hexdigest())
    assert uow.plans.get("example-a", first.version) == first


def test_saving_a_version_again_keeps_it_and_other_text_is_a_conflict(uow: SqlUnitOfWork) -> None:
    first = uow.plans.save_version("plan-x", "2025.1", 2025, EFFECTIVE, "id: plan-x\n")
    assert uow.plans.save_version("plan-x", "2025.1", 2025, EFFECTIVE, "id: plan-x\n") == first
    with pytest.raises(ConflictError, match="plan-x"):
        uow.plans.save_version("plan-x", "2025.1", 2025, EFFECTIVE, "id: plan-x # edited\n")
    second = uow.plans.save_version(
        "plan-x", "2025.2", 2025, (date(2025, 7, 1), EFFECTIVE[1]), "v2"
    )
    assert uow.plans.versions("plan-x") == (first, second)
    assert uow.plans.get("plan-x", "2099.1") is None
