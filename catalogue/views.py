"""Public pages: thin views that read parameters, call the app that owns the logic, and render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from rest_framework.exceptions import APIException, NotFound

from reforms.ingest.repair import readable_slices
from reforms.models import Indicator, Outcome, Reform, Region, Source
from search.engine import FACETS, search
from search.related import related_reforms

from . import comparison, landing, reading
from .charts import Bar, bar_chart, short_label
from .citation import catalogue_citation, citation
from .comparison import figure_text
from .comparison_export import comparison_export
from .conditional import index_token
from .links import SearchLinks
from .params import FACET_LABELS, link_query, read_page, read_params
from .presenters import (
    HEAVY_FIELDS,
    LABEL_FIELDS,
    case_lists,
    case_url_maker,
    headline_outcome,
    outcome_badge,
    path_maker,
    reforms_in_order,
    result_rows,
)
from .reading import for_reading

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


RESULTS_PER_PAGE = 20


def _search_context(request, query, base: str = "") -> dict:
    """Everything a page of search results shows — results, facets, chips, pager, selection for the
    comparison — for the search page and for the landing pages, which list through the same search
    (their links lead on to /search/ with their filter)."""
    params, errors = read_params(query)
    return results_context(request, query, params, errors, search(params), base)


def results_context(request, query, params, errors, result, base: str = "") -> dict:
    """The page's view of a SearchResult (separate from running the search so any result can be shown)."""
    query = link_query(query)  # links repeat only the parameters the catalogue reads
    links = SearchLinks(query, base)
    paginator = Paginator(result, RESULTS_PER_PAGE)
    page = paginator.get_page(read_page(query))
    picked = comparison.read_ids(query.getlist(comparison.PARAM))
    rows = result_rows(list(page.object_list), result.parsed.terms)
    on_page = SearchLinks(query, base, keep_page=True)  # adding a case to the comparison keeps the page
    for row in rows:
        pk = row["reform"].pk
        row["tier"] = result.tier(pk)
        row["picked"] = pk in picked
        row["pick_url"] = f"{base}?{on_page.with_selection(comparison.toggled(picked, pk))}"
        row["tag_urls"] = [(name, links.added("indicator", slug)) for slug, name in row["indicators"]]
    facets = [
        {
            "name": name,
            "label": FACET_LABELS[name],
            "values": [{"v": v, "url": links.toggled(name, v.value)} for v in result.facets[name]],
        }
        for name in FACETS
        if result.facets.get(name)
    ]
    chips = [
        {"label": f"{FACET_LABELS[name]}: {next((v.label for v in result.facets.get(name, []) if v.value == str(value)), value)}",
         "url": links.toggled(name, str(value))}
        for name in FACETS
        for value in params.selected(name)
    ]
    suggestions = [
        {"label": s["label"], "url": links.added(s["facet"], str(s["value"])) if "facet" in s
         else f"{base}?{urlencode({'q': s['q']})}"}
        for s in result.suggestions
        if "facet" in s or "q" in s
    ]
    base_query = query.copy()
    base_query.pop("page", None)
    exact = [r for r in rows if r["tier"] != "partial"]
    return {
        "params": params,
        "rows": rows,
        "exact_rows": exact,
        "partial_rows": [r for r in rows if r["tier"] == "partial"],
        "page": page,
        "page_numbers": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "first_number": page.start_index(),
        "partial_first_number": page.start_index() + len(exact),
        "total": result.total,
        "counts": result.counts,
        "facets": facets,
        "filters_on": len(chips),
        "chips": chips,
        "errors": errors,
        "sort": result.sort,
        "also_searched": result.also_searched,
        "suggestions": suggestions,
        "base": base,
        "query_without_page": base_query.urlencode(),
        "hidden_fields": [(name, v) for name, values in base_query.lists() if name not in ("q", "sort") for v in values],
        "export_query": comparison.query_with(base_query, []),
        "words": [w for w in params.q.split() if w][:5],
        **_selection_context(query, picked),
    }


