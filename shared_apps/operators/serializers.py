from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from shared_apps.operators.models import AuditEntry, OperatorJob, OrganisationStats
from shared_apps.operators.selectors import DeletionCheck
from tenants.models import Organisation, OrganisationExport, OrganisationKind
from tenants.services import ProvisionedOrganisation


class OrganisationCreateSerializer(serializers.Serializer[None]):
    name = serializers.CharField(max_length=200)
    domain = serializers.CharField(max_length=253)
    slug = serializers.CharField(max_length=50, required=False, allow_blank=False)
    kind = serializers.ChoiceField(choices=OrganisationKind.choices, default=OrganisationKind.OTHER)
    theme = serializers.CharField(max_length=50, default="default")


class OrganisationSizeSerializer(serializers.ModelSerializer[OrganisationStats]):
    storage_bytes = serializers.IntegerField(read_only=True)

    class Meta:
        model = OrganisationStats
        fields = [
            "members",
            "groups",
            "database_bytes",
            "media_bytes",
            "storage_bytes",
            "measured_at",
        ]


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    domains = serializers.SerializerMethodField()
    primary_domain = serializers.SerializerMethodField()
    size = serializers.SerializerMethodField(
        help_text="As last measured (periodically, or on demand in the console); null before."
    )

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
            "size",
            "created_at",
            "updated_at",
        ]

    def get_domains(self, organisation: Organisation) -> list[str]:
        return sorted(domain.domain for domain in organisation.domains.all())

    def get_primary_domain(self, organisation: Organisation) -> str | None:
        return organisation.primary_domain_name() or None

    @extend_schema_field(OrganisationSizeSerializer(allow_null=True))
    def get_size(self, organisation: Organisation) -> dict[str, Any] | None:
        stats = getattr(organisation, "operator_stats", None)
        return None if stats is None else OrganisationSizeSerializer(stats).data


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


class ProvisioningJobCreateSerializer(serializers.Serializer[None]):
    name = serializers.CharField(max_length=200)
    domain = serializers.CharField(max_length=253)
    slug = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=OrganisationKind.choices, default=OrganisationKind.OTHER)
    language = serializers.ChoiceField(choices=[("nl", "nl"), ("en", "en")], default="nl")
    theme = serializers.CharField(max_length=50, default="default")


class OperatorJobSerializer(serializers.ModelSerializer[OperatorJob]):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    finished = serializers.BooleanField(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = OperatorJob
        fields = [
            "id",
            "kind",
            "status",
            "status_label",
            "finished",
            "organisation_slug",
            "parameters",
            "created_by",
            "error",
            "field_errors",
            "result_url",
            "download_url",
            "created_at",
            "started_at",
            "finished_at",
        ]

    def get_download_url(self, job: OperatorJob) -> str | None:
        if job.export_id is None:
            return None
        return reverse("operator-api-export-download", kwargs={"export_id": job.export_id})


class DeletionCheckSerializer(serializers.Serializer[DeletionCheck]):
    slug = serializers.CharField(source="organisation.slug")
    has_export = serializers.SerializerMethodField()
    has_recent_export = serializers.BooleanField()
    latest_export = OrganisationExportSerializer(allow_null=True)

    def get_has_export(self, check: DeletionCheck) -> bool:
        return check.latest_export is not None


class AuditEntrySerializer(serializers.ModelSerializer[AuditEntry]):
    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "actor",
            "source",
            "action",
            "organisation_slug",
            "details",
            "outcome",
            "message",
            "created_at",
        ]
