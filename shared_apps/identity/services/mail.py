"""The provider's mails (run by Celery tasks), in the person's language, with absolute
links on the hub's domain."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from shared_apps.identity.links import hub_link
from shared_apps.identity.services.people import email_verification_token, password_reset_link_parts
from tenant_apps.accounts.models import User
from tenants.db import tenant_connection


def verification_mail_send(*, user_id: int) -> bool:
    tenant_connection().set_schema_to_public()
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    link = hub_link("identity:verify-email", token=email_verification_token(user=user))
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Confirm your e-mail address for Plein")
        body = _(
            "Hello,\n\nPlease confirm your e-mail address by opening this link:\n\n%(link)s\n\n"
            "The link works for three days. If you did not create an account, ignore this mail."
        ) % {"link": link}
    send_mail(subject, body, None, [user.email])
    return True


def password_reset_mail_send(*, user_id: int) -> bool:
    tenant_connection().set_schema_to_public()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    uid, token = password_reset_link_parts(user=user)
    link = hub_link("identity:password-reset-confirm", uidb64=uid, token=token)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Choose a new password for Plein")
        body = _(
            "Hello,\n\nSomeone asked to reset the password of your Plein account. Choose a new "
            "password here:\n\n%(link)s\n\nIf it was not you, ignore this mail: your password "
            "stays as it is."
        ) % {"link": link}
    send_mail(subject, body, None, [user.email])
    return True
