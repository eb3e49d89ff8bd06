from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "tenant_apps.cms"
    label = "cms"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from tenant_apps.cms import admin_base_url, signals  # noqa: F401

        admin_base_url.install()
