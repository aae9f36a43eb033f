"""`make bench`: run every benchmark and print its figures."""

from __future__ import annotations

import sys

from bench import core, service


def main() -> None:
    """`python -m bench` runs them all; `python -m bench core` or `service` runs one."""
    wanted = sys.argv[1:] or ["core", "service"]
    if "core" in wanted:
        core.main()
    if "service" in wanted:
        service.main()


if __name__ == "__main__":
    main()
