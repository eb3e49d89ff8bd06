from rest_framework import serializers

from tenants.models import Organisation, OrganisationExport, OrganisationKind
from tenants.services import ProvisionedOrganisation


class OrganisationCreateSerializer(serializers.Serializer[None]):
    name = serializers.CharField(max_length=200)
    domain = serializers.CharField(max_length=253)
    slug = serializers.CharField(max_length=50, required=False, allow_blank=False)
    kind = serializers.ChoiceField(choices=OrganisationKind.choices, default=OrganisationKind.OTHER)
    theme = serializers.CharField(max_length=50, default="default")


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    domains = serializers.SerializerMethodField()
    primary_domain = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "kind",
            "status",
            "theme",
            "schema_name",
            "primary_domain",
            "domains",
            "created_at",
            "updated_at",
        ]

    def get_domains(self, organisation: Organisation) -> list[str]:
        return sorted(domain.domain for domain in organisation.domains.all())

    def get_primary_domain(self, organisation: Organisation) -> str | None:
        return organisation.primary_domain_name() or None


class ProvisionedSerializer(serializers.Serializer[ProvisionedOrganisation]):
    organisation = OrganisationSerializer()
    url = serializers.URLField()
    seconds = serializers.FloatField()
    from_pool = serializers.BooleanField()


class OrganisationUpdateSerializer(serializers.Serializer[None]):
    # Plain strings: the service checks them, with the same messages as the CLI.
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kind = serializers.CharField(max_length=20, required=False, allow_blank=True)
    theme = serializers.CharField(max_length=50, required=False, allow_blank=True)


class DomainChangeSerializer(serializers.Serializer[None]):
    domain = serializers.CharField(max_length=253)
    primary = serializers.BooleanField(default=False)


class OrganisationImportSerializer(serializers.Serializer[None]):
    archive = serializers.FileField(help_text="An archive written by the export endpoint.")
    slug = serializers.CharField(max_length=50, required=False)
    domain = serializers.CharField(
        max_length=253,
        required=False,
        help_text="The only (primary) domain of the import; default: the exported domains.",
    )
    name = serializers.CharField(max_length=200, required=False)


class OrganisationExportSerializer(serializers.ModelSerializer[OrganisationExport]):
    class Meta:
        model = OrganisationExport
        fields = ["organisation_slug", "path", "size_bytes", "created_at"]
