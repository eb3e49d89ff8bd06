"""A benchmark-only tenant app (PLEIN_BENCH_PROBE=1): one model to add a migration to."""
