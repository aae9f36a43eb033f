"""Regions and how each delivers complementary care: employed therapists, network, reimbursement."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from camnav.domain.plans import DeliveryMode


@dataclass(frozen=True, slots=True)
class MedicalCenter:
    id: str
    name: str
    zip_code: str
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Region:
    """A region of the health plan; `delivery` lists, per category, the ways it delivers care."""

    id: str
    name: str
    states: tuple[str, ...]
    delivery: Mapping[str, tuple[DeliveryMode, ...]]
    medical_centers: tuple[MedicalCenter, ...] = ()
    citation: str = ""

    def modes(self, category: str) -> tuple[DeliveryMode, ...]:
        return self.delivery.get(category, ())

    def centers_for(self, category: str) -> tuple[MedicalCenter, ...]:
        return tuple(c for c in self.medical_centers if category in c.categories)
