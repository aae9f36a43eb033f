"""The scenario file format: typed values for each section, and `load_scenario` to read a file.

Every problem names the file and the field path; `load_scenario` raises `InvalidScenario` with
all the problems of a file at once (see camnav.scenarios.fields). docs/scenarios.md documents
every key.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from camnav.domain.claims import Attachment, Claim, ClaimLine, Submitter
from camnav.domain.members import Accumulators, Enrollment
from camnav.domain.plans import Tier
from camnav.domain.providers import TAXONOMY_CATEGORIES, License, LicenseStatus
from camnav.domain.referrals import Letter, Referral, ReferralKind, ReferralStatus, add_months
from camnav.scenarios.expect import shape_problems
from camnav.scenarios.fields import InvalidScenario, Node, Problem, Sink, keys, read_document
from camnav.scenarios.referral_history import HistoryRequest, parse_requests

__all__ = [
    "InvalidScenario",
    "MemberSpec",
    "ParticipationSpec",
    "PlanRef",
    "Problem",
    "ProviderSpec",
    "Question",
    "Scenario",
    "StartingAccumulators",
    "load_scenario",
]

# A letter of medical necessity that states no duration is good for 12 months (domain §4).
DEFAULT_LETTER_MONTHS = 12


@dataclass(frozen=True, slots=True)
class PlanRef:
    """A library plan by id (for a plan year or a version), or a plan document written inline."""

    id: str
    year: int | None = None
    version: str | None = None
    inline: Mapping[str, object] | None = None


@dataclass(frozen=True, slots=True)
class ParticipationSpec:
    """A network contract with dates; no network means the scenario plan's own network."""

    network: str | None
    start: date | None
    end: date | None


@dataclass(frozen=True, slots=True)
class ProviderSpec:
    """A provider as the scenario states it; the network shorthand needs the plan to resolve."""

    id: str
    name: str
    category: str
    state: str
    npi: str = ""
    license: License | None = None
    network: Tier | None = None
    participations: tuple[ParticipationSpec, ...] = ()
    credentialed: bool = False
    discount_participant: bool = False


@dataclass(frozen=True, slots=True)
class MemberSpec:
    """The member and their coverage period (open at both ends unless the scenario says)."""

    id: str
    coverage_start: date = date.min
    coverage_end: date | None = None
    region: str = ""
    zip_code: str = ""

    def enrollment(self, plan_id: str) -> Enrollment:
        return Enrollment(
            self.id, plan_id, self.coverage_start, self.coverage_end, self.region, self.zip_code
        )


@dataclass(frozen=True, slots=True)
class StartingAccumulators:
    """What the member had met before the first claim, for the benefit period holding `as_of`."""

    accumulators: Accumulators
    as_of: date | None = None


@dataclass(frozen=True, slots=True)
class Question:
    """A coverage question asked on a date: is the category covered for this member then?

    `region` is a region id of the plan library; empty means the member's region, else the
    plan's first region.
    """

    category: str
    on: date
    diagnoses: tuple[str, ...] = ()
    region: str = ""


@dataclass(frozen=True, slots=True)
class Scenario:
    """One benefit test: plan, member, documents on file, providers, claims and expectations."""

    file: str
    name: str
    description: str
    plan: PlanRef
    member: MemberSpec
    accumulators: StartingAccumulators
    referrals: tuple[Referral, ...]
    letters: tuple[Letter, ...]
    providers: Mapping[str, ProviderSpec]
    claims: tuple[Claim, ...]
    questions: tuple[Question, ...] = ()
    expect: Mapping[str, object] | None = None
    referral_requests: tuple[HistoryRequest, ...] = ()


# --- the sections of a scenario ------------------------------------------------------------

_TOP_KEYS = keys(
    "name description plan member accumulators referrals prescriptions "
    "authorizations referral_requests letters provider providers claims questions expect"
)


