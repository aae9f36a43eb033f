"""Response documents of the claims workflow (money as decimal strings, dates ISO)."""

from __future__ import annotations

from camnav.domain.money import format_money
from camnav.services.adjudication_rate import AdjudicationRate
from camnav.services.claim_reviews import Decided
from camnav.services.claims_ports import Adjustment, AppealRecord, PaymentEntry, UploadRecord
from camnav.services.payments import Reconciliation


def upload_document(upload: UploadRecord) -> dict[str, object]:
    return {
        "id": upload.id,
        "member_id": upload.member_id,
        "kind": upload.kind.value,
        "media_type": upload.media_type,
        "size": upload.size,
        "sha256": upload.sha256,
        "file_name": upload.original_name,
        "created_at": upload.created_at.isoformat(),
    }


def adjustment_document(adjustment: Adjustment) -> dict[str, object]:
    return {
        "claim_id": adjustment.claim_id,
        "version": adjustment.sequence,
        "cause": adjustment.cause.value,
        "caused_by": adjustment.caused_by,
        "status_before": adjustment.status_before.value,
        "status_after": adjustment.status_after.value,
        "plan_pays_before": format_money(adjustment.plan_pays_before),
        "plan_pays_after": format_money(adjustment.plan_pays_after),
        "at": adjustment.at.isoformat(),
    }


def payment_document(entry: PaymentEntry) -> dict[str, object]:
    return {
        "id": entry.id,
        "claim_id": entry.claim_id,
        "member_id": entry.member_id,
        "payee": entry.payee.value,
        "payee_id": entry.payee_id,
        "kind": entry.kind.value,
        "amount": format_money(entry.amount),
        "version": entry.determination_sequence,
        "at": entry.at.isoformat(),
    }


def reconciliation_document(found: Reconciliation) -> dict[str, object]:
    return {
        "balanced": found.balanced,
        "claims": found.claims,
        "ledger_total": format_money(found.ledger_total),
        "claims_total": format_money(found.determined_total),
        "mismatched": [
            {
                "claim_id": b.claim_id,
                "ledger": format_money(b.ledger),
                "determined": format_money(b.determined),
            }
            for b in found.mismatched
        ],
    }


def appeal_document(appeal: AppealRecord) -> dict[str, object]:
    return {
        "id": appeal.id,
        "claim_id": appeal.claim_id,
        "member_id": appeal.member_id,
        "status": appeal.status.value,
        "reason": appeal.reason,
        "filed_at": appeal.filed_at.isoformat(),
        "deadline": appeal.deadline.isoformat(),
        "decision_due": appeal.decision_due.isoformat(),
        "decided_at": appeal.decided_at.isoformat() if appeal.decided_at else None,
        "outcome_reason": appeal.outcome_reason or None,
    }


def decided_document(decided: Decided, claim: dict[str, object]) -> dict[str, object]:
    return {
        "claim": claim,
        "adjustments": [adjustment_document(a) for a in decided.adjustments],
    }


def rate_document(rate: AdjudicationRate) -> dict[str, object]:
    counts = rate.counts
    return {
        "claims": counts.claims,
        "decided_without_a_person": rate.automatic,
        "rate": round(float(rate.rate), 4),
        "by_first_status": counts.by_first_status,
        "pended": counts.pended,
        "by_pending_reason": {
            reason: {"claims": count, "share": round(float(rate.share_pended_for(reason)), 4)}
            for reason, count in counts.pended_by_reason.items()
        },
    }
