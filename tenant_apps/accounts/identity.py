"""A person as the provider vouches for them: the verified ID token claims we use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings


@dataclass(frozen=True, slots=True)
class Identity:
    issuer: str
    subject: str
    email: str = ""
    email_verified: bool = False
    name: str = ""
    given_name: str = ""
    family_name: str = ""
    language: str = ""

    @property
    def email_domain(self) -> str:
        return self.email.rpartition("@")[2].lower() if "@" in self.email else ""

    def as_session(self) -> dict[str, Any]:
        return {field: getattr(self, field) for field in self.__dataclass_fields__}

    @classmethod
    def from_session(cls, data: object) -> Identity | None:
        if not isinstance(data, dict):
            return None
        try:
            return cls(**{key: data[key] for key in cls.__dataclass_fields__})
        except (KeyError, TypeError):
            return None


def identity_from_claims(*, issuer: str, claims: dict[str, Any]) -> Identity:
    def text(name: str, limit: int) -> str:
        value = claims.get(name)
        return value.strip()[:limit] if isinstance(value, str) else ""

    locale = text("locale", 10).replace("_", "-").split("-")[0].lower()
    languages = {code for code, _name in settings.LANGUAGES}
    return Identity(
        issuer=issuer,
        subject=str(claims["sub"]),
        email=text("email", 254),
        # Only a literal true counts: a string "true" or a missing claim does not.
        email_verified=claims.get("email_verified") is True,
        name=text("name", 200),
        given_name=text("given_name", 150),
        family_name=text("family_name", 150),
        language=locale if locale in languages else "",
    )
