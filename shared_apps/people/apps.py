from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "shared_apps.people"
    label = "people"
    verbose_name = "People"
