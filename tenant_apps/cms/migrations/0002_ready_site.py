"""Every organisation starts with a ready site: a home page as its Wagtail Site's root,
a news index and an "About" page, and a "Site admins" role.

This runs once, on the template schema (and on schemas built by migrate); provisioning
copies the template with this data, so a new organisation gets it without running
anything. The home page holds no organisation name: an empty hero title and intro render
the organisation's current name at request time.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import migrations
from django.utils import timezone

SITE_ADMINS_GROUP = "Site admins"  # tenant_apps.cms.services.SITE_ADMINS_GROUP
# Beyond what Wagtail's Moderators may do: manage people's roles, redirects, collections.
_EXTRA_PERMISSIONS = [
    ("accounts", "user", "view_user", "Can view user"),
    ("accounts", "user", "change_user", "Can change user"),
    ("wagtailredirects", "redirect", "add_redirect", "Can add redirect"),
    ("wagtailredirects", "redirect", "change_redirect", "Can change redirect"),
    ("wagtailredirects", "redirect", "delete_redirect", "Can delete redirect"),
    ("wagtailcore", "collection", "add_collection", "Can add collection"),
    ("wagtailcore", "collection", "change_collection", "Can change collection"),
    ("wagtailcore", "collection", "delete_collection", "Can delete collection"),
]
_ABOUT_TEXT = (
    "<p>Hier vertelt de organisatie wie ze is en wat ze doet. Beheerders passen deze "
    "pagina aan in het beheer van de site (/cms/).</p>"
)


def _page(model: Any, content_type: Any, locale: Any, **fields: Any) -> Any:
    now = timezone.now()
    return model.objects.create(
        content_type=content_type,
        locale=locale,
        translation_key=uuid.uuid4(),
        draft_title=fields["title"],
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        **fields,
    )


def ready_site_create(apps: Any, schema_editor: Any) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("cms", "HomePage")
    NewsIndexPage = apps.get_model("cms", "NewsIndexPage")
    ContentPage = apps.get_model("cms", "ContentPage")

    def content_type(model: str) -> Any:
        return ContentType.objects.get_or_create(app_label="cms", model=model)[0]

    # Wagtail's "Welcome to Wagtail" page goes (its Site with it, by cascade).
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore", slug="home").delete()
    locale = Locale.objects.order_by("pk").first()
    home = _page(
        HomePage,
        content_type("homepage"),
        locale,
        title="Home",
        slug="home",
        path="00010001",
        depth=2,
        numchild=2,
        url_path="/home/",
        body=[],
    )
    _page(
        NewsIndexPage,
        content_type("newsindexpage"),
        locale,
        title="Nieuws",
        slug="nieuws",
        path="000100010001",
        depth=3,
        numchild=0,
        url_path="/home/nieuws/",
    )
    _page(
        ContentPage,
        content_type("contentpage"),
        locale,
        title="Over ons",
        slug="over-ons",
        path="000100010002",
        depth=3,
        numchild=0,
        url_path="/home/over-ons/",
        show_in_menus=True,
        body=[{"type": "paragraph", "value": _ABOUT_TEXT, "id": str(uuid.uuid4())}],
    )
    Page.objects.filter(depth=1).update(numchild=1)
    # provisioning points hostname and name at the organisation (_wagtail_site_point_at).
    Site.objects.create(hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True)
    _site_admins_create(apps)


def _site_admins_create(apps: Any) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    moderators = Group.objects.get(name="Moderators")
    admins = Group.objects.create(name=SITE_ADMINS_GROUP)
    admins.permissions.set(moderators.permissions.all())
    for app_label, model, codename, name in _EXTRA_PERMISSIONS:
        ct = ContentType.objects.get_or_create(app_label=app_label, model=model)[0]
        permission = Permission.objects.get_or_create(
            content_type=ct, codename=codename, defaults={"name": name}
        )[0]
        admins.permissions.add(permission)
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=admins, page_id=grant.page_id, permission_id=grant.permission_id)
        for grant in GroupPagePermission.objects.filter(group=moderators)
    )
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(
            group=admins, collection_id=grant.collection_id, permission_id=grant.permission_id
        )
        for grant in GroupCollectionPermission.objects.filter(group=moderators)
    )


def ready_site_remove(apps: Any, schema_editor: Any) -> None:
    apps.get_model("auth", "Group").objects.filter(name=SITE_ADMINS_GROUP).delete()
    apps.get_model("wagtailcore", "Page").objects.filter(
        depth__gte=2, content_type__app_label="cms"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_page_types"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(ready_site_create, ready_site_remove)]
