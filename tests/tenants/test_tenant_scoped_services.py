"""Cache keys and media files are scoped to the organisation whose schema is active."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tenants.db import tenant_connection
from tests.conftest import BaseOrganisations


def test_cache_entries_of_one_organisation_are_invisible_to_another(
    orgs: BaseOrganisations,
) -> None:
    tenant_connection().set_tenant(orgs.alpha)
    cache.set("site-root-paths", ["alpha"], 30)
    tenant_connection().set_tenant(orgs.beta)
    assert cache.get("site-root-paths") is None
    tenant_connection().set_tenant(orgs.alpha)
    assert cache.get("site-root-paths") == ["alpha"]
    cache.delete("site-root-paths")


def test_uploads_land_in_the_organisations_own_media_folder(orgs: BaseOrganisations) -> None:
    tenant_connection().set_tenant(orgs.alpha)
    name = default_storage.save("notes/hello.txt", ContentFile(b"hallo"))
    try:
        path = Path(default_storage.path(name))
        assert path.parent.parent == Path(settings.MEDIA_ROOT) / "org_alpha"
        assert default_storage.url(name).startswith("/media/")
        tenant_connection().set_tenant(orgs.beta)
        assert not default_storage.exists(name)
    finally:
        tenant_connection().set_tenant(orgs.alpha)
        default_storage.delete(name)
