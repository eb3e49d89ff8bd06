"""Write operations on organisations: provisioning and lifecycle.

Every function here either does all of its work or none of it: schema DDL is
transactional in PostgreSQL, so a copy, the registry rows and the Wagtail site are
written in one transaction, and a crash at any point leaves nothing behind.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from tenants.errors import (
    ExportRequired,
    OrganisationInputError,
    OrganisationNotFound,
    TenancyError,
)
from tenants.models import Domain, Organisation, OrganisationKind, OrganisationStatus
from tenants.pool import spare_schema_claim
from tenants.portability import export_exists, media_dir_remove
from tenants.schemas import quote, schema_drop, schema_exists, schema_name_for_slug, schema_rename
from tenants.template import template_copy, template_current
from tenants.validation import (
    domain_problem,
    kind_problem,
    name_problem,
    normalise_domain,
    slug_problem,
    theme_problem,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ProvisionedOrganisation:
    organisation: Organisation
    url: str
    seconds: float
    from_pool: bool


def organisation_url(domain: str) -> str:
    port = settings.PLEIN_URL_PORT
    default_port = 443 if settings.PLEIN_URL_SCHEME == "https" else 80
    suffix = "" if port == default_port else f":{port}"
    return f"{settings.PLEIN_URL_SCHEME}://{domain}{suffix}/"


def organisation_create(
    *,
    name: str,
    domain: str,
    slug: str | None = None,
    kind: str = OrganisationKind.OTHER,
    theme: str = "default",
) -> ProvisionedOrganisation:
    """Create an organisation with its schema, primary domain and Wagtail site.

    Takes a spare schema from the warm pool when one is ready, else copies the template.
    Never runs migrations.
    """
    started = time.perf_counter()
    domain = normalise_domain(domain)
    slug = (slug or _slug_from_domain(domain)).strip()
    _validate_new(name=name, domain=domain, slug=slug, kind=kind, theme=theme)
    schema_name = schema_name_for_slug(slug)
    template = template_current()

    try:
        with transaction.atomic():
            # Serialises creations of the same slug; different slugs proceed in parallel.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [schema_name])
            _validate_unique(slug=slug, domain=domain, schema_name=schema_name)
            spare = spare_schema_claim(fingerprint=template.fingerprint)
            if spare is not None:
                schema_rename(spare, schema_name)
            else:
                with connection.cursor() as cursor:
                    template_copy(template=template, target_schema=schema_name, cursor=cursor)
            organisation = Organisation.objects.create(
                schema_name=schema_name, name=name.strip(), slug=slug, kind=kind, theme=theme
            )
            Domain.objects.create(domain=domain, tenant=organisation, is_primary=True)
            _wagtail_site_point_at(schema_name=schema_name, domain=domain, name=organisation.name)
            _oidc_client_sync(organisation, domains=[(domain, True)])
            if spare is not None:
                transaction.on_commit(_enqueue_pool_refill)
    except IntegrityError as error:
        # A concurrent creation won the race for this slug or domain.
        raise OrganisationInputError(_integrity_field(error, slug=slug, domain=domain)) from error

    return ProvisionedOrganisation(
        organisation=organisation,
        url=organisation_url(domain),
        seconds=time.perf_counter() - started,
        from_pool=spare is not None,
    )


def organisation_suspend(*, slug: str) -> Organisation:
    return _status_set(slug=slug, status=OrganisationStatus.SUSPENDED)


def organisation_resume(*, slug: str) -> Organisation:
    return _status_set(slug=slug, status=OrganisationStatus.ACTIVE)


def organisation_update(
    *, slug: str, name: str | None = None, kind: str | None = None, theme: str | None = None
) -> Organisation:
    """Change the name, kind or theme; slug, schema and domains have services of their own."""
    organisation = _organisation_for_update(slug)
    problems = {
        field: problem
        for field, problem in {
            "name": None if name is None else name_problem(name),
            "kind": None if kind is None else kind_problem(kind),
            "theme": None if theme is None else theme_problem(theme),
        }.items()
        if problem
    }
    if problems:
        raise OrganisationInputError(problems)
    changes = {
        field: value
        for field, value in {
            "name": None if name is None else name.strip(),
            "kind": kind,
            "theme": theme,
        }.items()
        if value is not None and value != getattr(organisation, field)
    }
    if not changes:
        return organisation
    for field, value in changes.items():
        setattr(organisation, field, value)
    with transaction.atomic():
        organisation.save(update_fields=[*changes, "updated_at"])
        primary = organisation.domains.filter(is_primary=True).first()
        if "name" in changes and primary is not None:
            # The Wagtail site carries the name too (page titles, admin); its host stays.
            _wagtail_site_point_at(
                schema_name=organisation.schema_name, domain=primary.domain, name=organisation.name
            )
    return organisation


def domain_ensure(*, slug: str, domain: str, primary: bool = False) -> tuple[Domain, bool]:
    """Add the domain, or make it primary if the organisation has it already.

    Returns the domain and whether it was added, so that repeating a request is harmless.
    """
    organisation = _organisation_for_update(slug)
    existing = Domain.objects.filter(tenant=organisation, domain=normalise_domain(domain)).first()
    if existing is None:
        return domain_add(slug=slug, domain=domain, primary=primary), True
    if primary and not existing.is_primary:
        return domain_make_primary(slug=slug, domain=domain), False
    return existing, False


def domain_add(*, slug: str, domain: str, primary: bool = False) -> Domain:
    organisation = _organisation_for_update(slug)
    domain = normalise_domain(domain)
    problem = domain_problem(domain)
    if problem is None and Domain.objects.filter(domain=domain).exists():
        problem = f"'{domain}' is already in use."
    if problem:
        raise OrganisationInputError({"domain": problem})
    with transaction.atomic():
        if primary:
            Domain.objects.filter(tenant=organisation, is_primary=True).update(is_primary=False)
        created = Domain.objects.create(domain=domain, tenant=organisation, is_primary=primary)
        if primary:
            _wagtail_site_point_at(
                schema_name=organisation.schema_name, domain=domain, name=organisation.name
            )
        _oidc_client_sync(organisation)
    return created


def domain_remove(*, slug: str, domain: str) -> None:
    organisation = _organisation_for_update(slug)
    found = Domain.objects.filter(tenant=organisation, domain=normalise_domain(domain)).first()
    if found is None:
        raise OrganisationInputError({"domain": f"'{domain}' is not a domain of '{slug}'."})
    if found.is_primary:
        raise OrganisationInputError(
            {"domain": "The primary domain cannot be removed; make another domain primary first."}
        )
    with transaction.atomic():
        found.delete()
        _oidc_client_sync(organisation)


def domain_make_primary(*, slug: str, domain: str) -> Domain:
    organisation = _organisation_for_update(slug)
    found = Domain.objects.filter(tenant=organisation, domain=normalise_domain(domain)).first()
    if found is None:
        raise OrganisationInputError({"domain": f"'{domain}' is not a domain of '{slug}'."})
    with transaction.atomic():
        Domain.objects.filter(tenant=organisation, is_primary=True).update(is_primary=False)
        found.is_primary = True
        found.save()
        _wagtail_site_point_at(
            schema_name=organisation.schema_name, domain=found.domain, name=organisation.name
        )
        _oidc_client_sync(organisation)
    return found


def organisation_delete(*, slug: str, force: bool = False) -> None:
    """Drop an organisation's schema, media and registry rows; needs an export unless forced."""
    organisation = _organisation_for_update(slug)
    if not force and not export_exists(slug=slug):
        raise ExportRequired(slug)
    with transaction.atomic():
        schema_name = organisation.schema_name
        Domain.objects.filter(tenant=organisation).delete()
        organisation.delete()
        schema_drop(schema_name)
        _oidc_client_remove(slug)
    media_dir_remove(schema_name=schema_name)


