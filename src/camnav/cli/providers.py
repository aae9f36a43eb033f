"""`camnav providers`: import the NPI registry's file and state license rosters, find the
nearest providers, check a credential, list licenses about to expire.

Works on the database of CAMNAV_DATABASE_URL (migrated first). The command line acts as the plan
administrator: whoever runs it already holds the database's address.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, BinaryIO, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from camnav.api.app import context_from
from camnav.api.directory_documents import (
    credential_document,
    directory_document,
    expiring_document,
)
from camnav.domain.plans import DeliveryMode, Tier
from camnav.library.csv_records import Progress as Advance
from camnav.services.actors import Actor
from camnav.services.context import ServiceContext
from camnav.services.credentialing import credential_of, expiring_licenses
from camnav.services.directory import DirectorySearch, search_directory
from camnav.services.directory_import import ImportReport, import_license_roster, import_nppes
from camnav.services.errors import ServiceError
from camnav.services.ports import Role
from camnav.settings import Settings
from camnav.store.migrate import upgrade

T = TypeVar("T")
app = typer.Typer(
    no_args_is_help=True,
    help="The provider directory: imports, nearest providers, credentials.",
)
console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
OPERATOR = Actor(0, "camnav-cli", Role.PLAN_ADMINISTRATOR)

File = Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON")]
On = Annotated[str, typer.Option(help="Date, YYYY-MM-DD (default: today)")]
ShownProblems = Annotated[int, typer.Option(min=0, help="Problems to print")]


def _context() -> ServiceContext:
    settings = Settings()
    upgrade(settings.database_url)
    return context_from(settings)


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError as error:
        raise typer.BadParameter(f"not a date (YYYY-MM-DD): {text!r}") from error


def _run(action: Callable[[], T]) -> T:
    try:
        return action()
    except ServiceError as error:
        console.print(f"[red]{error.message}[/red]")
        raise typer.Exit(1) from error


@app.command("import-nppes")
def import_nppes_file(file: File, problems: ShownProblems = 20) -> None:
    """Load the providers of an NPPES data file (massage, acupuncture, chiropractic, PT)."""
    _import(file, "providers", import_nppes, problems)


@app.command("import-licenses")
def import_licenses_file(file: File, problems: ShownProblems = 20) -> None:
    """Load a state board's license roster, each license matched to its provider."""
    _import(file, "licenses", import_license_roster, problems)


Importer = Callable[[ServiceContext, Actor, BinaryIO, Advance], ImportReport]


