"""`seed_collaboration`: people, groups and group content inside organisations, for demos,
the API fuzz run and the request benchmark.

Everything goes through the services of the group and content apps, so seeded data obeys
the same rules (sanitising, member counts, activity, hub events) as data made by people.
Closed and invitation-only groups get their members the way people do: closed groups by
join requests that the owner approves (the request history is kept); invitation-only
groups are founded open, filled, and then switched to invitation only, because the
invitation service sends e-mail through Celery and seeding must work without a worker
or a mail server.

Idempotent: people are found by username, groups by slug; a group is seeded with all its
memberships and content in one transaction, so an interrupted run leaves whole groups
only, and running again adds what is missing and changes nothing else.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from tenant_apps.accounts.models import User
from tenant_apps.discussions.services import discussion_create, news_post_create, reply_create
from tenant_apps.events.models import RsvpStatus
from tenant_apps.events.services import event_create, rsvp_set
from tenant_apps.files.services import file_upload, folder_create
from tenant_apps.groups.access import GroupAccess, group_access
from tenant_apps.groups.models import Group, JoinPolicy, Visibility
from tenant_apps.groups.services import (
    GroupChanges,
    group_create,
    group_update,
    join_request_approve,
    join_request_create,
    membership_join,
)
from tenants.db import tenant_connection
from tenants.management.base import TenancyCommand
from tenants.models import Organisation

FIRST_NAMES = (
    "Anna", "Bram", "Carlijn", "Daan", "Emma", "Fleur", "Gijs", "Hanna", "Ibrahim", "Joost",
    "Kim", "Lars", "Mila", "Noor", "Olaf", "Priya", "Quinten", "Roos", "Sem", "Tess",
)  # fmt: skip
LAST_NAMES = (
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
    "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
)  # fmt: skip
TOPICS = (
    "Omgevingswet", "Digitale toegankelijkheid", "Klimaatadaptatie", "Wijkteams",
    "Open data", "Inkoop en aanbesteding", "Energietransitie", "Informatiebeveiliging",
    "Jeugdzorg", "Mobiliteit", "Woningbouw", "Participatie", "Archiefbeheer",
    "Dienstverlening", "Circulaire economie", "Privacy en AVG",
)  # fmt: skip
# (visibility, final join policy): the rotation gives every combination that matters.
KINDS = (
    (Visibility.PUBLIC, JoinPolicy.OPEN),
    (Visibility.CLOSED, JoinPolicy.REQUEST),
    (Visibility.SECRET, JoinPolicy.INVITATION),
    (Visibility.PUBLIC, JoinPolicy.REQUEST),
    (Visibility.CLOSED, JoinPolicy.INVITATION),
    (Visibility.PUBLIC, JoinPolicy.INVITATION),
)
USERNAME_PREFIX = "seed-"
DISCUSSIONS_PER_GROUP = 3
EVENTS_PER_GROUP = 2
NEWS_PER_GROUP = 1


def seed_username(index: int) -> str:
    """The username of the index-th seeded person (1-based); the fuzz run logs in as one."""
    return f"{USERNAME_PREFIX}{index:04d}"


def seed_group_name(index: int) -> str:
    """The name of the index-th seeded group (0-based); its slug is slugify(name)."""
    topic = TOPICS[index % len(TOPICS)]
    return topic if index < len(TOPICS) else f"{topic} {index // len(TOPICS) + 1}"


@dataclass
class Tally:
    people: int = 0
    groups: int = 0
    groups_skipped: int = 0
    memberships: int = 0
    discussions: int = 0
    replies: int = 0
    events: int = 0
    rsvps: int = 0
    news: int = 0
    files: int = 0
    organisations: list[str] = field(default_factory=list)


class Command(TenancyCommand):
    help = (
        "Seed people, public/closed/secret groups, memberships, discussions with replies, "
        "events and news in one or more organisations. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation",
            required=True,
            nargs="+",
            action="extend",
            metavar="SLUG",
            help="The organisation(s) to seed (repeat or list several).",
        )
        parser.add_argument(
            "--groups", type=int, default=12, metavar="N", help="Groups per organisation."
        )
        parser.add_argument(
            "--members",
            type=int,
            default=30,
            metavar="N",
            help="People per organisation; each group gets a share of them (at least 2).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slugs: list[str] = list(dict.fromkeys(options["organisation"]))
        groups, members = options["groups"], options["members"]
        if groups < 0:
            raise CommandError("--groups: give a number of 0 or more.")
        if members < 2:
            raise CommandError("--members: give a number of 2 or more (an owner and a member).")
        found = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
        missing = [slug for slug in slugs if slug not in found]
        if missing:
            raise CommandError(f"--organisation: no organisation with slug {', '.join(missing)}.")
        tenants = [found[slug] for slug in slugs]
        if any(o.schema_name == "public" for o in tenants):
            raise CommandError("--organisation: the hub has no groups; choose an organisation.")

        started = time.perf_counter()
        tally = Tally()
        bar = tqdm(
            total=len(tenants) * groups, desc="seeding", unit="group", file=self.stderr,
            mininterval=0.5,
        )  # fmt: skip
        connection = tenant_connection()
        try:
            for organisation in tenants:
                connection.set_tenant(organisation)
                bar.set_postfix_str(organisation.slug)
                seed_organisation(groups=groups, members=members, tally=tally, bar=bar)
                tally.organisations.append(organisation.slug)
        finally:
            bar.close()
            connection.set_schema_to_public()
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(tally.organisations)} organisation(s) seeded: {tally.people} people, "
                f"{tally.groups} groups created ({tally.groups_skipped} already there), "
                f"{tally.memberships} memberships, {tally.discussions} discussions, "
                f"{tally.replies} replies, {tally.events} events, {tally.rsvps} RSVPs, "
                f"{tally.news} news posts, {tally.files} files; "
                f"{time.perf_counter() - started:.1f}s"
            )
        )


def seed_organisation(*, groups: int, members: int, tally: Tally, bar: tqdm[Any]) -> None:
    """Seed the organisation the connection is set to."""
    people = _people_ensure(count=members, tally=tally)
    existing = set(Group.objects.values_list("slug", flat=True))
    for index in range(groups):
        name = seed_group_name(index)
        if slugify(name) in existing:
            tally.groups_skipped += 1
        else:
            with transaction.atomic():
                _group_seed(index=index, name=name, people=people, tally=tally)
            tally.groups += 1
        bar.update(1)


def _people_ensure(*, count: int, tally: Tally) -> list[User]:
    wanted = [seed_username(i) for i in range(1, count + 1)]
    have = {u.username: u for u in User.objects.filter(username__in=wanted)}
    new = []
    for index, username in enumerate(wanted):
        if username in have:
            continue
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index // len(FIRST_NAMES) + index) % len(LAST_NAMES)]
        user = User(
            username=username,
            email=f"{username}@example.org",
            first_name=first,
            last_name=last,
            display_name=f"{first} {last}",
        )
        user.set_unusable_password()  # people log in through the identity provider
        new.append(user)
    User.objects.bulk_create(new)
    tally.people += len(new)
    have.update({u.username: u for u in User.objects.filter(username__in=wanted)})
    return [have[username] for username in wanted]


def _group_seed(*, index: int, name: str, people: list[User], tally: Tally) -> None:
    visibility, join_policy = KINDS[index % len(KINDS)]
    owner = people[index % len(people)]
    # Secret groups stay small; public ones take about half of the people.
    share = {Visibility.PUBLIC: 2, Visibility.CLOSED: 3, Visibility.SECRET: 5}[visibility]
    size = max(2, len(people) // share)
    others = [people[(index + offset) % len(people)] for offset in range(1, size)]
    founded_open = join_policy != JoinPolicy.REQUEST
    group = group_create(
        actor=owner,
        name=name,
        description=(f"<p>Kennis delen over <strong>{name.lower()}</strong> tussen collega's.</p>"),
        welcome_message="<p>Welkom! Stel je even voor in de discussie.</p>",
        visibility=visibility,
        join_policy=JoinPolicy.OPEN if founded_open else JoinPolicy.REQUEST,
        tags=[name.split()[0].lower(), "seed"],
    )
    tally.memberships += 1
    for person in others:
        if founded_open:
            membership_join(actor=person, group=group)
        else:
            request = join_request_create(
                actor=person, group=group, message="Ik werk hier ook aan en doe graag mee."
            )
            join_request_approve(actor=owner, join_request=request, reason="Welkom!")
        tally.memberships += 1
    if join_policy != group.join_policy:
        group = group_update(
            actor=owner, group=group, changes=GroupChanges(join_policy=join_policy)
        )
    members = [owner, *others]
    _content_seed(group=group, members=members, tally=tally)


def _access(*, group: Group, viewer: User) -> GroupAccess:
    return group_access(viewer=viewer, slug=group.slug)


def _content_seed(*, group: Group, members: list[User], tally: Tally) -> None:
    def member(offset: int) -> User:
        return members[offset % len(members)]

    for d in range(DISCUSSIONS_PER_GROUP):
        author = member(d)
        discussion = discussion_create(
            access=_access(group=group, viewer=author),
            actor=author,
            title=f"{group.name}: vraag {d + 1}",
            body=f"<p>Wie heeft ervaring met {group.name.lower()}? Ik zoek voorbeelden.</p>",
        )
        tally.discussions += 1
        for r in range(d + 1):
            replier = member(d + r + 1)
            reply_create(
                access=_access(group=group, viewer=replier),
                actor=replier,
                discussion=discussion,
                body=f"<p>Antwoord {r + 1}: bij ons werkt het zo.</p>",
            )
            tally.replies += 1
    # Fixed wall-clock times (the next whole day onwards) keep reruns comparable.
    day = timezone.now().astimezone(dt.UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    for e in range(EVENTS_PER_GROUP):
        author = member(e)
        starts = day + dt.timedelta(days=7 * (e + 1))
        event = event_create(
            access=_access(group=group, viewer=author),
            actor=author,
            title=f"Bijeenkomst {group.name} {e + 1}",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            description="<p>Agenda volgt.</p>",
            location="Stadhuis, zaal 2" if e % 2 == 0 else "",
            online_url="https://meet.example.org/plein" if e % 2 else "",
            capacity=3 if e == 0 else None,
        )
        tally.events += 1
        answers = (RsvpStatus.ATTENDING, RsvpStatus.ATTENDING, RsvpStatus.MAYBE)
        for offset, person in enumerate(members[:5]):
            rsvp_set(
                access=_access(group=group, viewer=person),
                viewer=person,
                event=event,
                status=answers[offset % len(answers)],
            )
            tally.rsvps += 1
    for _n in range(NEWS_PER_GROUP):
        author = members[0]
        news_post_create(
            access=_access(group=group, viewer=author),
            actor=author,
            title=f"Nieuws uit {group.name}",
            body="<p>De groep is gestart. Lees de welkomstboodschap.</p>",
        )
        tally.news += 1
    author = members[-1]
    access = _access(group=group, viewer=author)
    folder = folder_create(access=access, actor=author, name="Vergaderstukken")
    agenda = f"Agenda {group.name}\n1. Opening\n2. Rondvraag\n".encode()
    file_upload(
        access=access,
        actor=author,
        upload=SimpleUploadedFile("agenda.txt", agenda, content_type="text/plain"),
        folder=folder,
    )
    tally.files += 1
