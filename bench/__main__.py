"""`make bench`: run every benchmark and print its figures."""

from __future__ import annotations

from bench import core


def main() -> None:
    core.main()


if __name__ == "__main__":
    main()
