from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shared_apps.operators.services import operator_create


class Command(BaseCommand):
    help = "Create a platform operator (or promote a user) and print its API token."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"].strip()
        if not username:
            raise CommandError("A username is required.")
        user, token = operator_create(username=username, email=options["email"])
        self.stdout.write(f"Operator {user.get_username()} ready. API token: {token}")
        self.stdout.write(
            "Use it as: curl -H 'Authorization: Token <token>' "
            "http://localhost:8000/api/v1/operator/organisations/"
        )
