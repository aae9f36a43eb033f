"""`python -m camnav.cli`: the same command line as `camnav`."""

from camnav.cli import main

main()