def load_scenario(path: str | os.PathLike[str], categories: Collection[str] = ()) -> Scenario:
    """Read and check one scenario file; raise InvalidScenario listing every problem found.

    `categories` are the service categories the catalogue knows; when given, every category the
    file names must be one of them.
    """
    sink = Sink(os.fspath(path))
    document = read_document(sink.file, sink.problems)
    if document is None:
        raise InvalidScenario(sink.problems)
    scenario = _scenario(Node(document, "", sink), Path(sink.file).stem)
    if categories:
        sink.check_categories(categories)
    if sink.problems:
        raise InvalidScenario(sink.problems)
    return scenario


def _scenario(root: Node, stem: str) -> Scenario:
    """The sections read in the order the format documents them, so problems come in that order."""
    root.only(_TOP_KEYS)
    plan, member = _plan(root), _member(root.node("member", required=True))
    accumulators = _accumulators(root.node("accumulators"))
    referrals = _referrals(root)
    requests = parse_requests(root)
    on_file = list(dict.fromkeys(r.id for r in referrals))
    _unique(on_file + [r.id for r in requests], root, "referral_requests", "document id")
    _check_extends(root, on_file, requests)
    letters = tuple(_letter(node) for node in root.nodes("letters"))
    providers = _providers(root)
    return Scenario(
        file=root.sink.file,
        name=root.text("name", default=stem),
        description=root.optional_text("description"),
        plan=plan,
        member=member,
        accumulators=accumulators,
        referrals=referrals,
        letters=letters,
        providers=providers,
        claims=_claims(root, member.id, providers),
        questions=tuple(_question(node) for node in root.nodes("questions")),
        expect=_expect(root),
        referral_requests=requests,
    )


def _plan(root: Node) -> PlanRef:
    value = root.data.get("plan")
    if isinstance(value, str) and value.strip():
        return PlanRef(value.strip())
    node = root.node("plan", required=True)
    if node is None:
        return PlanRef("")
    node.only(("id", "year", "version", "inline"))
    inline = node.node("inline")
    if inline is not None:
        return PlanRef(str(inline.data.get("id", "inline")), inline=_text_keys(inline.data))
    year = node.optional_count("year", positive=True)
    version = node.text("version") if node.has("version") else None
    return PlanRef(node.text("id"), year, version)


def _member(node: Node | None) -> MemberSpec:
    if node is None:
        return MemberSpec("")
    node.only(("id", "coverage", "region", "zip"))
    coverage = node.node("coverage")
    if coverage is not None:
        coverage.only(("start", "end"))
    return MemberSpec(
        id=node.text("id"),
        coverage_start=(coverage.day("start") if coverage else None) or date.min,
        coverage_end=coverage.day("end", required=False) if coverage else None,
        region=node.optional_text("region"),
        zip_code=node.optional_text("zip"),
    )


def _accumulators(node: Node | None) -> StartingAccumulators:
    if node is None:
        return StartingAccumulators(Accumulators())
    node.only(("as_of", "deductible_met", "out_of_pocket_met", "visits_used", "category_visits"))
    buckets = [tier.value for tier in Tier]
    return StartingAccumulators(
        Accumulators(
            deductible_met=_amounts(node.keyed("deductible_met", buckets)),
            out_of_pocket_met=_amounts(node.keyed("out_of_pocket_met", buckets)),
            limit_visits=_counts(node.keyed("visits_used")),
            category_visits=_category_counts(node.keyed("category_visits")),
        ),
        node.day("as_of", required=False),
    )


def _amounts(node: Node | None) -> Mapping[str, int]:
    if node is None:
        return {}
    return {str(key): node.money(str(key)) or 0 for key in node.data}


def _counts(node: Node | None) -> Mapping[str, int]:
    if node is None:
        return {}
    return {str(key): node.count(str(key)) for key in node.data}


def _category_counts(node: Node | None) -> Mapping[str, int]:
    if node is None:
        return {}
    for key in node.data:
        node.sink.categories.append((node.at(str(key)), str(key)))
    return _counts(node)


_DOCUMENT_KINDS = {
    "referrals": ReferralKind.REFERRAL,
    "prescriptions": ReferralKind.PRESCRIPTION,
    "authorizations": ReferralKind.AUTHORIZATION,
}


def _referrals(root: Node) -> tuple[Referral, ...]:
    found = [
        _referral(node, kind) for key, kind in _DOCUMENT_KINDS.items() for node in root.nodes(key)
    ]
    _unique((r.id for r in found), root, "referrals", "document id")
    return tuple(found)


