"""Errors the tenancy services raise; each carries a message fit to show a person."""

from __future__ import annotations


class TenancyError(Exception):
    """Base class: the operation was refused or failed and nothing was changed."""


class OrganisationInputError(TenancyError):
    """Input that cannot be accepted, with one message per field."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))


class OrganisationNotFound(TenancyError):
    def __init__(self, slug: str) -> None:
        super().__init__(f"No organisation with slug '{slug}'.")


class ExportRequired(TenancyError):
    def __init__(self, slug: str) -> None:
        super().__init__(
            f"Organisation '{slug}' has no export yet. Export it first "
            f"(python manage.py export_organisation {slug}) or delete with --force."
        )


class TemplateNotReady(TenancyError):
    def __init__(self) -> None:
        super().__init__(
            "The template schema has not been migrated yet. Run `python manage.py migrate` first."
        )
