"""The operator API on one organisation: access, lifecycle, domains, export and import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient
from wagtail.models import Site

from tenants.models import Organisation, OrganisationExport
from tenants.schemas import schema_exists
from tenants.services import organisation_create
from tenants.validation import available_themes
from tests.conftest import ALPHA_HOST, BaseOrganisations

BASE = "/api/v1/operator/organisations"

# Every endpoint of this API on one organisation, and the import, with a valid body.
ENDPOINTS: list[tuple[str, str, dict[str, Any]]] = [
    ("get", f"{BASE}/alpha/", {}),
    ("patch", f"{BASE}/alpha/", {"name": "Renamed"}),
    ("delete", f"{BASE}/alpha/?force=true", {}),
    ("post", f"{BASE}/alpha/suspend/", {}),
    ("post", f"{BASE}/alpha/resume/", {}),
    ("post", f"{BASE}/alpha/domains/", {"domain": "www.alpha.test"}),
    ("delete", f"{BASE}/alpha/domains/", {"domain": "www.alpha.test"}),
    ("post", f"{BASE}/alpha/export/", {}),
    ("post", "/api/v1/operator/imports/", {}),
]


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_anonymous_callers_are_refused_with_401(
    anonymous: APIClient, method: str, path: str, body: dict[str, Any]
) -> None:
    response = getattr(anonymous, method)(path, body, format="json")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert Organisation.objects.get(slug="alpha").name == "Gemeente Alpha"


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_users_who_are_not_operators_are_refused_with_403(
    member: APIClient, method: str, path: str, body: dict[str, Any]
) -> None:
    response = getattr(member, method)(path, body, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only platform operators may do this."}
    assert Organisation.objects.get(slug="alpha").status == "active"


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS[:-1])
def test_the_operator_api_is_not_on_an_organisation_host(
    operator: APIClient, method: str, path: str, body: dict[str, Any]
) -> None:
    # given an operator's valid token, sent to alpha's own host instead of the hub
    # when any operator endpoint is asked there
    response = getattr(operator, method)(path, body, format="json", HTTP_HOST=ALPHA_HOST)
    # then it does not exist there, and alpha is untouched
    assert response.status_code == 404
    alpha = Organisation.objects.get(slug="alpha")
    assert (alpha.name, alpha.status, [d.domain for d in alpha.domains.all()]) == (
        "Gemeente Alpha",
        "active",
        ["alpha.test"],
    )


def test_imports_are_not_on_an_organisation_host(operator: APIClient) -> None:
    response = operator.post("/api/v1/operator/imports/", {}, HTTP_HOST=ALPHA_HOST)
    assert response.status_code == 404


@pytest.mark.parametrize("slug", ["nobody", "hub"])
@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS[:-1])
def test_an_unknown_slug_is_404(
    operator: APIClient, slug: str, method: str, path: str, body: dict[str, Any]
) -> None:
    # the hub is an organisation too, but not one the operator API manages
    response = getattr(operator, method)(path.replace("/alpha/", f"/{slug}/"), body, format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": f"No organisation with slug '{slug}'."}


def test_get_shows_the_organisation(operator: APIClient) -> None:
    response = operator.get(f"{BASE}/alpha/")
    assert response.status_code == 200
    body = response.json()
    assert {key: value for key, value in body.items() if not key.endswith("_at")} == {
        "slug": "alpha",
        "name": "Gemeente Alpha",
        "kind": "municipality",
        "status": "active",
        "theme": "default",
        "schema_name": "org_alpha",
        "primary_domain": "alpha.test",
        "domains": ["alpha.test"],
        "size": None,  # not measured yet
    }


def test_patch_changes_name_kind_and_theme(orgs: BaseOrganisations, operator: APIClient) -> None:
    # when alpha is renamed and given another kind
    response = operator.patch(
        f"{BASE}/alpha/", {"name": " Gemeente Alpha-Noord ", "kind": "agency"}, format="json"
    )
    # then the registry, its subsite and the Wagtail site show the new name
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["kind"]) == ("Gemeente Alpha-Noord", "agency")
    assert "Gemeente Alpha-Noord" in Client(HTTP_HOST=ALPHA_HOST).get("/").text
    connection.set_tenant(Organisation.objects.get(slug="alpha"))
    assert Site.objects.get(is_default_site=True).site_name == "Gemeente Alpha-Noord"
    connection.set_schema_to_public()
    # and beta is untouched
    assert Organisation.objects.get(slug="beta").name == "Provincie Beta"


def test_patch_with_bad_values_is_400_with_a_message_per_field(operator: APIClient) -> None:
    response = operator.patch(
        f"{BASE}/alpha/", {"name": "  ", "kind": "castle", "theme": "neon"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "name": "A name is required.",
        "kind": "Unknown kind 'castle'; choose one of: ministry, province, municipality, "
        "water_board, agency, other.",
        # The list grows with the themes folder; the message names every one of them.
        "theme": f"Unknown theme 'neon'; available: {', '.join(sorted(available_themes()))}.",
    }
    assert Organisation.objects.get(slug="alpha").name == "Gemeente Alpha"


def test_suspend_and_resume(operator: APIClient) -> None:
    suspended = operator.post(f"{BASE}/alpha/suspend/")
    assert (suspended.status_code, suspended.json()["status"]) == (200, "suspended")
    assert Client(HTTP_HOST=ALPHA_HOST).get("/").status_code == 503

    resumed = operator.post(f"{BASE}/alpha/resume/")
    assert (resumed.status_code, resumed.json()["status"]) == (200, "active")
    assert Client(HTTP_HOST=ALPHA_HOST).get("/").status_code == 200


def test_domains_are_added_made_primary_and_removed(operator: APIClient) -> None:
    path = f"{BASE}/alpha/domains/"
    # an alias is added, and adding it again changes nothing
    added = operator.post(path, {"domain": "www.alpha.test"}, format="json")
    again = operator.post(path, {"domain": "www.alpha.test"}, format="json")
    assert (added.status_code, again.status_code) == (201, 200)
    assert added.json()["domains"] == ["alpha.test", "www.alpha.test"]
    assert again.json()["primary_domain"] == "alpha.test"
    # it is made primary
    primary = operator.post(path, {"domain": "www.alpha.test", "primary": True}, format="json")
    assert (primary.status_code, primary.json()["primary_domain"]) == (200, "www.alpha.test")
    # and the old primary, now an alias, is removed
    removed = operator.delete(path, {"domain": "alpha.test"}, format="json")
    assert removed.status_code == 200
    assert removed.json()["domains"] == ["www.alpha.test"]


@pytest.mark.parametrize(
    ("method", "body", "errors"),
    [
        ("post", {}, {"domain": ["This field is required."]}),
        ("post", {"domain": "beta.test"}, {"domain": "'beta.test' is already in use."}),
        (
            "post",
            {"domain": "https://x.test/"},
            {
                "domain": "Give a bare host name without scheme, port or path "
                "(for example 'utrecht.nl')."
            },
        ),
        ("delete", {"domain": "beta.test"}, {"domain": "'beta.test' is not a domain of 'alpha'."}),
        (
            "delete",
            {"domain": "alpha.test"},
            {"domain": "The primary domain cannot be removed; make another domain primary first."},
        ),
    ],
    ids=["missing", "taken", "malformed", "not-ours", "primary"],
)
def test_bad_domain_changes_are_400_with_a_message(
    operator: APIClient, method: str, body: dict[str, str], errors: dict[str, Any]
) -> None:
    response = getattr(operator, method)(f"{BASE}/alpha/domains/", body, format="json")
    assert response.status_code == 400
    assert response.json() == errors
    assert [d.domain for d in Organisation.objects.get(slug="alpha").domains.all()] == [
        "alpha.test"
    ]


def test_delete_needs_an_export_or_force(orgs: BaseOrganisations, operator: APIClient) -> None:
    # given an organisation that was never exported
    organisation_create(name="Waterschap Delta", domain="delta.test", slug="delta")
    # when it is deleted, it is refused
    refused = operator.delete(f"{BASE}/delta/")
    assert refused.status_code == 409
    assert refused.json() == {
        "detail": "Organisation 'delta' has no export yet. Export it first "
        "(python manage.py export_organisation delta) or delete with --force."
    }
    assert schema_exists("org_delta")
    # and with force it is gone
    forced = operator.delete(f"{BASE}/delta/?force=true")
    assert forced.status_code == 204
    assert not Organisation.objects.filter(slug="delta").exists()
    assert not schema_exists("org_delta")


def test_export_returns_the_record(live_operator: APIClient) -> None:
    response = live_operator.post(f"{BASE}/alpha/export/")
    assert response.status_code == 201
    export = OrganisationExport.objects.get(organisation_slug="alpha")
    assert response.json() == {
        "organisation_slug": "alpha",
        "path": export.path,
        "size_bytes": Path(export.path).stat().st_size,
        "created_at": export.created_at.astimezone().isoformat(),
    }


def test_an_uploaded_export_is_imported_as_a_copy(live_operator: APIClient) -> None:
    # given an export of alpha
    export = live_operator.post(f"{BASE}/alpha/export/").json()
    upload = SimpleUploadedFile("alpha.tar.gz", Path(export["path"]).read_bytes())
    # when it is uploaded under a new slug, domain and name
    response = live_operator.post(
        "/api/v1/operator/imports/",
        {"archive": upload, "slug": "alpha-kopie", "domain": "kopie.test", "name": "Alpha Kopie"},
        format="multipart",
    )
    # then the copy exists and answers on its own host, next to alpha
    assert response.status_code == 201
    body = response.json()
    assert (body["slug"], body["name"], body["domains"], body["status"]) == (
        "alpha-kopie",
        "Alpha Kopie",
        ["kopie.test"],
        "active",
    )
    copy_page = Client(HTTP_HOST="kopie.test").get("/")
    alpha_page = Client(HTTP_HOST=ALPHA_HOST).get("/")
    assert (copy_page.status_code, alpha_page.status_code) == (200, 200)
    assert "Alpha Kopie" in copy_page.text and "Alpha Kopie" not in alpha_page.text


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({}, {"archive": ["No file was submitted."]}),
        (
            {"archive": SimpleUploadedFile("bogus.tar.gz", b"not an archive")},
            {"archive": "bogus.tar.gz is not a Plein organisation export."},
        ),
    ],
    ids=["no-file", "not-an-export"],
)
def test_a_bad_upload_is_400_with_a_message(
    operator: APIClient, fields: dict[str, Any], errors: dict[str, Any]
) -> None:
    response = operator.post(
        "/api/v1/operator/imports/",
        {**fields, "slug": "bogus", "domain": "bogus.test"},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == errors
    assert not Organisation.objects.filter(slug="bogus").exists()
