"""Schema dumps with pg_dump, and replaying them under another schema name.

A dump in pg_dump's plain format is split into SQL chunks and COPY blocks. SQL chunks
hold only DDL and sequence values, so the source schema name is replaced there; COPY
data (which may hold anything people typed) is streamed untouched. That makes one code
path serve the provisioning template, exports and imports.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.backends.utils import CursorWrapper

from tenants.errors import TenancyError


@dataclass(frozen=True, slots=True)
class SqlChunk:
    sql: str


@dataclass(frozen=True, slots=True)
class CopyBlock:
    header: str
    data: str


Step = SqlChunk | CopyBlock


def pg_binary(name: str) -> str:
    """Path of a PostgreSQL client program at least as new as the server."""
    if settings.PLEIN_PG_BIN_DIR:
        return str(Path(settings.PLEIN_PG_BIN_DIR) / name)
    major = connection.cursor().connection.server_version // 10000
    system = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    if system.exists():
        return str(system)
    embedded = _embedded_bin_dir()
    if embedded is not None and (embedded / name).exists():
        return str(embedded / name)
    found = shutil.which(name)
    if found:
        return found
    raise TenancyError(f"{name} was not found; set PLEIN_PG_BIN_DIR to PostgreSQL's bin folder.")


def schema_dump(schema_name: str) -> str:
    """Plain-format dump of one schema (structure, data and sequence values)."""
    db = connection.settings_dict
    command = [
        pg_binary("pg_dump"),
        "--schema",
        schema_name,
        "--no-owner",
        "--no-privileges",
        "--no-comments",
        "--dbname",
        str(db["NAME"]),
    ]
    if db.get("HOST"):
        command += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        command += ["--port", str(db["PORT"])]
    if db.get("USER"):
        command += ["--username", str(db["USER"])]
    environment = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    completed = subprocess.run(
        command, capture_output=True, text=True, env=environment, check=False
    )
    if completed.returncode != 0:
        raise TenancyError(f"pg_dump of schema {schema_name} failed: {completed.stderr.strip()}")
    return completed.stdout


def _embedded_bin_dir() -> Path | None:
    """The bin folder of the embedded server from the `pgserver` package, if installed."""
    try:
        import pgserver  # type: ignore[import-untyped]
    except ImportError:
        return None
    return Path(pgserver.__file__).parent / "pginstall" / "bin"


_SESSION_LINE = re.compile(r"^(SET |SELECT pg_catalog\.set_config\(|\\)")


def dump_steps(dump: str) -> list[Step]:
    """Split a plain dump into SQL chunks and COPY blocks, dropping session settings.

    The session settings are dropped because they would change this connection's
    search_path behind django-tenants' back.
    """
    steps: list[Step] = []
    sql_lines: list[str] = []
    lines = iter(dump.splitlines(keepends=True))
    for line in lines:
        if line.startswith("COPY ") and line.rstrip().endswith("FROM stdin;"):
            if sql_lines:
                steps.append(SqlChunk("".join(sql_lines)))
                sql_lines = []
            data: list[str] = []
            for data_line in lines:
                if data_line.rstrip("\n") == "\\.":
                    break
                data.append(data_line)
            steps.append(CopyBlock(header=line.rstrip().rstrip(";"), data="".join(data)))
        elif line.startswith("--") or _SESSION_LINE.match(line) or not line.strip():
            continue
        else:
            sql_lines.append(line)
    if sql_lines:
        steps.append(SqlChunk("".join(sql_lines)))
    return steps


def steps_replay(
    steps: list[Step], *, source_schema: str, target_schema: str, cursor: CursorWrapper
) -> None:
    """Run a dump's steps so that they build `target_schema` instead of `source_schema`."""
    rename = re.compile(rf"\b{re.escape(source_schema)}\b")
    for step in steps:
        if isinstance(step, SqlChunk):
            cursor.execute(rename.sub(target_schema, step.sql))
        else:
            header = rename.sub(target_schema, step.header, count=1)
            cursor.copy_expert(header, io.StringIO(step.data))
