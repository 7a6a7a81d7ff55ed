"""The JSON API: same parameters and facets as the page, every case traceable, bad input a 400."""

import pytest

from reforms.models import Reform
from search.engine import SearchParams, search

pytestmark = pytest.mark.django_db


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_list_carries_count_pages_results_and_facets(client):
    data = get(client, "/api/reforms/", q="营商环境", page_size=5)
    assert set(data) == {"count", "next", "previous", "results", "facets"}
    assert data["count"] == len(search(SearchParams(q="营商环境")).ids)
    assert len(data["results"]) == 5 and data["next"] and data["previous"] is None


def test_every_case_is_traceable_to_its_source_file_and_number(client):
    for row in get(client, "/api/reforms/", page_size=100)["results"]:
        case = Reform.objects.get(pk=row["id"])
        assert (row["source_file"], row["ordinal"]) == (case.source.file_name, case.ordinal)


@pytest.mark.parametrize(
    "param, value, check",
    [
        ("region", "guangzhou", lambda r: r.region.path.startswith("/guangdong/guangzhou/")),
        ("indicator", "paying-taxes", lambda r: r.indicators.filter(slug="paying-taxes").exists()),
        ("type", "blockchain", lambda r: r.reform_types.filter(slug="blockchain").exists()),
        ("status", "planned", lambda r: r.status == "planned"),
        ("year", "2023", lambda r: r.year == 2023),
    ],
)
def test_each_filter_narrows_to_matching_cases(client, param, value, check):
    data = get(client, "/api/reforms/", **{param: value, "page_size": 100})
    assert data["count"] > 0
    assert all(check(Reform.objects.get(pk=row["id"])) for row in data["results"])


def test_source_filter(client):
    source_id = Reform.objects.filter(source__file_name__startswith="001").first().source_id
    assert get(client, "/api/reforms/", source=source_id)["count"] == 39


def test_facets_equal_the_pages(client):
    api = get(client, "/api/reforms/", q="税", region="guangzhou")["facets"]
    engine = search(SearchParams(q="税", region=["guangzhou"])).facets
    assert {k: [(v["value"], v["count"]) for v in vs] for k, vs in api.items()} == {
        k: [(v.value, v.count) for v in vs] for k, vs in engine.items()
    }


def test_detail_nests_practices_and_outcomes(client):
    case = Reform.objects.get(source__file_name__startswith="000", ordinal=10)
    data = get(client, f"/api/reforms/{case.pk}/")
    assert len(data["practices"]) == 3 and any(o["change_pct"] == -85.0 for o in data["outcomes"])


def test_outcome_filters(client):
    data = get(client, "/api/outcomes/", kind="time", change_pct__lte="-50", page_size=100)
    assert data["count"] > 0
    assert all(o["kind"] == "time" and o["change_pct"] <= -50 for o in data["results"])
    assert all(o["source_file"] and o["ordinal"] for o in data["results"])


def test_vocabulary_endpoints(client):
    assert len(get(client, "/api/indicators/")["results"]) == 18
    assert get(client, "/api/regions/", page_size=100)["count"] >= 25
    assert get(client, "/api/sources/")["count"] == 5
    assert len(get(client, "/api/reform-types/")["results"]) >= 15


@pytest.mark.parametrize("params", [{"region": "999999"}, {"indicator": "nope"}, {"page": "999"}, {"sort": "sideways"}])
def test_malformed_values_get_a_400_with_a_json_error(client, params):
    response = client.get("/api/reforms/", params)
    assert response.status_code == 400 and isinstance(response.json(), dict)


def test_oversized_pages_are_clamped_and_garbage_pages_fall_back(client):
    assert len(get(client, "/api/reforms/", page_size=100000)["results"]) == 100
    assert get(client, "/api/reforms/", page="abc")["previous"] is None


def test_unknown_parameters_are_ignored(client):
    assert get(client, "/api/reforms/", colour="blue")["count"] == 126


def test_openapi_schema_is_served(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert b"/api/reforms/" in response.content


# Exports

def test_csv_export_has_a_bom_one_row_per_case_and_the_same_count_as_the_api(client):
    import csv
    import io

    response = client.get("/api/reforms/", {"format": "csv", "region": "guangzhou", "q": "营商"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    api = get(client, "/api/reforms/", region="guangzhou", q="营商")
    assert len(rows) - 1 == api["count"] > 0
    assert rows[0][:3] == ["id", "source_file", "ordinal"]


def test_xlsx_export_opens_with_openpyxl_and_has_cases_and_outcomes(client):
    import io

    from openpyxl import load_workbook

    from reforms.models import Outcome

    response = client.get("/api/reforms/", {"format": "xlsx", "indicator": "getting-electricity"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cases, outcomes = workbook["cases"], workbook["outcomes"]
    api = get(client, "/api/reforms/", indicator="getting-electricity")
    assert cases.max_row - 1 == api["count"]
    expected = Outcome.objects.filter(reform__indicators__slug="getting-electricity").count()
    assert outcomes.max_row - 1 == expected
    change = [row[12] for row in outcomes.iter_rows(min_row=2, values_only=True) if row[12] is not None]
    assert change and all(isinstance(v, int | float) for v in change)  # numbers stay numbers, never text


def test_exports_neutralise_formula_cells(client):
    import io

    from openpyxl import load_workbook

    case = Reform.objects.get(source__file_name__startswith="004", ordinal=6)
    case.title = "=HYPERLINK(\"http://evil.example\",\"点我\")"
    case.subtitle = "@SUM(1,2)"
    case.save()
    csv_body = b"".join(client.get("/api/reforms/", {"format": "csv", "q": "全岗通"}).streaming_content).decode()
    assert "'=HYPERLINK" in csv_body and "'@SUM" in csv_body
    workbook = load_workbook(io.BytesIO(b"".join(client.get("/api/reforms/", {"format": "xlsx", "q": "全岗通"}).streaming_content)))
    titles = [row[3] for row in workbook["cases"].iter_rows(min_row=2, values_only=True)]
    assert titles == ["'=HYPERLINK(\"http://evil.example\",\"点我\")"]


def test_export_with_a_bad_filter_is_a_400(client):
    assert client.get("/api/reforms/", {"format": "csv", "region": "nowhere"}).status_code == 400
