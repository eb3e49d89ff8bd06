"""Replaying a dump under another schema name: structure renamed, data untouched."""

from __future__ import annotations

from tenants.dump import CopyBlock, SqlChunk, dump_steps

DUMP = """--
-- PostgreSQL database dump
--
\\restrict abc
SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);
CREATE SCHEMA org_old;
CREATE TABLE org_old.notes (id bigint NOT NULL, body text);
COPY org_old.notes (id, body) FROM stdin;
1\tsee org_old.notes for details
\\.
SELECT pg_catalog.setval('org_old.notes_id_seq', 1, true);
"""


def test_dump_steps_drop_session_settings_and_keep_copy_data_as_is() -> None:
    steps = dump_steps(DUMP)
    assert steps == [
        SqlChunk(
            "CREATE SCHEMA org_old;\nCREATE TABLE org_old.notes (id bigint NOT NULL, body text);\n"
        ),
        CopyBlock(
            header="COPY org_old.notes (id, body) FROM stdin",
            data="1\tsee org_old.notes for details\n",
        ),
        SqlChunk("SELECT pg_catalog.setval('org_old.notes_id_seq', 1, true);\n"),
    ]


def test_partial_index_spelling_is_normalised_only_where_it_means_the_same() -> None:
    from tests.tenants.test_copy_equals_migrate import _same_meaning

    migrated = (
        "WHERE ((status)::text = ANY "
        "((ARRAY['a'::character varying, 'b'::character varying])::text[]))"
    )
    copied = (
        "WHERE ((status)::text = ANY "
        "(ARRAY[('a'::character varying)::text, ('b'::character varying)::text]))"
    )
    assert _same_meaning(migrated) == copied
    assert _same_meaning(copied) == copied
