"""`make bench`: run every benchmark and print its figures."""

from __future__ import annotations

import sys

from bench import core, directory, referrals, service


def main() -> None:
    """`python -m bench` runs them all; `python -m bench core`, `service`, `referrals` or
    `directory` runs one."""
    wanted = sys.argv[1:] or ["core", "service", "referrals", "directory"]
    if "core" in wanted:
        core.main()
    if "service" in wanted:
        service.main()
    if "referrals" in wanted:
        referrals.main()
    if "directory" in wanted:
        directory.main()


if __name__ == "__main__":
    main()
