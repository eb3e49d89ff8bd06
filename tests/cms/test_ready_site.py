"""Every organisation arrives with a ready site: home page, news index, "About" page."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from wagtail.models import Page, Site

from tenant_apps.cms.models import ContentPage, HomePage, NewsIndexPage
from tenants.db import tenant_connection
from tenants.models import Organisation
from tenants.services import organisation_create
from tests.conftest import BaseOrganisations


def test_a_new_organisation_has_its_home_page_at_slash(orgs: BaseOrganisations) -> None:
    # given an organisation provisioned just now (copied from the template, never migrated)
    organisation_create(name="Waterschap Delta", domain="delta.test", slug="delta")
    # when its root address is visited
    response = Client(HTTP_HOST="delta.test", HTTP_ACCEPT_LANGUAGE="en").get("/")
    # then its Wagtail home page answers, welcoming visitors in the organisation's name
    assert response.status_code == 200
    assert response.templates[0].name == "cms/home_page.html"
    assert "<h1>Waterschap Delta</h1>" in response.text
    assert '<h2 id="hero-title">Welcome to Waterschap Delta</h2>' in response.text
    assert "Here the people of Waterschap Delta meet in groups" in response.text


def test_the_ready_tree_is_home_news_and_about_with_the_site_on_the_domain(
    orgs: BaseOrganisations,
) -> None:
    # given a freshly provisioned organisation
    delta = organisation_create(name="Waterschap Delta", domain="delta.test", slug="delta")
    # when its schema's page tree and site are read
    tenant_connection().set_tenant(delta.organisation)
    home = HomePage.objects.get()
    site = Site.objects.get()
    children = [(type(p.specific), p.slug, p.live) for p in home.get_children().order_by("path")]
    # then the home page is the site's root on the primary domain, with news and about
    assert (site.hostname, site.port, site.root_page_id, site.site_name) == (
        "delta.test",
        80,
        home.pk,
        "Waterschap Delta",
    )
    assert children == [(NewsIndexPage, "nieuws", True), (ContentPage, "over-ons", True)]
    assert home.get_parent().depth == 1
    assert Page.objects.filter(depth=2).count() == 1


def test_news_and_about_pages_answer(alpha_client: Client) -> None:
    news = alpha_client.get("/nieuws/", HTTP_ACCEPT_LANGUAGE="en")
    about = alpha_client.get("/over-ons/", HTTP_ACCEPT_LANGUAGE="en")
    assert (news.status_code, about.status_code) == (200, 200)
    assert "<h1>Nieuws</h1>" in news.text and "No news yet." in news.text
    assert "<h1>Over ons</h1>" in about.text
    assert "Hier vertelt de organisatie wie ze is" in about.text


def test_a_renamed_organisation_is_welcomed_by_its_new_name(orgs: BaseOrganisations) -> None:
    # given alpha renamed (the page stores no name: it renders the current one)
    Organisation.objects.filter(slug="alpha").update(name="Gemeente Alpha-Zuid")
    from tenants.routing import routing_reset

    routing_reset()
    connection.set_schema_to_public()
    # when its home page is visited
    response = Client(HTTP_HOST="alpha.test", HTTP_ACCEPT_LANGUAGE="en").get("/")
    # then the hero says the new name
    assert "Welcome to Gemeente Alpha-Zuid" in response.text
