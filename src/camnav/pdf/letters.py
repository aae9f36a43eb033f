"""Letters as PDF: the decision letter on a referral or authorization, and the HSA/FSA letter of
medical necessity. Every element the rules require is printed as text, so it can be read back."""

from __future__ import annotations

from camnav.domain.letters import DecisionLetter, NecessityLetter
from camnav.pdf.writer import Document


def decision_letter_pdf(letter: DecisionLetter) -> bytes:
    """An approval states the authorization; a denial states each specific reason and the plan
    clause it rests on; both state the right to appeal and its deadline."""
    title = "Approval of your referral" if letter.approved else "Denial of your referral"
    document = Document(title)
    document.fields(_decision_fields(letter))
    if letter.approved:
        _approval(document, letter)
    else:
        _denial(document, letter)
    document.heading("Your right to appeal")
    document.paragraph(
        "You or your physician may appeal this decision. Send the appeal, with any records that "
        f"support it, no later than {letter.appeal_deadline.isoformat()}."
    )
    document.fields([("Appeal deadline", letter.appeal_deadline.isoformat())])
    document.paragraph(f"Citation: {letter.appeal_citation}")
    return document.output()


def _decision_fields(letter: DecisionLetter) -> list[tuple[str, str]]:
    return [
        ("Date", letter.letter_date.isoformat()),
        ("Member", f"{letter.member_name} ({letter.member_id})"),
        ("Plan", letter.plan_name),
        ("Referring physician", letter.physician_name or "-"),
        ("Referral", letter.referral_id),
        ("Service", letter.category.replace("_", " ")),
        ("Diagnoses", ", ".join(letter.diagnoses)),
        ("Decision", letter.status.value),
    ]


def _approval(document: Document, letter: DecisionLetter) -> None:
    document.heading("What is authorized")
    visits = "no stated number" if letter.visits is None else str(letter.visits)
    until = letter.valid_to.isoformat() if letter.valid_to else "open"
    document.fields(
        [
            ("Authorization number", letter.referral_id),
            ("Visits authorized", visits),
            ("Valid from", letter.valid_from.isoformat()),
            ("Valid to", until),
        ]
    )
    if letter.reviewer_note:
        document.paragraph(f"Reviewer's note: {letter.reviewer_note}")


def _denial(document: Document, letter: DecisionLetter) -> None:
    document.heading("Why the referral was denied")
    for found in letter.reasons:
        document.paragraph(f"Reason: {found.text}")
        document.paragraph(f"Citation: {found.citation}")
    if letter.alternatives:
        covered = ", ".join(a.replace("_", " ") for a in letter.alternatives)
        document.paragraph(f"Covered alternatives: {covered}.")


def necessity_letter_pdf(letter: NecessityLetter) -> bytes:
    """Patient, participant and employer, condition, recommended treatment with frequency and
    duration, the provider's name and e-signature, the date and the valid-through date."""
    document = Document("Letter of medical necessity")
    document.fields(
        [
            ("Date", letter.letter_date.isoformat()),
            ("Patient", letter.patient_name),
            ("Participant", letter.participant_name),
            ("Employer", letter.employer or "-"),
            ("Medical condition", letter.condition),
            ("Recommended treatment", letter.treatment),
            ("Frequency", letter.frequency),
            ("Duration", f"{letter.duration_months} months"),
            ("Valid through", letter.valid_through.isoformat()),
            ("Referral", letter.referral_id),
        ]
    )
    document.paragraph(
        f"I recommend {letter.treatment}, {letter.frequency}, for {letter.duration_months} "
        f"months, to treat {letter.condition}. This treatment is medically necessary to treat "
        "this condition and is not for general health. Treatment past "
        f"{letter.valid_through.isoformat()} needs a new letter."
    )
    document.heading("Provider")
    document.fields(
        [
            ("Provider", letter.provider_name),
            ("NPI", letter.provider_npi or "-"),
            ("E-signature", letter.signature),
            ("Signed at", letter.signed_at),
        ]
    )
    return document.output()
