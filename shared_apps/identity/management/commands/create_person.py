from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shared_apps.identity.services.people import (
    IdentityInputError,
    email_normalise,
    person_create_verified,
)
from tenant_apps.accounts.models import User


class Command(BaseCommand):
    help = (
        "Create a person at the built-in OpenID Provider with a verified e-mail address "
        "(for a first administrator or a demo); people normally register themselves."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--exists-ok", action="store_true", help="Say so instead of failing if it exists."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = email_normalise(options["email"])
        if options["exists_ok"] and User.objects.filter(username=email).exists():
            self.stdout.write(f"{email} exists already; left as it is.")
            return
        try:
            user = person_create_verified(
                email=options["email"],
                password=options["password"],
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except IdentityInputError as error:
            raise CommandError(
                "\n".join(f"--{field}: {message}" for field, message in error.problems.items())
            ) from error
        self.stdout.write(self.style.SUCCESS(f"{user.email} can log in now."))
