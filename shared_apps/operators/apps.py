from django.apps import AppConfig


class OperatorsConfig(AppConfig):
    name = "shared_apps.operators"
    label = "operators"
    verbose_name = "Operator console"

    def ready(self) -> None:
        from shared_apps.operators import tasks  # noqa: F401  (registers the beat entry)
