"""The read-only JSON API. /api/reforms/ runs the same search as the page, facets included."""

from __future__ import annotations

import django_filters
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from reforms.models import Indicator, Outcome, Reform, ReformType, Region, Source
from search.engine import search

from ..exports import csv_response, xlsx_response
from ..params import link_query, read_page, read_page_size, read_params
from ..presenters import reforms_in_order
from . import serializers
from .renderers import CSVRenderer, SafeJSONRenderer, XLSXRenderer

BAD_REQUEST = OpenApiResponse(OpenApiTypes.OBJECT, description="a parameter named nothing or was malformed")

SEARCH_PARAMETERS = [
    OpenApiParameter(name, int if name in ("source", "year") else str, description=text, many=name not in ("q", "sort"))
    for name, text in [
        ("q", "全文检索(空格=与,\"短语\",-排除)"), ("region", "地区标识,含下级"), ("indicator", "指标标识"),
        ("type", "改革类型标识"), ("source", "来源 id"), ("status", "implemented / planned"), ("year", "年份"),
        ("sort", "relevance / newest / reduction"),
    ]
] + [
    OpenApiParameter("page", int),
    OpenApiParameter("page_size", int, description="≤ 100 (larger values are clamped)"),
    OpenApiParameter("format", str, enum=["json", "csv", "xlsx"], description="csv / xlsx: the whole result as a file"),
]


class UnknownFormatIsBadRequest:
    """`?format=AAA` is a malformed parameter (400 with a JSON error), not a missing resource (DRF's 404)."""

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except (NotFound, Http404):
            raise ValidationError({"format": [f"unknown format: {request.query_params.get('format', '')[:20]}"]})


def _facets_json(facets) -> dict:
    return {name: [{"value": v.value, "label": v.label, "count": v.count, "selected": v.selected} for v in values]
            for name, values in facets.items()}


class ReformSearchView(UnknownFormatIsBadRequest, APIView):
    renderer_classes = [SafeJSONRenderer, CSVRenderer, XLSXRenderer]

    @extend_schema(
        operation_id="reforms_search",
        parameters=SEARCH_PARAMETERS,
        responses={
            (200, "application/json"): serializers.ReformSearchResponseSerializer,
            (200, "text/csv"): OpenApiTypes.STR,
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
            400: BAD_REQUEST,
        },
    )
    def get(self, request):
        params, errors = read_params(request.query_params)
        if errors:
            raise ValidationError({name: [f"unknown value: {v}" for v in values] for name, values in errors.items()})
        export = request.accepted_renderer.format
        if export in ("csv", "xlsx"):
            ids = search(params, with_facets=False).ids
            base_url = request.build_absolute_uri("/").rstrip("/")
            return csv_response(ids, base_url) if export == "csv" else xlsx_response(ids, base_url)
        page, size = read_page(request.query_params), read_page_size(request.query_params)
        result = search(params)
        pages = max(1, -(-result.total // size))
        if page > pages and result.total:
            raise ValidationError({"page": [f"page {page} is past the last page ({pages})"]})
        ids = result.page_ids((page - 1) * size, size)
        query = link_query(request.query_params)

        def link(n):
            query["page"] = n
            return request.build_absolute_uri(reverse("api:reform-list") + "?" + query.urlencode())

        data = serializers.ReformListSerializer(reforms_in_order(ids), many=True).data
        return Response({
            "count": result.total,
            "next": link(page + 1) if page < pages else None,
            "previous": link(page - 1) if page > 1 else None,
            "results": data,
            "facets": _facets_json(result.facets),
        })


def documented(view_class):
    """List endpoints: the serializer's page on 200, a JSON error on 400 (bad filter or page)."""
    serializer = view_class.serializer_class
    return extend_schema_view(get=extend_schema(responses={200: serializer(many=True), 400: BAD_REQUEST}))(view_class)


@extend_schema_view(
    get=extend_schema(responses={200: serializers.ReformDetailSerializer, 400: BAD_REQUEST, 404: OpenApiResponse(description="no such case")})
)
class ReformDetailView(UnknownFormatIsBadRequest, generics.RetrieveAPIView):
    serializer_class = serializers.ReformDetailSerializer
    queryset = Reform.objects.select_related("region", "source", "primary_indicator").prefetch_related(
        "indicators", "reform_types", "lead_departments", "partner_departments", "practices", "outcomes"
    )


@documented
class RegionList(UnknownFormatIsBadRequest, generics.ListAPIView):
    serializer_class = serializers.RegionSerializer
    queryset = Region.objects.select_related("parent").order_by("path")


@documented
class IndicatorList(UnknownFormatIsBadRequest, generics.ListAPIView):
    serializer_class = serializers.IndicatorSerializer
    queryset = Indicator.objects.order_by("position")


@documented
class ReformTypeList(UnknownFormatIsBadRequest, generics.ListAPIView):
    serializer_class = serializers.ReformTypeSerializer
    queryset = ReformType.objects.order_by("position")


@documented
class SourceList(UnknownFormatIsBadRequest, generics.ListAPIView):
    serializer_class = serializers.SourceSerializer
    queryset = Source.objects.order_by("file_name")


class OutcomeFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(field_name="reform__indicators__slug")
    region = django_filters.CharFilter(method="filter_region")

    class Meta:
        model = Outcome
        fields = {"kind": ["exact"], "change_pct": ["lte", "gte"], "is_target": ["exact"], "value_base": ["lte", "gte"]}

    def filter_region(self, queryset, name, value):
        region = Region.objects.filter(slug=value).first()
        if region is None:
            raise ValidationError({"region": [f"unknown value: {value}"]})
        return queryset.filter(reform__region__path__startswith=region.path)


@documented
class OutcomeList(UnknownFormatIsBadRequest, generics.ListAPIView):
    serializer_class = serializers.OutcomeSerializer
    queryset = Outcome.objects.select_related("reform__source").order_by("reform_id", "position").distinct()
    filterset_class = OutcomeFilter
