"""Public pages: thin views that read parameters, call the app that owns the logic, and render."""

from __future__ import annotations

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import Count, Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from reforms.ingest.repair import readable_slices
from reforms.models import Department, Indicator, Outcome, Reform, ReformType, Region, Source
from reforms.text import to_simplified
from search.engine import FACETS, search
from search.related import related_reforms

from .conditional import index_token
from .params import FACET_LABELS, link_query, read_ids, read_page, read_params
from .presenters import (
    HEAVY_FIELDS,
    LABEL_FIELDS,
    headline_outcome,
    outcome_badge,
    reforms_in_order,
    result_rows,
)

# What the home page and lists show of a source: never its whole text.
SOURCE_FIELDS = ("pk", "title", "publisher", "published_on", "file_name", "script")


HOME_SECONDS = 300  # the home page's figures are remembered per index version (and at most this long)


def home(request):
    key = f"home:{connection.alias}:{index_token(request)}"
    context = cache.get(key)
    if context is None:
        context = _home_context()
        cache.set(key, context, HOME_SECONDS)
    return render(request, "catalogue/home.html", context)


def _home_context() -> dict:
    """Counts over the whole catalogue: computed once per index version, not per visit."""
    indicators = Indicator.objects.only(*LABEL_FIELDS).annotate(n=Count("reforms", distinct=True)).order_by("position")
    regions = list(Region.objects.only("pk", "slug", "name", "path").annotate(n=Count("reforms", distinct=True)).order_by("path"))
    region_totals = [
        {"region": r, "depth": r.path.count("/") - 2, "n": sum(x.n for x in regions if x.path.startswith(r.path))}
        for r in regions
    ]
    return {
        "counts": {
            "reforms": Reform.objects.count(),
            "regions": Region.objects.count(),
            "sources": Source.objects.count(),
            "outcomes": Outcome.objects.count(),
        },
        "indicators": list(indicators),
        "regions": [r for r in region_totals if r["n"]],
        "sources": list(Source.objects.only(*SOURCE_FIELDS).annotate(n=Count("reforms")).order_by("file_name")),
    }


def _toggle_url(request, name: str, value: str) -> str:
    query = link_query(request.GET)
    values = query.getlist(name)
    query.setlist(name, [v for v in values if v != value] if value in values else [*values, value])
    query.pop("page", None)
    return "?" + query.urlencode()


def search_page(request):
    params, errors = read_params(request.GET)
    result = search(params)
    paginator = Paginator(result, 20)
    page = paginator.get_page(read_page(request.GET))
    rows = result_rows(reforms_in_order(list(page.object_list)), result.parsed.terms)
    facets = [
        {
            "name": name,
            "label": FACET_LABELS[name],
            "values": [{"v": v, "url": _toggle_url(request, name, v.value)} for v in result.facets[name]],
        }
        for name in FACETS
        if result.facets.get(name)
    ]
    chips = [
        {"label": f"{FACET_LABELS[name]}: {next((v.label for v in result.facets.get(name, []) if v.value == str(value)), value)}",
         "url": _toggle_url(request, name, str(value))}
        for name in FACETS
        for value in params.selected(name)
    ]
    base_query = link_query(request.GET)
    base_query.pop("page", None)
    context = {
        "params": params,
        "rows": rows,
        "page": page,
        "total": result.total,
        "facets": facets,
        "chips": chips,
        "errors": errors,
        "sort": result.sort,
        "query_without_page": base_query.urlencode(),
        "export_query": base_query.urlencode(),
        "words": [w for w in params.q.split() if w][:5],
    }
    return render(request, "catalogue/search.html", context, status=200)


