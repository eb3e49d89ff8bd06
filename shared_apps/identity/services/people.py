"""People at the provider: registration, e-mail verification, password reset, profile.

A person is an `accounts.User` row of the public schema whose username is the e-mail
address. `oidc_issuer` + `oidc_subject` are set on the row at creation: `sub` is an
opaque UUID that never changes (not the row id, not the e-mail address), and the hub's
relying party, which matches on (issuer, sub), resolves to this very row.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from shared_apps.identity.models import Profile
from tenant_apps.accounts.models import User
from tenant_apps.uploaded_images import (
    WEB_IMAGE_TYPES,
    ImageProblem,
    ImageRejected,
    web_image_type,
)
from tenants.db import tenant_connection
from tenants.oidc_clients import oidc_issuer

VERIFY_SALT = "plein.identity.email-verify"
VERIFY_MAX_AGE_S = 3 * 24 * 3600
AVATAR_MAX_BYTES = 1024 * 1024
# The first bytes of each accepted picture type; the browser's content type is not trusted.


class IdentityInputError(Exception):
    """Bad input, with one message per field."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(problems)
        self.problems = problems


@dataclass(frozen=True, slots=True)
class ProfileChanges:
    first_name: str
    last_name: str
    language: str


def email_normalise(email: str) -> str:
    return email.strip().lower()


def person_identity_assign(*, user: User) -> User:
    """Give a public-schema user its provider identity, once (operators, older rows)."""
    if not user.oidc_subject:
        user.oidc_issuer = oidc_issuer()
        user.oidc_subject = str(uuid.uuid4())
        user.save(update_fields=["oidc_issuer", "oidc_subject"])
    Profile.objects.get_or_create(user=user)
    return user


def person_register(
    *,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    language: str = "",
    verified: bool = False,
) -> User:
    """Create a person; unless an operator vouches for the address (`verified`), it is
    unverified and the verification mail goes out after the commit."""
    email = email_normalise(email)
    tenant_connection().set_schema_to_public()
    if User.objects.filter(username=email).exists():
        raise IdentityInputError({"email": _("An account with this e-mail address exists.")})
    candidate = User(username=email, email=email, first_name=first_name, last_name=last_name)
    try:
        validate_password(password, user=candidate)
    except ValidationError as error:
        raise IdentityInputError({"password": " ".join(error.messages)}) from error
    with transaction.atomic():
        user = User(
            username=email,
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            display_name=f"{first_name.strip()} {last_name.strip()}".strip(),
            language=language,
            oidc_issuer=oidc_issuer(),
            oidc_subject=str(uuid.uuid4()),
        )
        user.set_password(password)
        user.save()
        Profile.objects.create(user=user, email_verified=verified)
        if not verified:
            transaction.on_commit(lambda: _enqueue("verification_mail_send", user_id=user.pk))
    return user


def person_create_verified(
    *, email: str, password: str, first_name: str = "", last_name: str = ""
) -> User:
    """A person whose address an operator vouches for (bootstrap, demo): no mail sent."""
    return person_register(
        email=email, password=password, first_name=first_name, last_name=last_name, verified=True
    )


def email_verification_token(*, user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT)


def person_email_verify(*, token: str) -> User | None:
    """Mark the address verified; None for a bad, expired or outdated link."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE_S)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), email=data.get("e")).first()
    if user is None:
        return None
    Profile.objects.update_or_create(user=user, defaults={"email_verified": True})
    return user


def password_reset_request(*, email: str) -> None:
    """Send a reset link after the commit when the address has an account; silent otherwise
    (the answer must not tell who has an account)."""
    user = User.objects.filter(username=email_normalise(email), is_active=True).first()
    if user is not None and user.has_usable_password():
        user_id = user.pk
        transaction.on_commit(lambda: _enqueue("password_reset_mail_send", user_id=user_id))


def password_reset_link_parts(*, user: User) -> tuple[str, str]:
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)


def person_profile_update(
    *, user: User, changes: ProfileChanges, avatar: UploadedFile | None = None
) -> User:
    problems: dict[str, str] = {}
    extension = None
    if avatar is not None:
        extension, problem = _avatar_check(avatar)
        if problem:
            problems["avatar"] = problem
    if problems:
        raise IdentityInputError(problems)
    with transaction.atomic():
        user.first_name = changes.first_name.strip()
        user.last_name = changes.last_name.strip()
        user.display_name = f"{user.first_name} {user.last_name}".strip()
        user.language = changes.language
        user.save(update_fields=["first_name", "last_name", "display_name", "language"])
        profile, _created = Profile.objects.get_or_create(user=user)
        if avatar is not None and extension is not None:
            old = profile.avatar.name if profile.avatar else ""
            profile.avatar.save(f"avatar.{extension}", avatar, save=True)
            if old:
                profile.avatar.storage.delete(old)
    return user


def _avatar_check(avatar: UploadedFile) -> tuple[str | None, str]:
    """The extension to store an acceptable picture under, or None and why not."""
    if (avatar.size or 0) > AVATAR_MAX_BYTES:
        return None, _("The picture is larger than 1 MB.")
    try:
        content_type = web_image_type(avatar)
    except ImageRejected as rejected:
        if rejected.problem == ImageProblem.DAMAGED:
            return None, _("The picture is damaged or not really an image.")
        return None, _("The picture must be a PNG, JPEG or WebP image.")
    return WEB_IMAGE_TYPES[content_type], ""


def _enqueue(task_name: str, **kwargs: int) -> None:
    from shared_apps.identity import tasks

    getattr(tasks, task_name).delay(**kwargs)
