"""Search speed: GIN indexes without a pending list, btree indexes in the sorts' exact
orders, and a version of the index's facet-relevant content for the facet cache.

The version is a random token, replaced by statement-level triggers whenever a
statement inserts or deletes rows, or changes a row's organisation, language or tags
(not its member count or activity, which change all the time and count in no facet).
A trigger rather than code in the services because every write path must move it:
cascades from a deleted organisation, bulk deletes, TRUNCATE. A token rather than a
counter because a counter repeats after a rollback or a restored backup, and a cache
entry under a repeated number would describe another state. Statement-level triggers
fire at the end of their statement, after its row locks are taken, so a transaction
takes the version row's lock last and two writers cannot deadlock over it.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models

VERSION_SQL = """
CREATE TABLE hub_facets_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    version uuid NOT NULL
);
INSERT INTO hub_facets_version (id, version) VALUES (1, gen_random_uuid());

CREATE FUNCTION hub_facets_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed boolean;
BEGIN
    IF TG_OP = 'INSERT' THEN
        changed := EXISTS (SELECT 1 FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        changed := EXISTS (SELECT 1 FROM old_rows);
    ELSIF TG_OP = 'UPDATE' THEN
        changed := EXISTS (
            SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.organisation_id, o.language, o.tags)
                IS DISTINCT FROM (n.organisation_id, n.language, n.tags)
        );
    ELSE
        changed := true;  -- TRUNCATE
    END IF;
    IF changed THEN
        INSERT INTO hub_facets_version (id, version) VALUES (1, gen_random_uuid())
        ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER hub_facets_inserted AFTER INSERT ON hub_hubgroup
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hub_facets_version_bump();
CREATE TRIGGER hub_facets_deleted AFTER DELETE ON hub_hubgroup
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hub_facets_version_bump();
CREATE TRIGGER hub_facets_updated AFTER UPDATE ON hub_hubgroup
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hub_facets_version_bump();
CREATE TRIGGER hub_facets_truncated AFTER TRUNCATE ON hub_hubgroup
    FOR EACH STATEMENT EXECUTE FUNCTION hub_facets_version_bump();
"""

VERSION_REVERSE_SQL = """
DROP TRIGGER hub_facets_truncated ON hub_hubgroup;
DROP TRIGGER hub_facets_updated ON hub_hubgroup;
DROP TRIGGER hub_facets_deleted ON hub_hubgroup;
DROP TRIGGER hub_facets_inserted ON hub_hubgroup;
DROP FUNCTION hub_facets_version_bump();
DROP TABLE hub_facets_version;
"""


class Migration(migrations.Migration):
    dependencies = [("hub", "0002_hub_membership")]

    operations = [
        migrations.RemoveIndex(model_name="hubgroup", name="hub_group_search_gin"),
        migrations.RemoveIndex(model_name="hubgroup", name="hub_group_tags_gin"),
        migrations.RemoveIndex(model_name="hubgroup", name="hub_group_activity"),
        migrations.RemoveIndex(model_name="hubgroup", name="hub_group_members"),
        migrations.AddIndex(
            model_name="hubgroup",
            index=GinIndex(
                fields=["search_vector"], name="hub_group_search_gin", fastupdate=False
            ),
        ),
        migrations.AddIndex(
            model_name="hubgroup",
            index=GinIndex(fields=["tags"], name="hub_group_tags_gin", fastupdate=False),
        ),
        migrations.AddIndex(
            model_name="hubgroup",
            index=models.Index(fields=["-last_activity_at", "id"], name="hub_group_activity"),
        ),
        migrations.AddIndex(
            model_name="hubgroup",
            index=models.Index(
                fields=["-member_count", "-last_activity_at", "id"], name="hub_group_members"
            ),
        ),
        migrations.RunSQL(VERSION_SQL, VERSION_REVERSE_SQL),
    ]