def _referral(node: Node, kind: ReferralKind) -> Referral:
    node.only(("id", "category", "valid_from", "valid_to", "visits", "used", "diagnoses", "status"))
    return Referral(
        id=node.text("id"),
        kind=kind,
        category=node.category("category"),
        valid_from=node.day("valid_from") or date.min,
        valid_to=node.day("valid_to", required=False),
        visits=node.optional_count("visits", positive=True),
        visits_used=node.count("used", default=0),
        diagnoses=node.texts("diagnoses"),
        status=node.choice("status", ReferralStatus, ReferralStatus.APPROVED),
    )


def _letter(node: Node) -> Letter:
    """A letter is good through the date it states, or its date plus its duration (12 months)."""
    node.only(("id", "category", "issued_on", "valid_through", "duration_months", "condition"))
    issued = node.day("issued_on") or date.min
    months = node.count("duration_months", default=DEFAULT_LETTER_MONTHS, positive=True)
    through = node.day("valid_through", required=False)
    return Letter(
        id=node.text("id"),
        category=node.category("category"),
        issued_on=issued,
        valid_through=through or add_months(issued, months),
        condition=node.optional_text("condition"),
    )


def _providers(root: Node) -> Mapping[str, ProviderSpec]:
    if root.has("provider") and root.has("providers"):
        root.fail("providers", "give either 'provider' (one) or 'providers' (a list), not both")
    single = root.node("provider")
    specs = [_provider(single, "P-1")] if single else []
    specs += [_provider(node, "") for node in root.nodes("providers")]
    if not specs and root.has("claims"):
        root.fail("provider", "is required for claims (or 'providers', a list)")
    _unique((spec.id for spec in specs), root, "providers", "provider id")
    return {spec.id: spec for spec in specs}


_PROVIDER_KEYS = keys(
    "id name category taxonomy state npi license network participations "
    "credentialed discount_participant"
)


def _provider(node: Node, default_id: str) -> ProviderSpec:
    node.only(_PROVIDER_KEYS)
    license_node = node.node("license")
    return ProviderSpec(
        id=node.text("id", default=default_id or None),
        name=node.optional_text("name"),
        category=_provider_category(node),
        state=node.text("state").upper(),
        npi=node.optional_text("npi"),
        license=_license(license_node, node.optional_text("state")) if license_node else None,
        network=node.choice("network", Tier) if node.has("network") else None,
        participations=tuple(_participation(n) for n in node.nodes("participations")),
        credentialed=node.flag("credentialed"),
        discount_participant=node.flag("discount_participant"),
    )


def _provider_category(node: Node) -> str:
    """A category ('massage') or a NUCC taxonomy code that names one (225700000X)."""
    if node.has("category") or not node.has("taxonomy"):
        return node.category("category")
    taxonomy = node.text("taxonomy").upper()
    if taxonomy not in TAXONOMY_CATEGORIES:
        node.fail("taxonomy", f"unknown taxonomy; known: {', '.join(TAXONOMY_CATEGORIES)}")
    return TAXONOMY_CATEGORIES.get(taxonomy, "")


def _license(node: Node, provider_state: str) -> License:
    node.only(("number", "state", "status", "expires", "issued"))
    return License(
        number=node.optional_text("number"),
        state=(node.optional_text("state") or provider_state).upper(),
        status=node.choice("status", LicenseStatus, LicenseStatus.ACTIVE),
        expires=node.day("expires", required=False),
        issued=node.day("issued", required=False),
    )


def _participation(node: Node) -> ParticipationSpec:
    node.only(("network", "start", "end"))
    network = node.text("network") if node.has("network") else None
    return ParticipationSpec(
        network, node.day("start", required=False), node.day("end", required=False)
    )


_CLAIM_KEYS = keys(
    "id provider submitted_by received date diagnoses attachments signed_waiver "
    "amount_paid missing_fields lines"
)


