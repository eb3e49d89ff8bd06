from rest_framework import serializers

from tenants.models import Organisation, OrganisationKind


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
            "slug", "name", "kind", "status", "theme", "schema_name",
            "primary_domain", "domains", "created_at", "updated_at",
        ]

    def get_domains(self, organisation: Organisation) -> list[str]:
        return sorted(domain.domain for domain in organisation.domains.all())

    def get_primary_domain(self, organisation: Organisation) -> str | None:
        return next((d.domain for d in organisation.domains.all() if d.is_primary), None)


class ProvisionedSerializer(serializers.Serializer[None]):
    organisation = OrganisationSerializer()
    url = serializers.URLField()
    seconds = serializers.FloatField()
    from_pool = serializers.BooleanField()