def _selection_context(query, picked: list[int]) -> dict:
    """The comparison tray: the picked cases, a link to remove each, and the link to compare them."""
    reforms = {r.pk: r for r in Reform.objects.filter(pk__in=picked).only("pk", "title")} if picked else {}
    ids = [pk for pk in picked if pk in reforms]
    return {
        "picked": [
            {"reform": reforms[pk], "remove_url": "?" + comparison.query_with(query, comparison.toggled(ids, pk))} for pk in ids
        ],
        "picked_ids": ",".join(map(str, ids)),
        "compare_ready": comparison.MIN_CASES <= len(ids) <= comparison.MAX_CASES,
        "compare_limit": comparison.MAX_CASES,
    }


def search_page(request):
    return render(request, "catalogue/search.html", _search_context(request, request.GET))


def reform_detail(request, pk: int):
    reform = get_object_or_404(
        Reform.objects.select_related("region__parent__parent", "source", "primary_indicator").defer(*HEAVY_FIELDS), pk=pk
    )
    context = {**case_lists(reform.pk), "reform": reform}
    outcomes = [{"o": o, "badge": outcome_badge(o)} for o in context["outcome_rows"]]
    query = link_query(request.GET)
    picked = comparison.read_ids(query.getlist(comparison.PARAM))
    context = {
        **context,
        "breadcrumb": reform.region.ancestors(),
        "outcomes": outcomes,
        "is_traditional": reform.source.script == "traditional",
        "related": related_reforms(reform),
        "citation": citation(reform, request.build_absolute_uri(reform.get_absolute_url())),
        "pick_url": "?" + comparison.query_with(query, comparison.toggled(picked, reform.pk)),
        "is_picked": reform.pk in picked,
        "cmp_query": comparison.query_with(QueryDict(), picked),
        **_selection_context(query, picked),
    }
    return render(request, "catalogue/reform.html", context)


def _landing(request, template: str, fixed: dict, header) -> object:
    """A landing page over the paged search: the first page of /search/?<fixed filter> with facets and
    sorting (whose links continue on the search page), under the page's own header, which
    `header(results)` makes from the search's context (its total and facet counts)."""
    query = request.GET.copy()
    for name, value in fixed.items():
        query.setlist(name, [value])
    results = _search_context(request, query, base=reverse("catalogue:search"))
    context = {**header(results), **results, "landing": True, "search_query": urlencode(fixed)}
    return render(request, template, context)


def region_detail(request, slug: str):
    region = get_object_or_404(Region.objects.select_related("parent__parent"), slug=slug)
    figures = landing.scope_figures(index_token(request), f"region:{region.slug}", landing.region_outcomes(region), 3)

    def header(results):
        counts = results["counts"]
        in_region = counts.get("region", {})
        region_url = path_maker("catalogue:region", "-")
        children = [{"name": name, "url": region_url(slug), "n": in_region.get(slug, 0)}
                    for slug, name in region.children.order_by("path").values_list("slug", "name")]
        per_indicator = counts.get("indicator", {})
        indicators = sorted(((slug, name, position) for slug, name, position in Indicator.objects.values_list("slug", "name", "position")
                             if per_indicator.get(slug)), key=lambda i: (-per_indicator[i[0]], i[2]))
        search_url = reverse("catalogue:search")
        return {
            "kind": "region",
            "title": region.name,
            "kicker": "地区 · " + region.get_level_display(),
            "region": region,
            "breadcrumb": region.ancestors()[:-1],
            "children": [c for c in children if c["n"]],
            "summary": landing.summary(results["total"], counts, figures),
            "chart": bar_chart(
                f"{region.name}的案例按评价指标", "每个指标下的案例数(一个案例可属于多个指标)",
                [Bar(name, per_indicator[slug], f"{per_indicator[slug]} 个案例",
                     f"{search_url}?{urlencode({'region': region.slug, 'indicator': slug})}") for slug, name, _ in indicators],
            ),
        }

    return _landing(request, "catalogue/landing.html", {"region": region.slug}, header)


def indicator_detail(request, slug: str):
    indicator = get_object_or_404(Indicator, slug=slug)
    figures = landing.scope_figures(index_token(request), f"indicator:{indicator.slug}",
                                    Outcome.objects.filter(reform__indicators=indicator), 12)
    chart = bar_chart(
        f"{indicator.name}:各地报告的时间压缩", "改革前 → 改革后,按压缩幅度从大到小",
        [Bar(short_label(for_reading(c["title"]), c["region"]), -c["change_pct"], c["text"],
             reverse("catalogue:reform", args=[c["reform_id"]])) for c in figures["cuts"]],
    )

    def header(results):
        return {
            "kind": "indicator",
            "title": indicator.name,
            "kicker": f"评价指标 · {indicator.name_en} · B-READY: {indicator.bready_topic}",
            "summary": landing.summary(results["total"], results["counts"], figures),
            "chart": chart,
        }

    return _landing(request, "catalogue/landing.html", {"indicator": indicator.slug}, header)