def _import(file: Path, what: str, importer: Importer, shown: int) -> None:
    ctx = _context()
    columns = (
        TextColumn(f"{what} from {file.name}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
    )
    started = time.perf_counter()
    with Progress(*columns, console=console) as progress, file.open("rb") as stream:
        task = progress.add_task(what, total=file.stat().st_size)
        report = _run(lambda: importer(ctx, OPERATOR, stream, lambda n: progress.advance(task, n)))
    _print_report(report, time.perf_counter() - started, shown, file.name)
    if report.rows == 0 and report.problem_count:
        raise typer.Exit(1)


def _print_report(report: ImportReport, seconds: float, shown: int, name: str) -> None:
    written = report.written
    skipped = ", ".join(f"{n:,} {why.replace('_', ' ')}" for why, n in report.skipped.items())
    console.print(
        f"{report.rows:,} rows in {seconds:.1f} s ({report.rows / max(seconds, 1e-9):,.0f}/s):"
        f" {written.inserted:,} added, {written.updated:,} updated,"
        f" {written.unchanged:,} unchanged; {report.problem_count:,} problems"
        + (f"; skipped {skipped}" if skipped else "")
    )
    for problem in report.problems[:shown]:
        console.print(f"  {name}, {problem}", highlight=False)
    if report.problem_count > shown:
        console.print(f"  ... and {report.problem_count - shown:,} more")


@app.command()
def nearest(
    zip_code: Annotated[str | None, typer.Option("--zip", help="ZIP code")] = None,
    lat: Annotated[float | None, typer.Option(help="Latitude")] = None,
    lon: Annotated[float | None, typer.Option(help="Longitude")] = None,
    category: Annotated[str | None, typer.Option(help="massage, acupuncture, ...")] = None,
    k: Annotated[int, typer.Option("-k", min=1, max=200, help="How many")] = 20,
    on: On = "",
    mode: Annotated[list[DeliveryMode] | None, typer.Option(help="Delivery mode; repeat")] = None,
    tier: Annotated[Tier | None, typer.Option(help="Network tier")] = None,
    accepting: Annotated[bool | None, typer.Option("--accepting/--not-accepting")] = None,
    language: Annotated[str | None, typer.Option(help="Spoken language")] = None,
    gender: Annotated[str | None, typer.Option(help="female or male")] = None,
    member: Annotated[str | None, typer.Option(help="Price for this member")] = None,
    network: Annotated[str | None, typer.Option(help="Network (without a member)")] = None,
    all_credentials: Annotated[bool, typer.Option(help="List every credential status")] = False,
    as_json: AsJson = False,
) -> None:
    """The k providers nearest a ZIP code or a point, with distance, credential and price."""
    search = DirectorySearch(
        zip_code=zip_code,
        latitude=lat,
        longitude=lon,
        k=k,
        on=_date(on),
        category=category,
        modes=frozenset(mode or ()),
        tier=tier,
        accepting_new_patients=accepting,
        language=language,
        gender=gender,
        member_id=member,
        network=network,
        all_credentials=all_credentials,
    )
    ctx = _context()
    document = directory_document(_run(lambda: search_directory(ctx, OPERATOR, search)))
    if as_json:
        print(json.dumps(document, indent=2))
    else:
        _print_nearest(document)


def _print_nearest(document: dict[str, object]) -> None:
    table = Table(title=f"Nearest providers on {document['on']}")
    for column in ("#", "miles", "provider", "category", "where", "tier", "credential", "you pay"):
        table.add_column(column)
    results = document["results"]
    assert isinstance(results, list)
    for result in results:
        provider, price = result["provider"], result["price"]
        table.add_row(
            str(result["rank"]),
            f"{result['distance_miles']:.1f}",
            provider["name"],
            provider["category"],
            f"{provider['zip_code']} {provider['state']}",
            result["delivery_mode"],
            result["credential"]["status"],
            f"${price['member_pays']}" if price else "",
        )
    console.print(table)


@app.command()
def expiring(
    days: Annotated[int, typer.Option(min=0, max=3660, help="Days from today")] = 60,
    on: On = "",
    as_json: AsJson = False,
) -> None:
    """Active licenses whose expiry falls in the next N days, soonest first."""
    ctx = _context()
    report = _run(lambda: expiring_licenses(ctx, OPERATOR, days, _date(on)))
    document = expiring_document(report)
    if as_json:
        print(json.dumps(document, indent=2))
        return
    table = Table(title=f"Licenses expiring from {document['from']} to {document['to']}")
    for column in ("expires", "days", "provider", "name", "category", "license"):
        table.add_column(column)
    licenses = document["licenses"]
    assert isinstance(licenses, list)
    for held in licenses:
        table.add_row(
            str(held["expires"]),
            str(held["days_left"]),
            held["provider_id"],
            held["name"],
            held["category"],
            f"{held['state']} {held['number']}",
        )
    console.print(table)
    console.print(f"{len(licenses):,} licenses")


@app.command()
def credential(
    provider_id: Annotated[str, typer.Argument(help="Provider id")],
    on: On = "",
    as_json: AsJson = False,
) -> None:
    """A provider's credential on a date, as a claim for that date would be checked."""
    ctx = _context()
    day = _date(on) or ctx.today()
    document = credential_document(_run(lambda: credential_of(ctx, OPERATOR, provider_id, day)))
    if as_json:
        print(json.dumps(document, indent=2))
        return
    console.print(f"{provider_id} on {document['on']}: [bold]{document['status']}[/bold]")