def reform_detail(request, pk: int):
    reform = get_object_or_404(
        Reform.objects.select_related("region__parent__parent", "source", "primary_indicator").defer(*HEAVY_FIELDS).prefetch_related(
            Prefetch("lead_departments", queryset=Department.objects.only("pk", "name")),
            Prefetch("partner_departments", queryset=Department.objects.only("pk", "name")),
            Prefetch("indicators", queryset=Indicator.objects.only(*LABEL_FIELDS)),
            Prefetch("reform_types", queryset=ReformType.objects.only(*LABEL_FIELDS)),
            "practices", "outcomes",
        ),
        pk=pk,
    )
    simplified = None
    if reform.source.script == "traditional":
        simplified = {"title": to_simplified(reform.title), "body": to_simplified(reform.body)}
    outcomes = [{"o": o, "badge": outcome_badge(o)} for o in reform.outcomes.all()]
    context = {
        "reform": reform,
        "breadcrumb": reform.region.ancestors(),
        "outcomes": outcomes,
        "simplified": simplified,
        "show_simplified": request.GET.get("script") == "simplified" and simplified is not None,
        "related": related_reforms(reform),
    }
    return render(request, "catalogue/reform.html", context)


def region_detail(request, slug: str):
    region = get_object_or_404(Region, slug=slug)
    reforms = Reform.objects.filter(region__path__startswith=region.path).select_related("region", "source").defer(*HEAVY_FIELDS)
    outcomes = Outcome.objects.filter(reform__region__path__startswith=region.path).select_related("reform")
    return render(request, "catalogue/listing.html", _listing_context(region.name, "地区", reforms, outcomes, f"region={region.slug}"))


def indicator_detail(request, slug: str):
    indicator = get_object_or_404(Indicator, slug=slug)
    reforms = Reform.objects.filter(indicators=indicator).select_related("region", "source").defer(*HEAVY_FIELDS)
    outcomes = Outcome.objects.filter(reform__indicators=indicator).select_related("reform")
    context = _listing_context(indicator.name, f"评价指标 · {indicator.name_en} · B-READY: {indicator.bready_topic}", reforms, outcomes, f"indicator={indicator.slug}")
    return render(request, "catalogue/listing.html", context)


def _listing_context(title, kicker, reforms, outcomes, search_query):
    cuts = [o for o in outcomes.filter(kind="time", change_pct__isnull=False).order_by("change_pct")[:12]]
    chart = [{"label": o.metric or o.reform.title[:12], "pct": -o.change_pct, "width": min(100, max(2, -o.change_pct)), "reform": o.reform} for o in cuts if o.change_pct < 0]
    return {
        "title": title,
        "kicker": kicker,
        "reforms": reforms.order_by("source__file_name", "ordinal"),
        "outcomes": outcomes.order_by("reform__source__file_name", "reform__ordinal", "position")[:200],
        "chart": chart,
        "search_query": search_query,
    }


def source_detail(request, pk: int):
    source = get_object_or_404(Source, pk=pk)
    reforms = list(source.reforms.order_by("span_start").only("pk", "title", "ordinal", "span_start", "span_end", "source_id"))
    bounds = [b for r in reforms for b in (r.span_start, r.span_end)]
    texts = readable_slices(source.raw_text, bounds, source.repair_report.get("runs", []))  # mojibake shown repaired
    pieces = [{"text": texts[0], "reform": None}]
    for k, reform in enumerate(reforms):
        pieces += [{"text": texts[2 * k + 1], "reform": reform}, {"text": texts[2 * k + 2], "reform": None}]
    return render(request, "catalogue/source.html", {"source": source, "pieces": pieces})


MAX_COMPARE = 4


def compare(request):
    """Two to four cases side by side; ids come as ids=12,57 or ids=12&ids=57."""
    ids = read_ids(request.GET.getlist("ids")[:MAX_COMPARE * 5])
    reforms = reforms_in_order(ids[:MAX_COMPARE], detail=True)
    for reform in reforms:
        reform.badge = outcome_badge(headline_outcome(reform))
    context = {"reforms": reforms, "too_many": len(ids) > MAX_COMPARE, "too_few": len(reforms) < 2}
    return render(request, "catalogue/compare.html", context)


def api_docs(request):
    return render(request, "catalogue/api.html")


def healthz(request):
    """200 when the database answers and the search index exists, 503 otherwise; with the newest change
    this process's index has applied and the database's newest change (equal when in step)."""
    from search import changelog, indexing, live

    try:
        database_version = changelog.head()
        index_ready = indexing.is_ready()
        index_version = live.current().head if index_ready else None
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    status = 200 if index_ready else 503
    return JsonResponse({"status": "ok" if index_ready else "degraded", "database": True, "search_index": index_ready,
                         "index_version": index_version, "database_version": database_version}, status=status)
