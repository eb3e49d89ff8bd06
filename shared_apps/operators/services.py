"""Platform operators: staff accounts of the public schema with an API token."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from rest_framework.authtoken.models import Token

from tenants.db import tenant_connection


def operator_create(*, username: str, email: str = "") -> tuple[AbstractBaseUser, str]:
    """Create (or promote) an operator and return it with its API token."""
    # Operators live in the public schema, whatever schema this process was on.
    tenant_connection().set_schema_to_public()
    with transaction.atomic():
        user, _created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email}
        )
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        token, _ = Token.objects.get_or_create(user=user)
    return user, token.key
