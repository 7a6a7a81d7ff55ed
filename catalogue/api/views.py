"""The read-only JSON API. /api/reforms/ runs the same search as the page, facets included."""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse as url_reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from reforms.models import Department, Indicator, Outcome, Reform, ReformType, Region, Source
from search.engine import search

from .. import reading
from ..conditional import index_token
from ..export_files import FORMATS, BuildFailed, catalogue_file
from ..exports import XLSX_TYPE, ExportOptions, about_rows, csv_response, xlsx_response
from ..params import describe, link_query, read_page, read_page_size, read_params
from ..presenters import HEAVY_FIELDS, LABEL_FIELDS, list_rows
from . import serializers
from .renderers import CSVRenderer, SafeJSONRenderer, XLSXRenderer

BAD_REQUEST = OpenApiResponse(OpenApiTypes.OBJECT, description="a parameter named nothing or was malformed")
# Answered by gunicorn before the app: a request line over its limit (limit_request_line, 4 094 bytes).
URI_TOO_LONG = OpenApiResponse(description="the URL is longer than the server accepts")

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
    OpenApiParameter("header", str, enum=["label", "key"], description="exports: 中文表头和取值 (default) or keys and codes"),
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
            414: URI_TOO_LONG,
        },
    )
    def get(self, request):
        params, errors = read_params(request.query_params)
        if errors:
            raise ValidationError({name: [f"unknown value: {v}" for v in values] for name, values in errors.items()})
        export = request.accepted_renderer.format
        if export in FORMATS:
            return export_result(request, params, export)
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

        data = list_rows(ids)
        for row in data:
            row["match"] = result.tier(row["id"])
        return Response({
            "count": result.total,
            "next": link(page + 1) if page < pages else None,
            "previous": link(page - 1) if page > 1 else None,
            "results": data,
            "facets": _facets_json(result.facets),
            "also_searched": result.also_searched,
            "suggestions": result.suggestions,
        })


def _full_catalogue_url(request, fmt: str, readable: bool) -> str:
    return request.build_absolute_uri(url_reverse("api:export-catalogue", args=[fmt])) + ("" if readable else "?header=key")


def export_result(request, params, fmt: str):
    """The whole result as a file; above what a request streams in ~10 s, the full-catalogue file instead
    (the unfiltered catalogue: a redirect; a filtered result: a 400 that says so and links to it)."""
    readable = request.query_params.get("header") != "key"
    ids = search(params, with_facets=False).ids
    limit = settings.EXPORT_MAX_ROWS[fmt]
    if len(ids) > limit:
        full = _full_catalogue_url(request, fmt, readable)
        if not params.q and not params.has_filters():
            return HttpResponseRedirect(full)
        text = (f"本次结果共 {len(ids)} 个案例,超过单次导出上限 {limit} 个。请缩小检索或筛选范围,"
                f"或下载完整目录文件:{full}\n"
                f"This result has {len(ids)} cases, above the export limit of {limit}; the full catalogue: {full}\n")
        response = HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
        response["Link"] = f'<{full}>; rel="alternate"'
        return response
    base_url = request.build_absolute_uri("/").rstrip("/")
    query = request.query_params.copy()
    for name in ("format", "header", "page", "page_size"):
        query.pop(name, None)
    search_url = f"{base_url}{url_reverse('catalogue:search')}?{query.urlencode()}"
    options = ExportOptions(base_url, readable, about_rows(describe(params), search_url, index_token(request), "检索结果"),
                            simplified=reading.preference_of(request) != reading.ORIGINAL)
    return csv_response(ids, options) if fmt == "csv" else xlsx_response(ids, options)


def catalogue_export(request, fmt: str):
    """/api/export/catalogue.csv|xlsx: every case, from the file built for the current index version."""
    if fmt not in FORMATS:
        raise Http404("csv or xlsx")
    readable = request.GET.get("header") != "key"
    base_url = request.build_absolute_uri("/").rstrip("/")
    token = index_token(request)
    about = about_rows([("检索词", "(全部案例)"), ("筛选", "(无)")], f"{base_url}{url_reverse('catalogue:search')}", token, "全部案例")
    simplified = reading.preference_of(request) != reading.ORIGINAL
    try:
        path = catalogue_file(fmt, ExportOptions(base_url, readable, about, simplified=simplified), token)
    except BuildFailed as failed:
        retry_in = max(1, round(failed.retry_in))
        return JsonResponse({"detail": f"完整目录文件生成失败,错误已记录;约 {retry_in} 秒后会重新生成。"
                                       f"The full-catalogue file could not be built; the error is logged and the "
                                       f"build is tried again in about {retry_in} s.", "retry_after": retry_in},
                            status=500, headers={"Retry-After": str(retry_in)})
    if path is None:
        text = ("完整目录文件正在为当前版本生成,请稍候片刻再下载(本页会自动重试)。\n"
                "The full-catalogue file is being built for the current version; try again in a few seconds.\n")
        return HttpResponse(text, status=503, content_type="text/plain; charset=utf-8",
                            headers={"Retry-After": "10", "Refresh": "10"})
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else XLSX_TYPE
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"catalogue.{fmt}", content_type=content_type)


def documented(view_class):
    """List endpoints: the serializer's page on 200, a JSON error on 400 (bad filter or page)."""
    serializer = view_class.serializer_class
    return extend_schema_view(get=extend_schema(responses={200: serializer(many=True), 400: BAD_REQUEST, 414: URI_TOO_LONG}))(view_class)


@extend_schema_view(
    get=extend_schema(responses={200: serializers.ReformDetailSerializer, 400: BAD_REQUEST, 404: OpenApiResponse(description="no such case"),
                         414: URI_TOO_LONG})
)
class ReformDetailView(UnknownFormatIsBadRequest, generics.RetrieveAPIView):
    serializer_class = serializers.ReformDetailSerializer
    queryset = Reform.objects.select_related("region", "source", "primary_indicator").defer(*HEAVY_FIELDS).prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.only(*LABEL_FIELDS)),
        Prefetch("reform_types", queryset=ReformType.objects.only(*LABEL_FIELDS)),
        Prefetch("lead_departments", queryset=Department.objects.only("pk", "name")),
        Prefetch("partner_departments", queryset=Department.objects.only("pk", "name")),
        "practices", "outcomes",
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
    queryset = Source.objects.defer("raw_text", "repair_report").order_by("file_name")


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
    # Each outcome with its case's number and source file, nothing more of either (no bodies, no raw texts).
    queryset = (
        Outcome.objects.select_related("reform__source")
        .only(*(f.name for f in Outcome._meta.concrete_fields), "reform__ordinal", "reform__source__file_name")
        .order_by("reform_id", "position")
        .distinct()
    )
    filterset_class = OutcomeFilter
