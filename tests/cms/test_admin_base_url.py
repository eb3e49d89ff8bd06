"""Links Wagtail writes without a request (its mails) point at the organisation's domain."""

from __future__ import annotations

from django.template import Context, Template
from pytest_django.fixtures import Settings
from wagtail.admin import utils as wagtail_admin_utils

from tenants.db import tenant_connection
from tests.conftest import BaseOrganisations


def test_each_organisation_gets_its_own_admin_base_url(
    orgs: BaseOrganisations, settings: Settings
) -> None:
    settings.PLEIN_URL_PORT = 8000
    # given the connection on alpha, then on beta, then on the hub
    tenant_connection().set_tenant(orgs.alpha)
    alpha = wagtail_admin_utils.get_admin_base_url()
    mail_link = Template("{% load wagtailadmin_tags %}{% base_url_setting %}").render(Context())
    tenant_connection().set_tenant(orgs.beta)
    beta = wagtail_admin_utils.get_admin_base_url()
    tenant_connection().set_schema_to_public()
    hub = wagtail_admin_utils.get_admin_base_url()
    # then each organisation's links use its primary domain; outside one, the setting
    assert (alpha, mail_link, beta) == (
        "http://alpha.test:8000",
        "http://alpha.test:8000",
        "http://beta.test:8000",
    )
    assert hub == settings.WAGTAILADMIN_BASE_URL
