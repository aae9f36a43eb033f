"""The pure domain core: plans, cost share, coverage answers, referrals and adjudication.

Imports only the standard library. Dates, accumulators and code sets are arguments.

The hot modules may be compiled with mypyc (scripts/compile-core, run by make): Python then
imports the extension beside each source. An extension older than its source would run code that
is no longer there, so importing the package refuses it.
"""

from pathlib import Path


def stale_extensions(directory: Path) -> list[Path]:
    """The compiled modules in `directory` whose source changed after they were compiled."""
    return [
        extension
        for extension in sorted(directory.glob("*.so"))
        if (source := directory / f"{extension.name.split('.', 1)[0]}.py").exists()
        and source.stat().st_mtime > extension.stat().st_mtime
    ]


for _stale in stale_extensions(Path(__file__).parent):
    raise ImportError(
        f"{_stale.name.split('.', 1)[0]}.py changed after {_stale} was compiled: run"
        " scripts/compile-core (make runs it), or delete the .so file to run the source"
    )
