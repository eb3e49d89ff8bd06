"""The audit trail: every operator action, whether it came from the console, the API or
a command, is written here by the operator services (and nowhere else)."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from shared_apps.operators.models import AuditEntry, AuditOutcome, AuditSource
from tenants.errors import OrganisationInputError


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts and through what (console, api, command, system)."""

    name: str
    source: str


def command_actor() -> Actor:
    """Whoever runs a management command: the operating-system account is all we know."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no login name and no passwd entry (some containers)
        name = "unknown"
    return Actor(name=f"{name} (shell)", source=AuditSource.COMMAND)


@dataclass(slots=True)
class AuditContext:
    """Lets the audited block add details once it knows them (e.g. the new slug)."""

    details: dict[str, Any] = field(default_factory=dict)
    organisation_slug: str = ""


def audit_record(
    *,
    actor: Actor,
    action: str,
    organisation_slug: str = "",
    details: dict[str, Any] | None = None,
    outcome: str = AuditOutcome.SUCCEEDED,
    message: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor.name[:150],
        source=actor.source,
        action=action,
        organisation_slug=organisation_slug[:50],
        details=details or {},
        outcome=outcome,
        message=message,
    )


@contextmanager
def audited(
    *,
    actor: Actor,
    action: str,
    organisation_slug: str = "",
    details: dict[str, Any] | None = None,
) -> Iterator[AuditContext]:
    """Record the block's outcome: succeeded, or failed with the error's message (the error
    is raised again). Written after the block, so a refused action that rolled back still
    leaves its entry."""
    context = AuditContext(details=dict(details or {}), organisation_slug=organisation_slug)
    try:
        yield context
    except Exception as error:
        extra = {"errors": error.errors} if isinstance(error, OrganisationInputError) else {}
        audit_record(
            actor=actor,
            action=action,
            organisation_slug=context.organisation_slug,
            details={**context.details, **extra},
            outcome=AuditOutcome.FAILED,
            message=str(error),
        )
        raise
    audit_record(
        actor=actor,
        action=action,
        organisation_slug=context.organisation_slug,
        details=context.details,
    )
