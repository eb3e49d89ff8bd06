"""What the search API accepts and sends."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from tenant_apps.search.selectors import KINDS, QUERY_MAX_CHARS, SearchHit, search_text_clean


class SearchParamsSerializer(serializers.Serializer[dict[str, Any]]):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=True,
        default="",
        help_text=(
            f"Words to look for; quotes for a phrase, - to exclude a word. "
            f"Longer queries are cut at {QUERY_MAX_CHARS} characters."
        ),
    )
    type = serializers.ChoiceField(
        choices=list(KINDS),
        required=False,
        allow_null=True,
        default=None,
        help_text="Only this kind of result.",
    )

    def validate_q(self, value: str) -> str:
        # Cut, not refused: a pasted paragraph still searches its beginning.
        return search_text_clean(value)


class SearchHitSerializer(serializers.Serializer[SearchHit]):
    type = serializers.CharField(source="kind")
    id = serializers.IntegerField(source="object_id")
    title = serializers.CharField()
    excerpt = serializers.CharField()
    group = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    rank = serializers.FloatField()
    url = serializers.CharField()

    def get_group(self, hit: SearchHit) -> dict[str, str]:
        return {"slug": hit.group_slug, "name": hit.group_name}
