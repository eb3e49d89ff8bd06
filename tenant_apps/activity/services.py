"""Recording what happened in groups, notifying people, and e-mailing them about it."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tenant_apps.accounts.models import User
from tenant_apps.activity.models import (
    Activity,
    DeliveryMode,
    Notification,
    NotificationPreference,
)
from tenant_apps.groups.events import ChangeKind, group_changed_publish
from tenant_apps.groups.models import Group, Membership
from tenants.db import tenant_connection
from tenants.services import organisation_url

logger = logging.getLogger(__name__)


# How stale a group's "last activity" may become in the hub index.
ACTIVITY_EVENT_INTERVAL = timedelta(minutes=10)


def activity_record(
    *,
    group: Group,
    actor: User | None,
    verb: str,
    target_type: str,
    target_id: int,
    summary: str,
) -> Activity:
    """Record one event in a group's stream, mark the group as active and notify its members.

    Called by the content services inside their transaction, so an activity (and its
    notifications) exists exactly when the change it describes was committed. Costs three
    statements whatever the size of the group.
    """
    activity = Activity.objects.create(
        group=group,
        actor=actor,
        verb=verb,
        target_type=target_type,
        target_id=target_id,
        summary=summary[:300],
    )
    now = timezone.now()
    previous = group.last_activity_at
    Group.objects.filter(pk=group.pk).update(last_activity_at=now)
    if previous is None or now - previous >= ACTIVITY_EVENT_INTERVAL:
        # The hub sorts by recent activity; telling it about every reply in a busy group
        # would only make work, so a group is announced at most once per interval.
        group_changed_publish(group_id=group.pk, kind=ChangeKind.ACTIVITY)
    group.last_activity_at = now
    instant = _notifications_create(activity=activity)
    if instant:
        transaction.on_commit(lambda: _enqueue_instant_email(activity_id=activity.pk))
    return activity


def _notifications_create(*, activity: Activity) -> int:
    """Notify every active member but the actor in one statement; returns how many of them
    want an e-mail at once.

    INSERT ... SELECT keeps this one round trip for a group of any size (bulk_create would
    first have to read the members). Only table and column names, taken from the models
    and quoted by the backend, are put into the SQL text; every value is a parameter.
    """
    quote = connection.ops.quote_name
    notification = Notification._meta
    membership = Membership._meta
    user = User._meta
    preference = NotificationPreference._meta
    sql = f"""
        WITH inserted AS (
            INSERT INTO {quote(notification.db_table)}
                ({quote("user_id")}, {quote("activity_id")}, {quote("created_at")})
            SELECT m.{quote("user_id")}, %s, %s
            FROM {quote(membership.db_table)} m
            JOIN {quote(user.db_table)} u ON u.{quote("id")} = m.{quote("user_id")}
            WHERE m.{quote("group_id")} = %s
              AND u.{quote("is_active")}
              AND m.{quote("user_id")} IS DISTINCT FROM %s
            ON CONFLICT DO NOTHING
            RETURNING {quote("user_id")}
        )
        SELECT count(*) FROM inserted i
        JOIN {quote(preference.db_table)} p ON p.{quote("user_id")} = i.{quote("user_id")}
        WHERE p.{quote("email")} = %s
    """
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                activity.pk,
                activity.created_at,
                activity.group_id,
                activity.actor_id,
                DeliveryMode.INSTANT.value,
            ],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _enqueue_instant_email(*, activity_id: int) -> None:
    # Imported late: the tasks module imports this one.
    from tenant_apps.activity.tasks import notifications_email_instant

    try:
        notifications_email_instant.delay(activity_id=activity_id)
    except Exception:  # a broker outage must not fail a committed change
        # Nothing is lost: the notifications stay unsent and the daily digest sends them.
        logger.warning(
            "Could not queue instant e-mails for activity %s", activity_id, exc_info=True
        )


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of the person's notifications read; Notification.DoesNotExist when it is
    not theirs, exactly as when it does not exist. Marking twice keeps the first time."""
    notification = Notification.objects.get(pk=notification_id, user=user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notification_preference_set(*, user: User, email: str) -> NotificationPreference:
    if email not in DeliveryMode.values:
        raise ValueError(email)
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email": email}
    )
    return preference


