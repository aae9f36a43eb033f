"""Referral histories in scenario files: physicians' requests, decided on the day they arrive by
the same rules as real ones (`decide_referral`), with a reviewer's later decision where the rules
pended, and extensions that name the referral they extend.

A request is decided before the claims of its day; what it puts on file (approved or not) joins
the member's documents, so later claims and coverage questions see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from camnav.domain.plans import Plan
from camnav.domain.reasons import Reason
from camnav.domain.referral_decisions import (
    ProgressNotes,
    ReferralDecision,
    ReferralRequest,
    decide_referral,
    document_kind,
)
from camnav.domain.referrals import Referral, ReferralStatus
from camnav.explain.messages import describe, next_step
from camnav.scenarios.fields import Node

KEYS = [
    "id",
    "received",
    "category",
    "diagnoses",
    "visits",
    "valid_from",
    "valid_to",
    "conventional_treatments",
    "modality",
    "condition_weeks",
    "progress",
    "extends",
    "review",
]


@dataclass(frozen=True, slots=True)
class Review:
    """A clinical reviewer's decision on a pended request: approved or denied, with a reason."""

    status: ReferralStatus
    reason: str
    visits: int | None = None


@dataclass(frozen=True, slots=True)
class HistoryRequest:
    """One physician's request of the scenario, as the file states it."""

    id: str
    received: date
    request: ReferralRequest
    valid_from: date
    valid_to: date | None
    extends: str | None = None
    review: Review | None = None


def parse_requests(root: Node) -> tuple[HistoryRequest, ...]:
    return tuple(_request(node) for node in root.nodes("referral_requests"))


def _request(node: Node) -> HistoryRequest:
    node.only(KEYS)
    valid_from = node.day("valid_from") or date.min
    extends = node.optional_text("extends") or None
    request = ReferralRequest(
        category=node.category("category"),
        diagnoses=node.texts("diagnoses"),
        visits=node.count("visits", positive=True),
        conventional_treatments=node.texts("conventional_treatments"),
        modality=node.optional_text("modality") or None,
        condition_weeks=node.optional_count("condition_weeks"),
        progress=_progress(node.node("progress")),
        extension=extends is not None,
    )
    return HistoryRequest(
        id=node.text("id"),
        received=node.day("received", required=False) or valid_from,
        request=request,
        valid_from=valid_from,
        valid_to=node.day("valid_to", required=False),
        extends=extends,
        review=_review(node.node("review")),
    )


def _progress(node: Node | None) -> ProgressNotes | None:
    if node is None:
        return None
    node.only(("functional_improvement", "summary"))
    return ProgressNotes(node.flag("functional_improvement"), node.optional_text("summary"))


def _review(node: Node | None) -> Review | None:
    if node is None:
        return None
    node.only(("status", "reason", "visits"))
    status = node.choice("status", ReferralStatus)
    if status is ReferralStatus.PENDED:
        node.fail("status", "a review decides: approved or denied")
    return Review(status, node.text("reason"), node.optional_count("visits", positive=True))


@dataclass(frozen=True, slots=True)
class DecidedRequest:
    """A request as decided: by the rules, then by the reviewer where it states one."""

    entry: HistoryRequest
    decision: ReferralDecision
    document: Referral

    @property
    def decided_by(self) -> str:
        reviewed = self.entry.review is not None
        return "review" if reviewed and self.decision.status is ReferralStatus.PENDED else "rules"


def decide_request(entry: HistoryRequest, plan: Plan) -> DecidedRequest:
    """Decide one request on the plan in force on its first valid day."""
    decision = decide_referral(entry.request, plan)
    status, visits = decision.status, entry.request.visits
    review = entry.review
    if status is ReferralStatus.PENDED and review is not None:
        status, visits = review.status, review.visits or visits
    document = Referral(
        entry.id,
        document_kind(plan, entry.request.category),
        entry.request.category,
        entry.valid_from,
        entry.valid_to,
        visits,
        0,
        entry.request.diagnoses,
        status,
    )
    return DecidedRequest(entry, decision, document)


def request_document(decided: DecidedRequest) -> dict[str, object]:
    """A decided request as the run's JSON shows it (and `expect.referral_requests` checks)."""
    document = decided.document
    return {
        "id": document.id,
        "kind": document.kind.value,
        "status": document.status.value,
        "decided_by": decided.decided_by,
        "extends": decided.entry.extends,
        "visits": document.visits,
        "valid_from": document.valid_from.isoformat(),
        "valid_to": document.valid_to.isoformat() if document.valid_to else None,
        "reasons": [_reason_document(r) for r in decided.decision.reasons],
        "review_reason": decided.entry.review.reason if decided.entry.review else None,
    }


def _reason_document(found: Reason) -> dict[str, object]:
    return {
        "code": found.code.value,
        "text": describe(found),
        "citation": found.citation,
        "params": dict(found.params),
        "next_step": next_step(found),
    }


def request_line(decided: DecidedRequest) -> str:
    """One line for the text report: the request, how it was decided, and why."""
    document = decided.document
    why = "; ".join(describe(r) for r in decided.decision.reasons)
    head = f"Referral request {document.id} ({document.category}, {document.visits} visits)"
    tail = f" — {why}" if why else ""
    return f"{head}: {document.status.value} by {decided.decided_by}{tail}"
