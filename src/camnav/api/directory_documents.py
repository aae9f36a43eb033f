"""The directory's answers as JSON documents (money as decimal strings, distances in km and
miles); the CLI prints the same documents with --json."""

from __future__ import annotations

from camnav.api.documents import provider_document
from camnav.domain.credentials import Credential
from camnav.domain.directory import VisitQuote
from camnav.domain.money import format_money
from camnav.domain.places import KM_PER_MILE
from camnav.domain.providers import License
from camnav.explain.carc import carc_for
from camnav.explain.messages import describe
from camnav.services.credentialing import CredentialOnDate, ExpiringReport
from camnav.services.directory import DirectoryAnswer, DirectoryResult


def directory_document(answer: DirectoryAnswer) -> dict[str, object]:
    return {
        "origin": {"lat": answer.origin.latitude, "lon": answer.origin.longitude},
        "on": answer.on.isoformat(),
        "member_id": answer.member_id,
        "plan": f"{answer.plan.id} {answer.plan.version}" if answer.plan else None,
        "network": answer.network,
        "results": [result_document(result) for result in answer.results],
    }


def result_document(result: DirectoryResult) -> dict[str, object]:
    listed = result.listed
    return {
        "rank": result.rank,
        "distance_km": round(result.distance_km, 3),
        "distance_miles": round(result.distance_km / KM_PER_MILE, 3),
        "provider": provider_document(listed.record),
        "delivery_mode": listed.mode.value,
        "tier": listed.tier.value,
        "credential": _credential(listed.credential),
        "price": _price(result.quote) if result.quote else None,
    }


def _credential(credential: Credential) -> dict[str, object]:
    return {
        "status": credential.status.value,
        "in_good_standing": credential.in_good_standing,
        "requirement": credential.requirement.value,
        "license": _license(credential.license) if credential.license else None,
    }


def _license(license: License) -> dict[str, object]:
    return {
        "number": license.number,
        "state": license.state,
        "status": license.status.value,
        "issued": license.issued.isoformat() if license.issued else None,
        "expires": license.expires.isoformat() if license.expires else None,
    }


def _price(quote: VisitQuote) -> dict[str, object]:
    visit = quote.visit
    return {
        "covered": visit.covered,
        "member_pays": format_money(visit.member_total),
        "plan_pays": format_money(visit.plan_pays),
        "allowed": format_money(visit.allowed),
        "billed": format_money(visit.billed),
        "balance_bill": format_money(visit.balance_bill),
        "assumed_referral": quote.assumed_access,
        "reasons": [
            {"carc": carc_for(r.code), "code": r.code.value, "text": describe(r)}
            for r in visit.reasons
        ],
    }


def credential_document(found: CredentialOnDate) -> dict[str, object]:
    return {
        "provider_id": found.record.provider.id,
        "on": found.on.isoformat(),
        **_credential(found.credential),
    }


def expiring_document(report: ExpiringReport) -> dict[str, object]:
    return {
        "from": report.start.isoformat(),
        "to": report.end.isoformat(),
        "licenses": [
            {
                "provider_id": held.provider_id,
                "name": held.provider_name,
                "npi": held.npi or None,
                "category": held.category,
                "days_left": (held.license.expires - report.start).days
                if held.license.expires
                else None,
                **_license(held.license),
            }
            for held in report.licenses
        ],
    }
