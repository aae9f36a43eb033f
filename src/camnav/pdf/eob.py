"""The explanation of benefits as a PDF: the claim, a table of lines with their amounts and CARC,
each line's reasons in plain language with the plan clause and the next step, the payments, and
the member's claim history with running accumulators."""

from __future__ import annotations

from camnav.domain.money import format_money
from camnav.explain.carc import carc_for
from camnav.explain.eob import STATUS_TEXT, Explanation, claim_next_steps, line_reasons
from camnav.explain.messages import describe, next_step
from camnav.pdf.writer import Document

LINE_HEADER = (
    "Line",
    "Date",
    "Code",
    "Billed",
    "Allowed",
    "Deductible",
    "Copay",
    "Coinsurance",
    "Plan pays",
    "You owe",
    "CARC",
)
HISTORY_HEADER = (
    "Claim",
    "Date",
    "Status",
    "Billed",
    "Plan paid",
    "You owed",
    "Deductible met",
    "Out-of-pocket met",
    "Visits used",
)


def eob_pdf(explanation: Explanation) -> bytes:
    """The explanation of benefits, ready to download."""
    document = Document("Explanation of benefits - this is not a bill")
    _summary(document, explanation)
    _lines(document, explanation)
    _why(document, explanation)
    _payments(document, explanation)
    _history(document, explanation)
    return document.output()


def _summary(document: Document, explanation: Explanation) -> None:
    claim = explanation.claim
    document.fields(
        [
            ("Member", f"{explanation.member_name} ({claim.member_id})"),
            ("Plan", explanation.plan_name),
            ("Provider", f"{explanation.provider_name} ({claim.provider_id})"),
            ("Claim", f"{claim.id}, received {claim.received.isoformat()}"),
            ("Decided", f"{explanation.decided_at:%Y-%m-%d} (version {explanation.version})"),
            ("Status", STATUS_TEXT[explanation.status]),
            ("Plan pays", f"${format_money(explanation.plan_pays)}"),
            ("You owe", f"${format_money(explanation.member_total)}"),
        ]
    )


def _lines(document: Document, explanation: Explanation) -> None:
    document.heading("Services")
    rows = [
        (
            str(line.number),
            line.service_date.isoformat(),
            f"{line.code} x{line.units}",
            *(
                format_money(amount)
                for amount in (
                    line.billed,
                    line.allowed,
                    line.deductible,
                    line.copay,
                    line.coinsurance,
                    line.plan_pays,
                    line.member_total,
                )
            ),
            " ".join(carc_for(item.code) for item in line_reasons(line)) or "-",
        )
        for line in explanation.lines
    ]
    document.table(LINE_HEADER, rows)


def _why(document: Document, explanation: Explanation) -> None:
    document.heading("Why, and what you can do")
    for line in explanation.lines:
        for item in line_reasons(line):
            clause = f" (plan: {item.citation})" if item.citation else ""
            step = next_step(item)
            document.paragraph(
                f"Line {line.number}, CARC {carc_for(item.code)}: {describe(item)}{clause}"
                + (f" Next step: {step}" if step else "")
            )
    for step in claim_next_steps(explanation):
        document.paragraph(step)


def _payments(document: Document, explanation: Explanation) -> None:
    if not explanation.postings:
        return
    document.heading("Payments")
    rows = [
        (f"{p.at:%Y-%m-%d}", p.kind, p.payee, f"${format_money(p.amount)}", p.note)
        for p in explanation.postings
    ]
    document.table(("Date", "Entry", "Paid to", "Amount", "Note"), rows)


def _history(document: Document, explanation: Explanation) -> None:
    document.heading("Your claims this plan year, with your accumulators after each")
    rows = [
        (
            row.claim_id,
            row.service_date.isoformat(),
            STATUS_TEXT[row.status],
            format_money(row.billed),
            format_money(row.plan_pays),
            format_money(row.member_owes),
            format_money(row.deductible_met),
            format_money(row.out_of_pocket_met),
            str(row.visits_used),
        )
        for row in explanation.history
    ]
    document.table(HISTORY_HEADER, rows)
