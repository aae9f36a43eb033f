"""`camnav claims`: the auto-adjudication rate, the payment ledger's reconciliation and backfill,
over the database of CAMNAV_DATABASE_URL (for the operator, who holds the database)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from camnav.api.app import context_from
from camnav.api.claim_documents import rate_document, reconciliation_document
from camnav.domain.money import format_money
from camnav.services.adjudication_rate import operator_rate
from camnav.services.payments import operator_reconciliation, post_unposted
from camnav.settings import Settings

app = typer.Typer(no_args_is_help=True, help="Claims: adjudication rate and payment ledger.")

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON")]


@app.command("rate")
def rate(as_json: AsJson = False) -> None:
    """The share of claims decided without a person, overall and by reason for pending."""
    found = operator_rate(context_from(Settings()))
    if as_json:
        typer.echo(json.dumps(rate_document(found), indent=2))
        return
    counts = found.counts
    typer.echo(
        f"{found.automatic:,} of {counts.claims:,} claims decided without a person: "
        f"{float(found.rate):.2%}"
    )
    typer.echo(
        "first decisions: " + ", ".join(f"{k} {v:,}" for k, v in counts.by_first_status.items())
    )
    for reason, count in counts.pended_by_reason.items():
        share = float(found.share_pended_for(reason))
        typer.echo(f"pended for {reason}: {count:,} claims ({share:.2%})")


@app.command("reconcile")
def reconcile(as_json: AsJson = False) -> None:
    """The payment ledger against the claims' current determinations; exit 1 when they differ."""
    found = operator_reconciliation(context_from(Settings()))
    if as_json:
        typer.echo(json.dumps(reconciliation_document(found), indent=2))
    else:
        typer.echo(
            f"{found.claims:,} claims; ledger {format_money(found.ledger_total)}, claims "
            f"{format_money(found.determined_total)}; {len(found.mismatched)} mismatched"
        )
    if not found.balanced:
        raise typer.Exit(1)


@app.command("post-payments")
def post_payments() -> None:
    """Post the payments of decided claims the ledger has no entry for (claims decided before the
    ledger existed, such as the demo's history); running it again posts nothing."""
    posted = post_unposted(context_from(Settings()))
    typer.echo(f"posted {posted:,} payments")