def _status_set(*, slug: str, status: str) -> Organisation:
    organisation = _organisation_for_update(slug)
    if organisation.status != status:
        organisation.status = status
        organisation.save(update_fields=["status", "updated_at"])
    return organisation


def _organisation_for_update(slug: str) -> Organisation:
    organisation = Organisation.objects.exclude(schema_name="public").filter(slug=slug).first()
    if organisation is None:
        raise OrganisationNotFound(slug)
    return organisation


def _slug_from_domain(domain: str) -> str:
    return domain.split(".")[0]


def organisation_input_problems(
    *, name: str, domain: str, slug: str, kind: str, theme: str
) -> dict[str, str]:
    """One message per field, empty when the input can be provisioned: the field checks,
    then whether slug and domain are still free (for fields that passed them)."""
    problems = _field_problems(name=name, domain=domain, slug=slug, kind=kind, theme=theme)
    if "slug" not in problems and _slug_taken(slug=slug, schema_name=schema_name_for_slug(slug)):
        problems["slug"] = _slug_taken_message(slug)
    if "domain" not in problems and _domain_taken(domain):
        problems["domain"] = _domain_taken_message(domain)
    return problems


def _validate_new(*, name: str, domain: str, slug: str, kind: str, theme: str) -> None:
    problems = _field_problems(name=name, domain=domain, slug=slug, kind=kind, theme=theme)
    if problems:
        raise OrganisationInputError(problems)