def _claims(root: Node, member_id: str, providers: Mapping[str, ProviderSpec]) -> tuple[Claim, ...]:
    """The claims; a scenario needs at least one claim or one coverage question."""
    required = not root.has("questions")
    claims = tuple(
        _claim(node, index, member_id, providers)
        for index, node in enumerate(root.nodes("claims", required=required))
    )
    _unique((claim.id for claim in claims), root, "claims", "claim id")
    return claims


def _claim(node: Node, index: int, member_id: str, providers: Mapping[str, ProviderSpec]) -> Claim:
    node.only(_CLAIM_KEYS)
    default_day = node.day("date", required=False)
    lines = tuple(
        _line(line, number, default_day)
        for number, line in enumerate(node.nodes("lines", required=True), start=1)
    )
    last_day = max((line.service_date for line in lines), default=date.min)
    return Claim(
        id=node.text("id", default=f"claim-{index + 1}"),
        member_id=member_id,
        provider_id=_claim_provider(node, providers),
        received=node.day("received", required=False) or last_day,
        lines=lines,
        submitter=node.choice("submitted_by", Submitter, Submitter.PROVIDER),
        diagnoses=node.texts("diagnoses"),
        attachments=frozenset(_attachments(node)),
        signed_waiver=node.flag("signed_waiver"),
        amount_paid=node.money("amount_paid", required=False),
        missing_fields=node.texts("missing_fields"),
    )


def _claim_provider(node: Node, providers: Mapping[str, ProviderSpec]) -> str:
    """The provider named by id; the only provider of the scenario when the claim names none."""
    if not node.has("provider") and len(providers) == 1:
        return next(iter(providers))
    provider_id = node.text("provider")
    if provider_id and provider_id not in providers:
        node.fail("provider", f"unknown provider; the scenario has: {', '.join(providers)}")
    return provider_id


def _attachments(node: Node) -> Iterable[Attachment]:
    options = ", ".join(a.value for a in Attachment)
    for index, value in enumerate(node.texts("attachments")):
        try:
            yield Attachment(value.lower())
        except ValueError:
            node.fail(f"attachments[{index}]", f"must be one of: {options}")


def _line(node: Node, number: int, default_day: date | None) -> ClaimLine:
    node.only(("date", "code", "units", "minutes", "modifiers", "billed", "diagnoses", "modality"))
    day = node.day("date", required=default_day is None) or default_day or date.min
    return ClaimLine(
        number=number,
        service_date=day,
        code=node.text("code").upper(),
        units=node.count("units", default=1, positive=True),
        billed=node.money("billed") or 0,
        minutes=node.optional_count("minutes"),
        modifiers=tuple(m.upper() for m in node.texts("modifiers")),
        diagnoses=node.texts("diagnoses"),
        modality=_modality(node.text("modality")) if node.has("modality") else None,
    )


def _modality(text: str) -> str:
    """'Tui na' -> 'tui_na': plan documents name excluded modalities in snake case."""
    return "_".join(text.lower().replace("-", " ").split())


def _question(node: Node) -> Question:
    # Not `on:`, which YAML 1.1 reads as the boolean true.
    node.only(("category", "date", "diagnoses", "region"))
    return Question(
        category=node.category("category"),
        on=node.day("date") or date.min,
        diagnoses=node.texts("diagnoses"),
        region=node.optional_text("region"),
    )


def _expect(root: Node) -> Mapping[str, object] | None:
    node = root.node("expect")
    if node is None:
        return None
    for path, message in shape_problems(node.data, "expect"):
        root.sink.problems.append(Problem(root.sink.file, path, message))
    return _text_keys(node.data)


def _text_keys(data: Mapping[object, object]) -> dict[str, object]:
    return {str(key): value for key, value in data.items()}


def _check_extends(root: Node, on_file: list[str], requests: tuple[HistoryRequest, ...]) -> None:
    """An extension names a document on file or an earlier request."""
    known = set(on_file)
    for index, request in enumerate(requests):
        if request.extends is not None and request.extends not in known:
            where = f"referral_requests[{index}].extends"
            root.fail(where, f"no earlier referral {request.extends!r} to extend")
        known.add(request.id)


def _unique(ids: Iterable[str], root: Node, key: str, what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item and item in seen:
            root.fail(key, f"{what} {item!r} is used twice")
        seen.add(item)
