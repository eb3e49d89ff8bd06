"""`seed_demo`: many realistic organisations at once, for demos and benchmarks.

Each organisation is created by the normal service (a pool spare or a template copy).
The pool is not topped up in between: making a spare is the same template copy as a
direct creation, so refilling mid-run only moves that work around and adds a rename. It
is topped up once at the end instead, so the next real creation is instant again.
Creations run on a few threads with a connection each: PostgreSQL does the copying, so
two threads on two cores roughly halve the time (measured: 500 organisations in minutes).

With --groups-per-organisation every organisation also gets that many realistic groups
(demo_data.demo_groups). They are written straight into the organisation's schema in bulk
(a few statements per organisation: groups, tags, tag links) instead of through
group_create, which would cost an owner, a membership and a dozen statements per group:
25,000 groups would take an hour that way. Members are counts only, as the hub needs.
The bulk path publishes no group events, so the hub index is brought level afterwards by
the hub's own reconciliation, once per organisation. Both steps are idempotent: groups
are found by slug, and reconciliation only writes what differs.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem
from tqdm import tqdm

from shared_apps.hub.services import hub_organisation_reconcile
from tenant_apps.groups.models import Group
from tenants.db import tenant_connection
from tenants.demo_data import DemoGroup, DemoOrganisation, demo_groups, demo_organisations
from tenants.errors import OrganisationInputError, TenancyError
from tenants.management.base import TenancyCommand
from tenants.models import Domain, Organisation
from tenants.pool import spare_schemas_refill
from tenants.services import organisation_create
from tenants.validation import domain_problem, slug_problem

MAX_GROUPS_PER_ORGANISATION = 10_000


class Command(TenancyCommand):
    help = "Create N demo organisations (Dutch ministries, provinces, water boards, ...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisations", type=int, required=True, metavar="N")
        parser.add_argument("--prefix", default="demo", help="Slug prefix (default: demo).")
        parser.add_argument(
            "--domain-suffix",
            default="localhost",
            help="Domains are <slug>.<suffix> (default: localhost).",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=min(4, os.cpu_count() or 2),
            help="Organisations created at once (default: cores, at most 4).",
        )
        parser.add_argument(
            "--skip-pool", action="store_true", help="Do not top up the warm pool afterwards."
        )
        parser.add_argument(
            "--groups-per-organisation",
            type=int,
            default=0,
            metavar="G",
            help="Also give every organisation G demo groups, indexed in the hub (default: 0).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count, prefix, suffix = (
            options["organisations"],
            options["prefix"],
            options["domain_suffix"],
        )
        groups_each = options["groups_per_organisation"]
        _check_input(count=count, prefix=prefix, suffix=suffix, groups=groups_each)
        started = time.perf_counter()
        wanted = demo_organisations(count, prefix=prefix)
        existing_slugs = set(
            Organisation.objects.filter(slug__in=[o.slug for o in wanted]).values_list(
                "slug", flat=True
            )
        )
        existing_domains = set(
            Domain.objects.filter(domain__in=[f"{o.slug}.{suffix}" for o in wanted]).values_list(
                "domain", flat=True
            )
        )
        todo = [
            o
            for o in wanted
            if o.slug not in existing_slugs and f"{o.slug}.{suffix}" not in existing_domains
        ]
        skipped = len(wanted) - len(todo)

        from_pool = copied = 0
        failed: dict[str, str] = {}
        bar = tqdm(total=len(todo), desc="seeding", unit="org", file=self.stderr, mininterval=1.0)
        with ThreadPoolExecutor(max_workers=max(1, options["jobs"])) as threads:
            futures: dict[Future[bool], DemoOrganisation] = {
                threads.submit(_create, organisation, suffix): organisation for organisation in todo
            }
            for future in as_completed(futures):
                organisation = futures[future]
                error = future.exception()
                if error is None:
                    if future.result():
                        from_pool += 1
                    else:
                        copied += 1
                else:
                    failed[organisation.slug] = _describe(error)
                    bar.write(f"  failed: {organisation.slug}: {failed[organisation.slug]}")
                bar.update(1)
        bar.close()

        group_summary = ""
        if groups_each:
            slugs = [o.slug for o in wanted if o.slug not in failed]
            seeded = self._seed_groups(slugs=slugs, groups_each=groups_each)
            indexed = self._index(slugs=slugs)
            group_summary = (
                f"; {seeded.created} groups created, {seeded.existing} already there, "
                f"{indexed} organisations indexed in the hub"
            )
        spares = 0 if options["skip_pool"] or not todo else spare_schemas_refill()
        elapsed = time.perf_counter() - started
        summary = (
            f"{from_pool + copied} organisations created ({from_pool} from the warm pool, "
            f"{copied} copied from the template), {skipped} skipped as already there, "
            f"{len(failed)} failed{group_summary}; {spares} spare schemas made; {elapsed:.1f}s"
        )
        if failed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))

    def _seed_groups(self, *, slugs: list[str], groups_each: int) -> SeededGroups:
        schemas = dict(
            Organisation.objects.filter(slug__in=slugs).values_list("slug", "schema_name")
        )
        seeded = SeededGroups()
        bar = tqdm(total=len(slugs), desc="groups", unit="org", file=self.stderr, mininterval=1.0)
        try:
            for slug in slugs:
                tenant_connection().set_schema(schemas[slug])
                created = _groups_write(demo_groups(groups_each, organisation_slug=slug))
                seeded.created += created
                seeded.existing += groups_each - created
                bar.update(1)
        finally:
            tenant_connection().set_schema_to_public()
            bar.close()
        return seeded

    def _index(self, *, slugs: list[str]) -> int:
        organisations = list(Organisation.objects.filter(slug__in=slugs).order_by("slug"))
        bar = tqdm(
            total=len(organisations), desc="indexing", unit="org", file=self.stderr, mininterval=1.0
        )
        for organisation in organisations:
            hub_organisation_reconcile(organisation=organisation)
            bar.update(1)
        bar.close()
        return len(organisations)


@dataclass
class SeededGroups:
    created: int = 0
    existing: int = 0


def _groups_write(groups: list[DemoGroup]) -> int:
    """Write the groups missing from the current schema, with their tags; returns how many.

    One transaction per organisation: an interrupted run leaves whole organisations only.
    """
    with transaction.atomic():
        existing = set(
            Group.objects.filter(slug__in=[g.slug for g in groups]).values_list("slug", flat=True)
        )
        missing = [g for g in groups if g.slug not in existing]
        if not missing:
            return 0
        now = timezone.now()
        created = Group.objects.bulk_create(
            Group(
                name=g.name,
                slug=g.slug,
                description=g.description,
                visibility=g.visibility,
                join_policy=g.join_policy,
                member_count=g.member_count,
                last_activity_at=now - timedelta(days=g.days_since_activity),
            )
            for g in missing
        )
        names = sorted({tag for g in missing for tag in g.tags})
        Tag.objects.bulk_create(
            [Tag(name=name, slug=slugify(name, allow_unicode=True)) for name in names],
            ignore_conflicts=True,
        )
        tag_ids = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
        # Looked up in this schema, not from ContentType's process-wide cache: the cache
        # is shared by every schema the process visits.
        content_type_id = (
            ContentType.objects.filter(app_label="groups", model="group")
            .values_list("pk", flat=True)
            .get()
        )
        TaggedItem.objects.bulk_create(
            TaggedItem(tag_id=tag_ids[tag], content_type_id=content_type_id, object_id=group.pk)
            for group, g in zip(created, missing, strict=True)
            for tag in g.tags
        )
    return len(missing)


def _create(organisation: DemoOrganisation, suffix: str) -> bool:
    """Create one organisation on this thread's own connection; True when from the pool."""
    try:
        provisioned = organisation_create(
            name=organisation.name,
            domain=f"{organisation.slug}.{suffix}",
            slug=organisation.slug,
            kind=organisation.kind,
        )
        return provisioned.from_pool
    finally:
        connection.close()


def _check_input(*, count: int, prefix: str, suffix: str, groups: int) -> None:
    problems: dict[str, str] = {}
    if count < 0:
        problems["organisations"] = "Give a number of organisations of 0 or more."
    if not 0 <= groups <= MAX_GROUPS_PER_ORGANISATION:
        problems["groups-per-organisation"] = (
            f"Give a number of groups from 0 to {MAX_GROUPS_PER_ORGANISATION}."
        )
    if prefix and (problem := slug_problem(prefix)):
        problems["prefix"] = problem
    if problem := domain_problem(f"x.{suffix}"):
        problems["domain-suffix"] = problem
    if problems:
        raise OrganisationInputError(problems)


def _describe(error: BaseException) -> str:
    if isinstance(error, OrganisationInputError):
        return "; ".join(f"{field}: {message}" for field, message in error.errors.items())
    if isinstance(error, TenancyError):
        return str(error)
    return f"{type(error).__name__}: {error}"
