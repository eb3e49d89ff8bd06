"""`seed_demo`: many realistic organisations at once, for demos and benchmarks.

Each organisation is created by the normal service (a pool spare or a template copy).
The pool is not topped up in between: making a spare is the same template copy as a
direct creation, so refilling mid-run only moves that work around and adds a rename. It
is topped up once at the end instead, so the next real creation is instant again.
Creations run on a few threads with a connection each: PostgreSQL does the copying, so
two threads on two cores roughly halve the time (measured: 500 organisations in minutes).
"""

from __future__ import annotations

import os
import time
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import connection
from tqdm import tqdm

from tenants.demo_data import DemoOrganisation, demo_organisations
from tenants.errors import OrganisationInputError, TenancyError
from tenants.management.base import TenancyCommand
from tenants.models import Domain, Organisation
from tenants.pool import spare_schemas_refill
from tenants.services import organisation_create
from tenants.validation import domain_problem, slug_problem


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

    def handle(self, *args: Any, **options: Any) -> None:
        count, prefix, suffix = (
            options["organisations"],
            options["prefix"],
            options["domain_suffix"],
        )
        _check_input(count=count, prefix=prefix, suffix=suffix)
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

        spares = 0 if options["skip_pool"] or not todo else spare_schemas_refill()
        elapsed = time.perf_counter() - started
        summary = (
            f"{from_pool + copied} organisations created ({from_pool} from the warm pool, "
            f"{copied} copied from the template), {skipped} skipped as already there, "
            f"{len(failed)} failed; {spares} spare schemas made; {elapsed:.1f}s"
        )
        if failed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))


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


def _check_input(*, count: int, prefix: str, suffix: str) -> None:
    problems: dict[str, str] = {}
    if count < 0:
        problems["organisations"] = "Give a number of organisations of 0 or more."
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
