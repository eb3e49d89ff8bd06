from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "shared_apps.hub"
    label = "hub"
    verbose_name = "Hub"