def _field_problems(*, name: str, domain: str, slug: str, kind: str, theme: str) -> dict[str, str]:
    checks = {
        "name": name_problem(name),
        "domain": domain_problem(domain),
        "slug": slug_problem(slug),
        "kind": kind_problem(kind),
        "theme": theme_problem(theme),
    }
    return {field: problem for field, problem in checks.items() if problem}


def _validate_unique(*, slug: str, domain: str, schema_name: str) -> None:
    problems: dict[str, str] = {}
    if _slug_taken(slug=slug, schema_name=schema_name):
        problems["slug"] = _slug_taken_message(slug)
    if _domain_taken(domain):
        problems["domain"] = _domain_taken_message(domain)
    if problems:
        raise OrganisationInputError(problems)


def _slug_taken(*, slug: str, schema_name: str) -> bool:
    return Organisation.objects.filter(slug=slug).exists() or schema_exists(schema_name)


def _domain_taken(domain: str) -> bool:
    return Domain.objects.filter(domain=domain).exists()


def _slug_taken_message(slug: str) -> str:
    return f"An organisation with slug '{slug}' already exists."


def _domain_taken_message(domain: str) -> str:
    return f"'{domain}' is already in use."


def _integrity_field(error: IntegrityError, *, slug: str, domain: str) -> dict[str, str]:
    if "domain" in str(error):
        return {"domain": _domain_taken_message(domain)}
    return {"slug": _slug_taken_message(slug)}


def _wagtail_site_point_at(*, schema_name: str, domain: str, name: str) -> None:
    # Wagtail's default Site is `localhost:80`; it must answer on the organisation's domain.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(schema_name)}.wagtailcore_site "
            "SET hostname = %s, port = 80, site_name = %s WHERE is_default_site",
            [domain, name],
        )


def _oidc_client_sync(
    organisation: Organisation, *, domains: list[tuple[str, bool]] | None = None
) -> None:
    # Imported here: the identity app builds on this module (tenants.oidc_clients).
    from shared_apps.identity.services.clients import oidc_client_sync

    oidc_client_sync(organisation=organisation, domains=domains)


def _oidc_client_remove(slug: str) -> None:
    from shared_apps.identity.services.clients import oidc_client_remove

    oidc_client_remove(slug=slug)


def _enqueue_pool_refill() -> None:
    from tenants.tasks import spare_pool_refill

    try:
        spare_pool_refill.delay()
    except Exception:  # a broker outage must not fail a committed creation
        logger.warning(
            "Could not queue a spare pool refill; `migrate` or the next "
            "creation will top the pool up.",
            exc_info=True,
        )


__all__ = [
    "ProvisionedOrganisation",
    "TenancyError",
    "domain_add",
    "domain_ensure",
    "domain_make_primary",
    "domain_remove",
    "hub_ensure",
    "organisation_create",
    "organisation_delete",
    "organisation_resume",
    "organisation_suspend",
    "organisation_update",
    "organisation_url",
]


def hub_ensure(*, domain: str | None = None) -> Organisation:
    """Create (or update) the hub: the organisation of the public schema and its domain."""
    hub_domain = normalise_domain(domain or settings.PLEIN_HUB_DOMAIN)
    with transaction.atomic():
        hub, _created = Organisation.objects.get_or_create(
            schema_name="public",
            defaults={"name": "Plein", "slug": "hub", "kind": OrganisationKind.OTHER},
        )
        if not Domain.objects.filter(tenant=hub, domain=hub_domain).exists():
            Domain.objects.filter(tenant=hub, is_primary=True).update(is_primary=False)
            Domain.objects.create(tenant=hub, domain=hub_domain, is_primary=True)
        _oidc_client_sync(hub)
    return hub