def source_detail(request, pk: int):
    source = get_object_or_404(Source, pk=pk)
    reforms = list(source.reforms.order_by("span_start").values_list("pk", "ordinal", "title", "span_start", "span_end"))
    bounds = [b for *_, start, end in reforms for b in (start, end)]
    texts = readable_slices(source.raw_text, bounds, source.repair_report.get("runs", []))  # mojibake shown repaired
    url_of = case_url_maker()
    pieces = [{"text": texts[0], "reform": None}]
    for k, (pk, ordinal, title, _, _) in enumerate(reforms):
        case = {"pk": pk, "ordinal": ordinal, "title": title, "url": url_of(pk)}
        pieces += [{"text": texts[2 * k + 1], "reform": case}, {"text": texts[2 * k + 2], "reform": None}]
    context = {"source": source, "pieces": pieces, "case_count": len(reforms)}
    return _landing(request, "catalogue/source.html", {"source": str(source.pk)}, lambda results: context)


def compare(request):
    """2–6 cases side by side, chosen from anywhere; `ids=12,57` (or repeated `ids`), and `cmp` the same.
    `?format=csv|xlsx` exports the table as shown."""
    ids = comparison.read_ids(request.GET.getlist("ids") + request.GET.getlist(comparison.PARAM))
    reforms = reforms_in_order(ids[: comparison.MAX_CASES], detail=True)
    table = {
        "facts": comparison.fact_rows(reforms),
        "outcomes": comparison.outcome_rows(reforms),
        "practices": comparison.practice_rows(reforms),
    }
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx") and len(reforms) >= comparison.MIN_CASES:
        return comparison_export(fmt, reforms, table, request.build_absolute_uri())
    cuts = [(r, headline_outcome(r)) for r in reforms]
    chart = bar_chart(
        "所选案例的主要时间压缩", "每个案例压缩幅度最大的一项",
        [Bar(short_label(for_reading(r.title), r.region.name), -o.change_pct, figure_text(o), reverse("catalogue:reform", args=[r.pk]))
         for r, o in cuts if o is not None and o.kind == "time" and o.change_pct is not None and o.change_pct < 0],
    )
    kept = ",".join(str(r.pk) for r in reforms)
    for reform in reforms:
        reform.remove_url = "?" + urlencode({"ids": ",".join(str(x.pk) for x in reforms if x.pk != reform.pk)}, safe=",")
    context = {
        "reforms": reforms,
        "table": table,
        "chart": chart,
        "too_many": len(ids) > comparison.MAX_CASES,
        "too_few": len(reforms) < comparison.MIN_CASES,
        "max_cases": comparison.MAX_CASES,
        "ids": kept,
        "add_url": reverse("catalogue:search") + "?" + urlencode({comparison.PARAM: kept}),
    }
    return render(request, "catalogue/compare.html", context)


def about(request):
    """数据说明: where the cases come from, how they are read, their limits, licence and how to cite."""
    sources = Source.objects.annotate(n=Count("reforms")).order_by("file_name").only(
        "pk", "title", "publisher", "published_on", "original_url", "file_name", "script", "sha256"
    )
    counts = {"reforms": Reform.objects.count(), "outcomes": Outcome.objects.count(), "sources": len(sources)}
    context = {"sources": sources, "counts": counts, "site_citation": catalogue_citation(request.build_absolute_uri("/"))}
    return render(request, "catalogue/about.html", context)


def reading_switch(request):
    """Set the 简/繁 reading preference (a cookie for a year) and go back to the page it was chosen on."""
    choice = request.GET.get("script", "")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if choice in reading.CHOICES:
        response.set_cookie(reading.COOKIE, choice, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure())
    return response


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


def not_found(request, exception=None):
    """404: JSON under /api/ (clients of the API parse every answer), the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500: JSON under /api/, the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(APIException.default_detail)}, status=500)
    return defaults.server_error(request)
