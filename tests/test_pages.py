"""What pages cost: queries pinned per page (the NetBox way), a CPU baseline per page counted in function
calls (deterministic, unlike a timer on a shared machine; bench/pages.py measures the milliseconds),
no page but the source page reading a source's whole text, related cases chosen by id and bounded, and
conditional GET from the index token."""

import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reforms.models import Reform, Source

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _render_every_time(settings):
    """These pins measure what rendering a page costs: no answer is served from the response cache."""
    settings.RESPONSE_CACHE_MB = 0


def _case(key: str) -> Reform:
    source, ordinal = key.split("-")
    return Reform.objects.get(source__file_name__startswith=source, ordinal=int(ordinal))


def _pages() -> dict[str, str]:
    case = _case("001-39")
    return {
        "home": "/",
        "search": "/search/?q=营商环境",
        "search, filtered": "/search/?q=营商&region=guangzhou&indicator=government-services",
        "case": f"/reforms/{case.pk}/",
        "compare": f"/compare/?ids={case.pk},{_case('003-15').pk}",
        "api search": "/api/reforms/?q=营商环境",
        "api case": f"/api/reforms/{case.pk}/",
        "api outcomes": "/api/outcomes/?kind=time",
        "api sources": "/api/sources/",
        "region": "/regions/guangdong/",
        "indicator": "/indicators/construction-permits/",
        "source": f"/sources/{case.source_id}/",
        "no results": "/search/?q=区块链跨境医疗",  # the suggestions: the thesaurus is not rebuilt for them
    }


# Queries per page, after the process has loaded what it keeps per index version (the home page's figures
# and a case's related cases are among them). The ETag layer reads the index token first (1 query on
# every page).
QUERIES = {
    "home": 1, "search": 7, "search, filtered": 9, "case": 10, "compare": 8,
    "api search": 6, "api case": 8, "api outcomes": 3, "api sources": 3, "region": 10, "indicator": 8, "source": 9, "no results": 2,
}

# Function calls per request (a CPU baseline: about 0.1–0.2 µs each), measured on the real catalogue and
# given 25 % headroom; a page that starts doing per-result work it should not (model instances of every
# candidate, OpenCC per snippet) goes past it: the case page with the previous related_reforms makes 47 700, the home page computing its
# figures on every visit 23 500.
CALLS = {
    "home": 20_500, "search": 57_000, "search, filtered": 28_500, "case": 29_000, "compare": 28_000,
    "api search": 12_500, "api case": 25_500, "api outcomes": 25_500, "api sources": 6_800, "region": 66_500, "indicator": 48_500, "source": 51_500, "no results": 11_000,
}


def _warm(client, url):
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)


