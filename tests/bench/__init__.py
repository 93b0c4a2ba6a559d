"""Benchmarks: `python -m tests.bench`. They print figures; they are not collected by pytest."""
