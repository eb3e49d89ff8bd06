"""Benchmarks of the performance targets in ARCHITECTURE.md: `python -m tests.benchmarks.run`."""
