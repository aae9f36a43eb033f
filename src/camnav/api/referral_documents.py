"""Response documents of referrals, decisions, the review queue, letters, notifications,
episodes and metrics (dates ISO 8601, times UTC, durations in hours)."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from camnav.api.documents import referral_document
from camnav.domain.episodes import Episode
from camnav.domain.letters import DecisionLetter, NecessityLetter
from camnav.explain.messages import describe, next_step
from camnav.services.authorization_metrics import MetricsReport
from camnav.services.notifications import NotificationPage
from camnav.services.ports import DecisionRecord, NotificationRecord, ReferralRecord, ReviewItem
from camnav.services.referrals import DecidedReferral, ReferralView
from camnav.services.reviews import QueueEntry, reason_text


def stored_referral_document(stored: ReferralRecord) -> dict[str, object]:
    """The referral; an approved one carries its authorization (number, visits, dates)."""
    document = referral_document(stored)
    referral = stored.referral
    document["extends"] = stored.extra.get("extends")
    document["authorization"] = (
        {
            "number": referral.id,
            "visits": referral.visits,
            "valid_from": referral.valid_from.isoformat(),
            "valid_to": referral.valid_to.isoformat() if referral.valid_to else None,
        }
        if referral.status.value == "approved"
        else None
    )
    return document


def decided_document(decided: DecidedReferral) -> dict[str, object]:
    """A new referral with the rules' decision: each reason with its text, citation and next
    step; a denial names the covered alternatives."""
    return {
        **stored_referral_document(decided.record),
        "reasons": [
            {
                "code": r.code.value,
                "text": describe(r),
                "citation": r.citation,
                "next_step": next_step(r),
            }
            for r in decided.decision.reasons
        ],
        "alternatives": list(decided.decision.alternatives),
    }


def decision_document(decision: DecisionRecord) -> dict[str, object]:
    return {
        "status": decision.status.value,
        "source": decision.source.value,
        "decided_at": decision.decided_at.isoformat(),
        "decided_by": decision.decided_by,
        "reasons": [
            {
                "code": r.get("code"),
                "text": reason_text(r, decision.note),
                "citation": r.get("citation"),
            }
            for r in decision.reasons
        ],
        "note": decision.note,
    }


def review_item_document(item: ReviewItem | None) -> dict[str, object] | None:
    if item is None:
        return None
    return {
        "kind": item.kind.value,
        "urgency": item.urgency.value,
        "received_at": item.received_at.isoformat(),
        "note": item.note,
    }


def view_document(view: ReferralView) -> dict[str, object]:
    return {
        **stored_referral_document(view.record),
        "decisions": [decision_document(d) for d in view.decisions],
        "in_review": review_item_document(view.in_review),
    }


def hours(span: timedelta) -> float:
    return round(span / timedelta(hours=1), 2)


def queue_document(entry: QueueEntry) -> dict[str, object]:
    return {
        "referral": stored_referral_document(entry.referral),
        "review": review_item_document(entry.item),
        "deadline": entry.clock.deadline.isoformat(),
        "hours_left": hours(entry.clock.time_left),
        "overdue": entry.clock.overdue,
    }


def decision_letter_document(letter: DecisionLetter) -> dict[str, object]:
    return {
        "kind": "decision",
        "referral_id": letter.referral_id,
        "status": letter.status.value,
        "date": letter.letter_date.isoformat(),
        "member": {"id": letter.member_id, "name": letter.member_name},
        "physician": letter.physician_name,
        "plan": letter.plan_name,
        "category": letter.category,
        "diagnoses": list(letter.diagnoses),
        "authorization": {
            "number": letter.referral_id,
            "visits": letter.visits,
            "valid_from": letter.valid_from.isoformat(),
            "valid_to": letter.valid_to.isoformat() if letter.valid_to else None,
        }
        if letter.approved
        else None,
        "reasons": [
            {"code": r.code, "text": r.text, "citation": r.citation} for r in letter.reasons
        ],
        "alternatives": list(letter.alternatives),
        "reviewer_note": letter.reviewer_note,
        "appeal": {
            "deadline": letter.appeal_deadline.isoformat(),
            "citation": letter.appeal_citation,
        },
    }


def necessity_letter_document(letter: NecessityLetter) -> dict[str, object]:
    return {
        "kind": "letter_of_medical_necessity",
        "id": letter.id,
        "referral_id": letter.referral_id,
        "date": letter.letter_date.isoformat(),
        "valid_through": letter.valid_through.isoformat(),
        "patient": letter.patient_name,
        "participant": letter.participant_name,
        "employer": letter.employer,
        "condition": letter.condition,
        "diagnoses": list(letter.diagnoses),
        "treatment": letter.treatment,
        "frequency": letter.frequency,
        "duration_months": letter.duration_months,
        "provider": {"name": letter.provider_name, "npi": letter.provider_npi},
        "signature": {"text": letter.signature, "signed_at": letter.signed_at},
    }


def notification_document(notification: NotificationRecord) -> dict[str, object]:
    return {
        "id": notification.id,
        "topic": notification.topic,
        "text": notification.text,
        "member_id": notification.member_id,
        "referral_id": notification.referral_id,
        "audience": notification.audience.value,
        "created_at": notification.created_at.isoformat(),
        "read_at": notification.read_at.isoformat() if notification.read_at else None,
    }


def notifications_document(page: NotificationPage) -> dict[str, object]:
    return {
        "page": page.page,
        "page_size": page.page_size,
        "notifications": [notification_document(n) for n in page.items],
    }


def episode_document(episode: Episode, on: date) -> dict[str, object]:
    end = episode.valid_to
    return {
        "category": episode.category,
        "opened_by": episode.opened_by,
        "documents": [d.id for d in episode.documents],
        "visits_authorized": episode.visits_authorized,
        "visits_used": episode.visits_used,
        "visits_left": episode.visits_left,
        "valid_from": episode.valid_from.isoformat(),
        "valid_to": end.isoformat() if end else None,
        "status": episode.status_on(on).value,
        "expires_soon": episode.expires_soon(on),
    }


def _share(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 4)


def metrics_document(report: MetricsReport) -> dict[str, object]:
    found = report.metrics
    return {
        "from": report.start.isoformat(),
        "to": report.end.isoformat(),
        "time_zone": report.time_zone,
        "requests": found.requests,
        "approved": found.approved,
        "denied": found.denied,
        "pended": found.pended,
        "approved_after_appeal": found.approved_after_appeal,
        "decided": found.decided,
        "decision_hours": {"median": found.median_hours, "p90": found.p90_hours},
        "share_decided_within": {
            "72_hours": _share(found.within_72_hours),
            "7_days": _share(found.within_7_days),
        },
    }
