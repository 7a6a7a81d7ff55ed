from rest_framework import serializers

from reforms import figures
from reforms.models import Indicator, Outcome, Practice, Reform, ReformType, Region, Source


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = ["id", "slug", "name", "level", "parent", "aliases"]


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "slug", "name", "name_en", "bready_topic"]


class ReformTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReformType
        fields = ["id", "slug", "name", "definition"]


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "title", "publisher", "published_on", "file_name", "script", "layout", "sha256"]


class OutcomeSerializer(serializers.ModelSerializer):
    reform = serializers.PrimaryKeyRelatedField(read_only=True)
    source_file = serializers.CharField(source="reform.source.file_name", read_only=True)
    ordinal = serializers.IntegerField(source="reform.ordinal", read_only=True)
    display = serializers.SerializerMethodField(help_text="The figure as people write it: 40个工作日 → 6个工作日, −85 %")

    class Meta:
        model = Outcome
        fields = [
            "id", "reform", "source_file", "ordinal", "phrase", "span_start", "span_end", "metric", "kind", "before", "after",
            "value", "unit", "base_unit", "value_base", "change_pct", "qualifier", "range_low", "range_high", "is_target", "as_of",
            "display",
        ]

    def get_display(self, outcome: Outcome) -> str:
        return figures.describe(outcome)


class NestedOutcomeSerializer(OutcomeSerializer):
    class Meta(OutcomeSerializer.Meta):
        fields = [f for f in OutcomeSerializer.Meta.fields if f not in ("reform", "source_file", "ordinal")]


class PracticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Practice
        fields = ["position", "marker", "text"]


class ReformListSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    source_file = serializers.CharField(source="source.file_name", read_only=True)
    primary_indicator = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    indicators = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    reform_types = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    lead_departments = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Reform
        fields = [
            "id", "title", "subtitle", "region", "region_name", "source_file", "ordinal", "status", "year",
            "primary_indicator", "indicators", "reform_types", "lead_departments",
        ]


class ReformDetailSerializer(ReformListSerializer):
    partner_departments = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    practices = PracticeSerializer(many=True, read_only=True)
    outcomes = NestedOutcomeSerializer(many=True, read_only=True)

    class Meta(ReformListSerializer.Meta):
        fields = ReformListSerializer.Meta.fields + [
            "summary", "body", "outcome_text", "span_start", "span_end", "partner_departments", "practices", "outcomes",
        ]


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class SearchHitSerializer(ReformListSerializer):
    """A case in a search result, with how it matched."""

    match = serializers.ChoiceField(choices=["exact", "all_words", "partial"], read_only=True,
                                    help_text="exact:按原词匹配;all_words:所有词都出现(顺序不限);partial:只匹配了较少见的词")

    class Meta(ReformListSerializer.Meta):
        fields = [*ReformListSerializer.Meta.fields, "match"]


class SuggestionSerializer(serializers.Serializer):
    """A filter (facet + value) or another query (q) that finds cases."""

    label = serializers.CharField()
    facet = serializers.CharField(required=False)
    value = serializers.CharField(required=False)
    q = serializers.CharField(required=False)


class ReformSearchResponseSerializer(serializers.Serializer):
    """The body of /api/reforms/: a page of cases and the disjunctive facet counts of the whole result."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchHitSerializer(many=True)
    facets = serializers.DictField(child=FacetValueSerializer(many=True))
    also_searched = serializers.ListField(child=serializers.CharField(), help_text="同时搜索的词:查询按同义词表扩展的写法")
    suggestions = SuggestionSerializer(many=True, help_text="无结果时建议的筛选或查询")


class ErrorSerializer(serializers.Serializer):
    """A 400: each offending parameter with what was wrong."""

    detail = serializers.CharField(required=False)
