"""The pure domain core: plans, cost share, coverage answers, referrals and adjudication.

Imports only the standard library. Dates, accumulators and code sets are arguments.

The hot modules may be compiled with mypyc (scripts/compile-core, run by make): Python then
imports the extension beside each source. An extension older than its source would run code that
is no longer there, so importing the package refuses it.
"""

from pathlib import Path


def _refuse_stale_extensions() -> None:
    here = Path(__file__).parent
    for extension in here.glob("*.so"):
        source = here / f"{extension.name.split('.', 1)[0]}.py"
        if source.exists() and source.stat().st_mtime > extension.stat().st_mtime:
            raise ImportError(
                f"{source} changed after it was compiled: run scripts/compile-core"
                f" (make runs it), or delete {extension} to run the source"
            )


_refuse_stale_extensions()
