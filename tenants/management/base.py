"""Shared behaviour of the tenancy commands: errors as one clear line, never a traceback."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tenants.errors import OrganisationInputError, TenancyError


class TenancyCommand(BaseCommand):
    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)
        except OrganisationInputError as error:
            raise CommandError(
                "\n".join(f"--{field}: {message}" for field, message in error.errors.items())
            ) from error
        except TenancyError as error:
            raise CommandError(str(error)) from error
