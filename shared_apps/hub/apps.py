from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "shared_apps.hub"
    label = "hub"
    verbose_name = "Hub"

    def ready(self) -> None:
        from shared_apps.hub import tasks  # noqa: F401  (registers the beat entry)
        from shared_apps.hub.subscribers import hub_group_changed
        from tenant_apps.groups.events import group_changed_subscribe

        group_changed_subscribe(hub_group_changed)
