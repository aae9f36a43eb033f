"""The reference data every decision uses besides the plan: catalogue, fees, code set, licensing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from camnav.domain.codes import Catalogue, FeeSchedule
from camnav.domain.diagnoses import CodeSet
from camnav.domain.providers import LicensingPolicy


@dataclass(frozen=True, slots=True)
class Rules:
    catalogue: Catalogue
    fee_schedules: Mapping[str, FeeSchedule]
    code_set: CodeSet
    licensing: LicensingPolicy

    def fee_schedule(self, schedule_id: str) -> FeeSchedule | None:
        return self.fee_schedules.get(schedule_id)