def _queries(client, url) -> list[str]:
    _warm(client, url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return [q["sql"] for q in ctx.captured_queries]


def _calls(client, url) -> int:
    _warm(client, url)
    count = 0

    def profiler(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profiler)
    try:
        client.get(url)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("page", list(QUERIES))
def test_each_page_runs_its_pinned_number_of_queries(client, page):
    url = _pages()[page]
    assert len(_queries(client, url)) == QUERIES[page], url


@pytest.mark.parametrize("page", list(CALLS))
def test_each_page_stays_within_its_cpu_baseline(client, page):
    url = _pages()[page]
    calls = _calls(client, url)
    assert calls <= CALLS[page], f"{url}: {calls} calls"


def test_no_page_but_the_source_page_reads_a_sources_whole_text(client):
    column = '"raw_text"'
    for page, url in _pages().items():
        if page != "source":
            assert not [sql for sql in _queries(client, url) if column in sql], page
    source = Source.objects.get(file_name__startswith="001")
    assert any(column in sql for sql in _queries(client, f"/sources/{source.pk}/"))


def test_case_page_queries_do_not_grow_with_the_case(client):
    small = Reform.objects.filter(practices__isnull=True).first()
    large = _case("001-39")
    assert len(_queries(client, f"/reforms/{small.pk}/")) == len(_queries(client, f"/reforms/{large.pk}/")) == QUERIES["case"]


def test_a_case_page_first_seen_chooses_its_related_cases_within_a_fixed_number_of_queries(client):
    from django.core.cache import cache

    cache.clear()
    url = f"/reforms/{_case('002-21').pk}/"
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    # the page's own queries, then two bounded candidate searches, the candidates' labels and titles
    assert QUERIES["case"] < len(ctx.captured_queries) <= QUERIES["case"] + 10


def test_home_figures_are_remembered_per_index_version(client):
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert "126 个案例" in client.get("/").content.decode()
    assert len(ctx.captured_queries) > QUERIES["home"]
    source = Source.objects.get(file_name__startswith="001")
    source.title = "改名后的来源"
    source.save()  # a new index version
    assert "改名后的来源" in client.get("/").content.decode()


# Related cases

def test_related_cases_load_only_the_winners_and_only_what_they_show():
    from django.core.cache import cache

    from search.related import related_reforms

    cache.clear()
    case = Reform.objects.select_related("region", "source").get(pk=_case("001-39").pk)
    with CaptureQueriesContext(connection) as ctx:
        related = related_reforms(case, limit=3)  # the case has three neighbours sharing its labels or title word
    assert len(related) == 3 and case.pk not in [r.pk for r in related]
    instance_queries = [q["sql"] for q in ctx.captured_queries if '"reforms_reform"."subtitle"' in q["sql"]]
    assert len(instance_queries) == 1  # one query loads the winners, and no other query builds cases
    assert all({"body", "summary", "classification_evidence"} <= r.get_deferred_fields() for r in related)
    assert not [q for q in ctx.captured_queries if '"body"' in q["sql"] or "raw_text" in q["sql"]]


def test_related_candidates_are_bounded_whatever_the_catalogue_size(monkeypatch):
    from django.core.cache import cache

    from search import related as module

    cache.clear()
    case = Reform.objects.select_related("region", "source").get(pk=_case("001-39").pk)
    seen = []
    original = module._candidate_ids
    monkeypatch.setattr(module, "_candidate_ids", lambda reform: seen.append(original(reform)) or seen[-1])
    monkeypatch.setattr(module, "POOL", 5)
    monkeypatch.setattr(module, "TITLE_POOL", 3)
    module.related_reforms(case)
    assert 0 < len(seen[0]) <= 5 + 3


def test_related_cases_rank_the_same_reform_in_another_source_first():
    from search.related import related_reforms

    case = Reform.objects.select_related("region", "source").get(pk=_case("001-39").pk)
    assert related_reforms(case)[0].pk == _case("003-15").pk


def test_related_cases_are_chosen_again_after_a_change():
    from search.related import related_reforms

    case = Reform.objects.select_related("region", "source").get(pk=_case("001-39").pk)
    before = [r.pk for r in related_reforms(case)]
    other = Reform.objects.exclude(source=case.source).exclude(pk__in=before).first()
    other.title = case.title  # the same reform, now reported by another source too
    other.save()  # a new index version: the remembered choice no longer applies
    assert related_reforms(case)[0].pk == other.pk


# Conditional GET

def test_pages_and_api_answers_carry_an_etag_and_a_match_is_a_304_without_running_the_view(client):
    for url in _pages().values():
        first = client.get(url)
        etag = first["ETag"]
        assert etag.startswith('"') and first["Cache-Control"] == "no-cache" and "Cookie" in first["Vary"]
        with CaptureQueriesContext(connection) as ctx:
            again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again["ETag"] == etag and again.content == b""
        assert len(ctx.captured_queries) == 1 and "search_index" in ctx.captured_queries[0]["sql"]  # the index version only


def test_etag_changes_with_the_catalogue_the_query_and_the_cookies(client):
    case = _case("004-6")
    url = f"/reforms/{case.pk}/"
    etag = client.get(url)["ETag"]
    assert client.get(url, {"script": "simplified"})["ETag"] != etag
    client.cookies["reading"] = "traditional"
    assert client.get(url)["ETag"] != etag
    del client.cookies["reading"]
    assert client.get(url)["ETag"] == etag
    case.title = "改过的标题"
    case.save()  # the index token changes in the same transaction
    fresh = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and fresh["ETag"] != etag and "改过的标题" in fresh.content.decode()


def test_an_answer_made_for_one_host_is_neither_kept_for_nor_validated_against_another(client, settings):
    """Absolute links (API paging, citations) name the host a request came to; any port passes ALLOWED_HOSTS."""
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    url = "/api/reforms/?page_size=1"
    other = client.get(url, HTTP_HOST="localhost:6666")
    assert other.json()["next"].startswith("http://localhost:6666/api/reforms/")
    ours = client.get(url)
    assert ours.json()["next"].startswith("http://testserver/api/reforms/")
    assert ours["ETag"] != other["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=other["ETag"]).status_code == 200


def test_if_none_match_star_is_a_304_only_for_what_exists(client):
    case = _case("004-6")
    found = client.get(f"/reforms/{case.pk}/", HTTP_IF_NONE_MATCH="*")
    assert found.status_code == 304 and found["ETag"] == client.get(f"/reforms/{case.pk}/")["ETag"]
    for url in ("/reforms/999999/", "/api/reforms/999999/", "/no-such-page/", "/api/reforms/?region=nowhere"):
        assert client.get(url, HTTP_IF_NONE_MATCH="*").status_code in (400, 404), url


def test_errors_admin_and_health_carry_no_etag(client):
    assert not client.get("/reforms/999999/").has_header("ETag")
    assert not client.get("/healthz").has_header("ETag")
    assert not client.get("/admin/login/").has_header("ETag")
    assert not client.get("/api/reforms/", {"region": "nowhere"}).has_header("ETag")