@dataclass(frozen=True, slots=True)
class _Site:
    name: str
    url: str  # ends with "/"


def _site() -> _Site:
    organisation = tenant_connection().tenant
    domain = organisation.get_primary_domain()
    return _Site(name=organisation.name, url=organisation_url(domain.domain))


def notifications_email_instant(*, activity_id: int) -> int:
    """E-mail one activity to the people who want to hear at once; returns how many mails
    went out. Idempotent: a notification is e-mailed once, even when two workers run this
    at the same time (the rows are locked and skipped by the other)."""
    with transaction.atomic():
        pending = list(
            _unsent(Notification.objects.filter(activity_id=activity_id))
            .filter(user__notification_preference__email=DeliveryMode.INSTANT)
            .select_related("user", "activity__group")
            .select_for_update(skip_locked=True, of=("self",))
        )
        if not pending:
            return 0
        site = _site()
        messages = [_instant_message(notification=n, site=site) for n in pending]
        sent = _send(messages)
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
            emailed_at=timezone.now()
        )
    return sent


def digests_send() -> int:
    """Send every person of this organisation one mail listing their unsent notifications;
    returns how many mails went out.

    People on the daily digest are the point; people on instant e-mail are included so
    that what an outage kept from their instant mail still reaches them. Idempotent:
    notifications are marked e-mailed in the transaction that sends them, and rows another
    run holds are skipped, so running twice (or twice at once) sends nothing twice.
    """
    # No preference row means the default, the daily digest.
    user_ids = list(
        _wanting_mail(_unsent(Notification.objects.all()))
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )
    if not user_ids:
        return 0
    site = _site()
    sent = 0
    for user_id in user_ids:
        # One transaction per person: a failure for one does not resend the others.
        with transaction.atomic():
            pending = list(
                _wanting_mail(_unsent(Notification.objects.filter(user_id=user_id)))
                .select_related("user", "activity__group", "activity__actor")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("activity__group__name", "created_at")
            )
            if not pending:
                continue
            sent += _send([_digest_message(notifications=pending, site=site)])
            Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
                emailed_at=timezone.now()
            )
    return sent


def _unsent(notifications: QuerySet[Notification]) -> QuerySet[Notification]:
    # Someone without an address is skipped, not marked: they may add one later.
    return notifications.filter(
        emailed_at__isnull=True, user__is_active=True, activity__group__deleted_at__isnull=True
    ).exclude(user__email="")


def _wanting_mail(notifications: QuerySet[Notification]) -> QuerySet[Notification]:
    # Asked again inside each person's transaction: they may have switched off meanwhile.
    return notifications.exclude(user__notification_preference__email=DeliveryMode.OFF)


def _language_of(user: User) -> str:
    return user.language or settings.LANGUAGE_CODE


def _instant_message(*, notification: Notification, site: _Site) -> mail.EmailMessage:
    user = notification.user
    activity = notification.activity
    with translation.override(_language_of(user)):
        context = {"user": user, "activity": activity, "site": site}
        subject = _("%(group)s: %(summary)s") % {
            "group": activity.group.name,
            "summary": activity.summary,
        }
        body = render_to_string("activity/email/instant.txt", context)
    return mail.EmailMessage(subject=_one_line(subject), body=body, to=[user.email])


def _digest_message(*, notifications: Sequence[Notification], site: _Site) -> mail.EmailMessage:
    user = notifications[0].user
    with translation.override(_language_of(user)):
        context = {"user": user, "notifications": notifications, "site": site}
        subject = _("Your daily summary of %(site)s") % {"site": site.name}
        body = render_to_string("activity/email/digest.txt", context)
    return mail.EmailMessage(subject=_one_line(subject), body=body, to=[user.email])


def _one_line(subject: str) -> str:
    # A line break in a header would be refused by Django's mail (header injection guard).
    return " ".join(subject.split())[:200]


def _send(messages: Sequence[mail.EmailMessage]) -> int:
    # The default mailer opens one connection for all the messages and closes it after.
    return mail.mailers.default.send_messages(list(messages)) or 0
