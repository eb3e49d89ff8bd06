"""Alpha's and beta's Wagtail worlds never meet: page trees, admin, search, images,
documents and cached site roots. Another organisation's object answers exactly like one
that does not exist."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.views.serve import generate_image_url
from wagtail.models import Page, Site
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

from tenant_apps.accounts.models import User
from tenants.db import tenant_connection
from tests.cms.pages import content_page_add, image_add
from tests.conftest import ALPHA_HOST, BETA_HOST, BaseOrganisations
from tests.factories import UserFactory

MISSING_ID = 987_654


def _admin_of(organisation: object, host: str) -> Client:
    tenant_connection().set_tenant(organisation)
    admin: User = UserFactory(username=f"admin-{host}", is_superuser=True)
    client = Client(HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(admin)
    return client


def _without_ids(html: str) -> str:
    return re.sub(r"\d+", "N", html)


def test_alphas_page_is_missing_on_beta_in_the_site_and_the_admin(
    orgs: BaseOrganisations,
) -> None:
    # given a page of alpha whose id beta's tree does not hold
    tenant_connection().set_tenant(orgs.alpha)
    secret_plan = content_page_add(title="Alpha intern plan", slug="intern-plan")
    for _ in range(3):  # alpha's ids run ahead of beta's
        content_page_add(title="Vulling", slug=f"vulling-{_}")
    tenant_connection().set_tenant(orgs.beta)
    assert not Page.objects.filter(pk=secret_plan.pk).exists()
    beta_admin = _admin_of(orgs.beta, BETA_HOST)
    # when beta's site and beta's admin are asked for it by path and by id
    by_path = Client(HTTP_HOST=BETA_HOST).get("/intern-plan/")
    missing_path = Client(HTTP_HOST=BETA_HOST).get("/bestaat-niet/")
    by_id = beta_admin.get(f"/cms/pages/{secret_plan.pk}/")
    missing_id = beta_admin.get(f"/cms/pages/{MISSING_ID}/")
    edit = beta_admin.get(f"/cms/pages/{secret_plan.pk}/edit/")
    missing_edit = beta_admin.get(f"/cms/pages/{MISSING_ID}/edit/")
    # then every answer is the one for a page that does not exist
    assert (by_path.status_code, missing_path.status_code) == (404, 404)
    assert (by_id.status_code, missing_id.status_code) == (404, 404)
    assert (edit.status_code, missing_edit.status_code) == (404, 404)
    assert _without_ids(by_id.text) == _without_ids(missing_id.text)
    for response in (by_path, by_id, edit):
        assert "Alpha intern plan" not in response.text
    # and on alpha it is there
    assert Client(HTTP_HOST=ALPHA_HOST).get("/intern-plan/").status_code == 200


def test_search_finds_only_the_own_organisations_pages(orgs: BaseOrganisations) -> None:
    # given a page about a climate plan on alpha only
    tenant_connection().set_tenant(orgs.alpha)
    content_page_add(title="Klimaatplan Alpha", slug="klimaatplan", intro="Windmolens")
    alpha_admin = _admin_of(orgs.alpha, ALPHA_HOST)
    beta_admin = _admin_of(orgs.beta, BETA_HOST)
    # when each organisation searches (Wagtail's database backend, in its own schema)
    tenant_connection().set_tenant(orgs.alpha)
    alpha_hits = [p.title for p in Page.objects.live().search("Klimaatplan")]
    tenant_connection().set_tenant(orgs.beta)
    beta_hits = [p.title for p in Page.objects.live().search("Klimaatplan")]
    alpha_admin_search = alpha_admin.get("/cms/pages/search/", {"q": "Klimaatplan"})
    beta_admin_search = beta_admin.get("/cms/pages/search/", {"q": "Klimaatplan"})
    # then only alpha finds it
    assert alpha_hits == ["Klimaatplan Alpha"]
    assert beta_hits == []
    assert alpha_admin_search.status_code == beta_admin_search.status_code == 200
    assert "Klimaatplan Alpha" in alpha_admin_search.text
    assert "Klimaatplan Alpha" not in beta_admin_search.text


def test_images_stay_with_their_organisation(orgs: BaseOrganisations, media_root: Path) -> None:
    # given an image in alpha's library, with an id beta does not have
    tenant_connection().set_tenant(orgs.alpha)
    for n in range(3):
        image_add(title=f"vulling{n}")
    plattegrond = image_add(title="plattegrond")
    url = generate_image_url(plattegrond, "max-100x100")
    missing_url = generate_image_url(Image(pk=MISSING_ID, title="x"), "max-100x100")
    tenant_connection().set_tenant(orgs.beta)
    assert not Image.objects.filter(pk=plattegrond.pk).exists()
    beta_admin = _admin_of(orgs.beta, BETA_HOST)
    # when beta serves its URL and beta's admin opens its id
    on_beta = Client(HTTP_HOST=BETA_HOST).get(url)
    missing_on_beta = Client(HTTP_HOST=BETA_HOST).get(missing_url)
    admin_edit = beta_admin.get(f"/cms/images/{plattegrond.pk}/")
    admin_missing = beta_admin.get(f"/cms/images/{MISSING_ID}/")
    # then beta answers as for an image that never existed
    assert (on_beta.status_code, missing_on_beta.status_code) == (404, 404)
    assert (admin_edit.status_code, admin_missing.status_code) == (404, 404)
    # while alpha serves it, from alpha's own media folder
    assert Client(HTTP_HOST=ALPHA_HOST).get(url).status_code == 200
    assert [
        p.name
        for p in (media_root / "org_alpha" / "original_images").iterdir()
        if p.name.startswith("plattegrond")
    ]
    assert not (media_root / "org_beta").exists()


def test_documents_stay_with_their_organisation(orgs: BaseOrganisations, media_root: Path) -> None:
    # given a document of alpha, with an id beta does not have
    tenant_connection().set_tenant(orgs.alpha)
    for n in range(3):
        Document.objects.create(title=f"vulling {n}", file=ContentFile(b"x", name=f"v{n}.txt"))
    notulen = Document.objects.create(
        title="Notulen", file=ContentFile(b"Geheime notulen", name="notulen.txt")
    )
    tenant_connection().set_tenant(orgs.beta)
    assert not Document.objects.filter(pk=notulen.pk).exists()
    beta_admin = _admin_of(orgs.beta, BETA_HOST)
    # when beta is asked for it, publicly and in the admin
    on_beta = Client(HTTP_HOST=BETA_HOST).get(f"/documents/{notulen.pk}/notulen.txt")
    missing = Client(HTTP_HOST=BETA_HOST).get(f"/documents/{MISSING_ID}/notulen.txt")
    admin_edit = beta_admin.get(f"/cms/documents/edit/{notulen.pk}/")
    admin_missing = beta_admin.get(f"/cms/documents/edit/{MISSING_ID}/")
    # then it is missing there, and alpha serves it
    assert (on_beta.status_code, missing.status_code) == (404, 404)
    assert (admin_edit.status_code, admin_missing.status_code) == (404, 404)
    on_alpha = Client(HTTP_HOST=ALPHA_HOST).get(f"/documents/{notulen.pk}/notulen.txt")
    assert on_alpha.status_code == 200
    assert b"".join(on_alpha.streaming_content) == b"Geheime notulen"  # type: ignore[attr-defined]
    assert (media_root / "org_alpha" / "documents" / "notulen.txt").exists()


def test_cached_site_roots_are_kept_per_organisation(orgs: BaseOrganisations) -> None:
    # given both home pages rendered (Wagtail caches each site's root paths)
    assert Client(HTTP_HOST=ALPHA_HOST).get("/").status_code == 200
    assert Client(HTTP_HOST=BETA_HOST).get("/").status_code == 200
    # when the cache is read under each schema
    roots = {}
    for organisation in (orgs.alpha, orgs.beta):
        tenant_connection().set_tenant(organisation)
        Site.get_site_root_paths()  # fills the cache when a save emptied it
        cached = cache.get(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)
        roots[organisation.slug] = [(entry[2]) for entry in cached]
    # then each schema has its own entry with its own domain
    assert roots == {"alpha": ["http://alpha.test"], "beta": ["http://beta.test"]}
