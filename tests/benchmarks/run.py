"""Run the benchmarks: `python -m tests.benchmarks.run [NAME ...]` (default: all).

Each prints a table and writes .bench/<name>.json. They need PostgreSQL and Redis on
127.0.0.1 and use a database of their own (plein_bench), dropped afterwards.
"""

from __future__ import annotations

import importlib
import json
import sys
import time

from tests.benchmarks.common import BENCH_DIR

BENCHMARKS = ("provisioning", "migrations", "resolution", "requests", "hub", "sso")


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(
            f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}",
            file=sys.stderr,
        )
        return 2
    durations: dict[str, float] = {}
    for name in names:
        print(f"== {name} ==", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"tests.benchmarks.{name}").run()
        durations[name] = time.perf_counter() - started
        path = BENCH_DIR / f"{name}.json"
        path.write_text(
            json.dumps(
                {**json.loads(path.read_text()), "duration_s": durations[name]},
                indent=2,
                sort_keys=True,
            )
        )
        print(f"{name} took {durations[name]:.0f} s", flush=True)
    print("; ".join(f"{name} {seconds:.0f} s" for name, seconds in durations.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
