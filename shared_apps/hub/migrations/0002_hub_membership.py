import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0001_hub_group"),
        ("tenants", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="HubMembership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("oidc_issuer", models.CharField(max_length=255)),
                ("oidc_subject", models.CharField(max_length=255)),
                ("group_id", models.BigIntegerField()),
                ("group_slug", models.SlugField(max_length=80)),
                ("group_name", models.CharField(max_length=200)),
                ("indexed_at", models.DateTimeField(auto_now=True)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="hub_memberships",
                        to="tenants.organisation",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["oidc_issuer", "oidc_subject", "organisation"],
                        name="hub_membership_identity",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "group_id", "oidc_issuer", "oidc_subject"),
                        name="hub_one_row_per_membership",
                    )
                ],
            },
        ),
    ]
