from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "shared_apps.identity"
    label = "identity"
    verbose_name = "Identity provider"

    def ready(self) -> None:
        from shared_apps.identity import checks  # noqa: F401  (registers the key check)
