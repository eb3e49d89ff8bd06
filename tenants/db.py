"""The default connection, typed as django-tenants' schema-aware wrapper."""

from typing import Any, cast

from django.db import connection


def tenant_connection() -> Any:
    # django-tenants ships no type hints; its wrapper adds set_schema, set_tenant,
    # set_schema_to_public, schema_name and tenant to Django's PostgreSQL wrapper.
    return cast(Any, connection)
