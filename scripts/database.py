"""Print the PostgreSQL URL that `make demo` and `make test` should use.

In order of preference:

1. `DATABASE_URL` from the environment, untouched;
2. a server on 127.0.0.1:5432 (or the host:port in `PLEIN_PG_PROBE`) that accepts TCP;
3. an embedded server from the `pgserver` package, with its data under `.data/pgserver`
   (or `PLEIN_PGSERVER_DIR`); it keeps running after this script exits, so later runs
   find it again, and `--stop` stops it.

Only the URL goes to stdout; what was chosen, and why, goes to stderr.

    python scripts/database.py [--name plein] [--create]
    python scripts/database.py --stop
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import warnings
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PROBE = "127.0.0.1:5432"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--name",
        default=os.environ.get("PLEIN_DB_NAME", "plein"),
        help="database name when the URL is built here (default: plein)",
    )
    parser.add_argument(
        "--create", action="store_true", help="create the database when it does not exist yet"
    )
    parser.add_argument(
        "--stop", action="store_true", help="stop the embedded server, if it runs, and exit"
    )
    args = parser.parse_args()
    # pgserver keeps its lock file in the user's runtime folder; without XDG_RUNTIME_DIR
    # (cron, CI, su) platformdirs falls back to /tmp/runtime-<uid>, which is fine.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR")

    if args.stop:
        return _embedded_stop()

    url = os.environ.get("DATABASE_URL")
    if url:
        _say("using DATABASE_URL from the environment")
    else:
        probe = os.environ.get("PLEIN_PG_PROBE", DEFAULT_PROBE)
        host, _, port = probe.rpartition(":")
        if _tcp_open(host, int(port)):
            _say(f"using the PostgreSQL server at {probe}")
            url = f"postgres://postgres@{host}:{port}/{args.name}"
        else:
            _say(f"no PostgreSQL at {probe}; starting the embedded server (pgserver)")
            url = _embedded_url(args.name)
    if args.create:
        _database_ensure(url)
    print(url)
    return 0


def _say(message: str) -> None:
    print(f"database: {message}", file=sys.stderr)


def _tcp_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


def _embedded_dir() -> Path:
    return Path(os.environ.get("PLEIN_PGSERVER_DIR", ROOT / ".data" / "pgserver")).resolve()


def _embedded_url(name: str) -> str:
    import pgserver  # type: ignore[import-untyped]

    data_dir = _embedded_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this script and is reused by the next run.
    server = pgserver.get_server(data_dir, cleanup_mode=None)
    info = server.get_postmaster_info()
    if info.socket_dir is not None:
        # The socket folder goes in the path, percent-encoded: django-environ then puts
        # it in HOST, so Django, psycopg2 and pg_dump all reach the same server.
        return f"postgres://postgres@/{quote(str(info.socket_dir), safe='')}/{name}"
    return f"postgres://postgres@{info.hostname}:{info.port}/{name}"


def _embedded_stop() -> int:
    data_dir = _embedded_dir()
    if not (data_dir / "postmaster.pid").exists():
        _say(f"no embedded server running in {data_dir}")
        return 0
    import pgserver

    pgserver.get_server(data_dir, cleanup_mode="stop").cleanup()
    _say(f"stopped the embedded server in {data_dir}")
    return 0


def _database_ensure(url: str) -> None:
    import environ
    import psycopg2
    from psycopg2 import sql

    config = environ.Env.db_url_config(url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        **config.get("OPTIONS", {}),
    )
    connection.autocommit = True  # CREATE DATABASE cannot run in a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
                _say(f"created database {config['NAME']}")
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(main())
