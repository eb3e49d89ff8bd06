"""Output shapes of the hub API (documented by drf-spectacular)."""

from __future__ import annotations

from rest_framework import serializers


class FacetValueSerializer(serializers.Serializer[object]):
    value = serializers.CharField()
    # Named like Field.label and Serializer.errors on purpose: these are the API's keys.
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer[object]):
    organisation = FacetValueSerializer(many=True)
    kind = FacetValueSerializer(many=True)
    tag = FacetValueSerializer(many=True)
    language = FacetValueSerializer(many=True)


class HubGroupSerializer(serializers.Serializer[object]):
    group_id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    name_html = serializers.CharField(help_text="The name, HTML-escaped, matches in <mark>.")
    description = serializers.CharField(help_text="Plain-text excerpt.")
    snippet_html = serializers.CharField(
        help_text="Matching fragments, HTML-escaped, matches in <mark> (no other markup)."
    )
    tags = serializers.ListField(child=serializers.CharField())
    member_count = serializers.IntegerField()
    last_activity_at = serializers.DateTimeField()
    language = serializers.ChoiceField(choices=["nl", "en"])
    cover_url = serializers.CharField(allow_blank=True)
    url = serializers.CharField(help_text="The group's page on its organisation's subsite.")
    visibility = serializers.ChoiceField(choices=["public", "closed"])
    organisation_slug = serializers.CharField()
    organisation_name = serializers.CharField()
    organisation_kind = serializers.CharField()


class HubGroupPageSerializer(serializers.Serializer[object]):
    count = serializers.IntegerField(source="total")
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    pages = serializers.IntegerField()
    q = serializers.CharField(allow_blank=True, help_text="The query as used (cut to 200).")
    sort = serializers.CharField()
    facets = FacetsSerializer()
    results = HubGroupSerializer(many=True, source="items")


class HubOrganisationSerializer(serializers.Serializer[object]):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    url = serializers.CharField()
    group_count = serializers.IntegerField()
    logo_url = serializers.CharField(
        help_text="The published logo on the organisation's subsite (a placeholder if none)."
    )


class HubErrorSerializer(serializers.Serializer[object]):
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.CharField())  # type: ignore[assignment]


class MyGroupSerializer(serializers.Serializer[object]):
    group_id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField(help_text="The group's page on its organisation's subsite.")


class MyOrganisationGroupsSerializer(serializers.Serializer[object]):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField(help_text="The organisation's subsite.")
    groups = MyGroupSerializer(many=True)
