"""Episodes of care: a referral and the extensions approved after it, tracked to expiry and to
the last authorized visit.

An extension is a new request for more visits under an approved referral, sent with progress
notes; approved, it becomes a document of its own that names the referral it extends, and the
episode's visits and dates are those of all its approved documents together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from camnav.domain.referrals import Referral, ReferralStatus

# An episode running out within this many days earns a warning (as the coverage answer does).
EXPIRY_WARNING_DAYS = 30


class EpisodeStatus(StrEnum):
    NOT_STARTED = "not_started"
    ACTIVE = "active"
    EXPIRED = "expired"
    USED_UP = "used_up"


@dataclass(frozen=True, slots=True)
class Episode:
    """One course of care in a category: approved documents in date order, the first the
    referral that opened it."""

    category: str
    documents: tuple[Referral, ...]

    @property
    def opened_by(self) -> str:
        return self.documents[0].id

    @property
    def visits_authorized(self) -> int | None:
        """All visits its documents grant; None when one states no number."""
        counts = [d.visits for d in self.documents]
        return None if any(c is None for c in counts) else sum(c or 0 for c in counts)

    @property
    def visits_used(self) -> int:
        return sum(d.visits_used for d in self.documents)

    @property
    def visits_left(self) -> int | None:
        authorized = self.visits_authorized
        return None if authorized is None else max(authorized - self.visits_used, 0)

    @property
    def valid_from(self) -> date:
        return min(d.valid_from for d in self.documents)

    @property
    def valid_to(self) -> date | None:
        ends = [d.valid_to for d in self.documents]
        return None if any(e is None for e in ends) else max(e for e in ends if e is not None)

    def status_on(self, day: date) -> EpisodeStatus:
        """Used up once every authorized visit is taken; expired after its last valid day."""
        if self.visits_left == 0:
            return EpisodeStatus.USED_UP
        if day < self.valid_from:
            return EpisodeStatus.NOT_STARTED
        end = self.valid_to
        if end is not None and end < day:
            return EpisodeStatus.EXPIRED
        return EpisodeStatus.ACTIVE

    def expires_soon(self, day: date) -> bool:
        """Active, and its last valid day within the warning window."""
        end = self.valid_to
        active = self.status_on(day) is EpisodeStatus.ACTIVE
        return active and end is not None and end - day <= timedelta(days=EXPIRY_WARNING_DAYS)


def group_episodes(
    referrals: Sequence[Referral], extends: Mapping[str, str]
) -> tuple[Episode, ...]:
    """The approved documents grouped into episodes: each extension joins the episode of the
    document it extends (`extends` maps an extension's id to that document's id)."""
    approved = {r.id: r for r in referrals if r.status is ReferralStatus.APPROVED}
    members: dict[str, list[Referral]] = {}
    for document in approved.values():
        members.setdefault(_root(document.id, extends, approved), []).append(document)
    found = [
        Episode(approved[root].category, tuple(sorted(docs, key=lambda d: (d.valid_from, d.id))))
        for root, docs in members.items()
    ]
    return tuple(sorted(found, key=lambda e: (e.valid_from, e.opened_by)))


def _root(document_id: str, extends: Mapping[str, str], approved: Mapping[str, Referral]) -> str:
    seen = {document_id}
    current = document_id
    while extends.get(current) in approved and extends[current] not in seen:
        current = extends[current]
        seen.add(current)
    return current


class ExtensionProblem(StrEnum):
    NOT_APPROVED = "not_approved"
    OTHER_CATEGORY = "other_category"


def extension_problem(original: Referral, category: str) -> ExtensionProblem | None:
    """Only an approved referral can be extended, and only in its own category."""
    if original.status is not ReferralStatus.APPROVED:
        return ExtensionProblem.NOT_APPROVED
    if original.category != category:
        return ExtensionProblem.OTHER_CATEGORY
    return None
