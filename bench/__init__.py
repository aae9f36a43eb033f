"""Benchmarks run by `make bench`; each prints its figures. Never timed in unit tests."""
