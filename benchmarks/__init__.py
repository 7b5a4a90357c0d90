"""Repeatable performance runs that print figures; never asserted (see benchmarks/README.md)."""
