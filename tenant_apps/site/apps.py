from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "tenant_apps.site"
    label = "plein_site"
    verbose_name = "Organisation subsite"
