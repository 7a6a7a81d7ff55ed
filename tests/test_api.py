"""The JSON API: same parameters and facets as the page, every case traceable, bad input a 400."""

import json

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
    assert set(data) == {"count", "next", "previous", "results", "facets", "also_searched", "suggestions"}
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

def _csv(client, **params):
    import csv
    import io

    response = client.get("/api/reforms/", {"format": "csv", **params})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def _xlsx(client, **params):
    import io

    from openpyxl import load_workbook

    response = client.get("/api/reforms/", {"format": "xlsx", **params})
    assert response.status_code == 200, response.content[:300]
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_csv_export_has_a_bom_one_row_per_case_and_the_same_count_as_the_api(client):
    rows = _csv(client, region="guangzhou", q="营商")
    api = get(client, "/api/reforms/", region="guangzhou", q="营商")
    assert len(rows) - 1 == api["count"] > 0
    assert [int(r[0]) for r in rows[1:]] == [r["id"] for r in get(client, "/api/reforms/", region="guangzhou", q="营商", page_size=100)["results"]]


def test_csv_export_is_for_people_by_default_and_for_machines_with_header_key(client):
    from reforms.models import Reform

    people, machines = _csv(client, q="全岗通"), _csv(client, q="全岗通", header="key")
    assert people[0][:4] == ["编号", "标题", "副标题", "地区"] and "来源" in people[0] and "发布者" in people[0] and "主要做法" in people[0]
    assert machines[0][:4] == ["id", "title", "subtitle", "region"] and "source_publisher" in machines[0]
    case = Reform.objects.select_related("source").get(pk=int(people[1][0]))
    row, keyed = dict(zip(people[0], people[1], strict=True)), dict(zip(machines[0], machines[1], strict=True))
    assert row["状态"] == case.get_status_display() and keyed["status"] == case.status
    assert row["来源"] == case.source.title and row["发布者"] == case.source.publisher
    practices = list(case.practices.order_by("position"))
    assert practices and all(p.text in row["主要做法"] for p in practices)


def test_xlsx_export_opens_with_openpyxl_and_has_cases_outcomes_and_a_note(client):
    from reforms.models import Outcome

    workbook = _xlsx(client, indicator="getting-electricity")
    assert workbook.sheetnames == ["案例", "成效", "说明"]
    cases, outcomes = workbook["案例"], workbook["成效"]
    api = get(client, "/api/reforms/", indicator="getting-electricity")
    assert cases.max_row - 1 == api["count"]
    expected = Outcome.objects.filter(reform__indicators__slug="getting-electricity").count()
    assert outcomes.max_row - 1 == expected
    header = [c.value for c in outcomes[1]]
    change = [row[header.index("变化(%)")] for row in outcomes.iter_rows(min_row=2, values_only=True)]
    assert any(v is not None for v in change) and all(isinstance(v, int | float) for v in change if v is not None)
    assert {row[header.index("目标值")] for row in outcomes.iter_rows(min_row=2, values_only=True)} <= {"是", "否"}


def test_xlsx_export_is_laid_out_for_reading(client):
    workbook = _xlsx(client, q="秒批", region="guangzhou")
    cases = workbook["案例"]
    header = [c.value for c in cases[1]]
    assert cases.freeze_panes == "A2"
    assert cases.auto_filter.ref == f"A1:{cases.cell(1, len(header)).column_letter}{cases.max_row}"
    assert cases.column_dimensions["B"].width > 30 and cases.column_dimensions["A"].width < 10  # title wide, id narrow
    assert cases.cell(1, 1).font.b
    outcomes = workbook["成效"]
    change_column = [c.value for c in outcomes[1]].index("变化(%)") + 1
    changes = [c for c in next(outcomes.iter_cols(min_col=change_column, max_col=change_column, min_row=2)) if c.value is not None]
    assert changes and all(c.number_format == '0.0"%"' and isinstance(c.value, float) for c in changes)
    about = {row[0]: row[1] for row in workbook["说明"].iter_rows(values_only=True)}
    assert about["检索词"] == "秒批" and about["地区"] == "广州市"
    assert about["案例数"] == str(cases.max_row - 1)
    assert about["导出时间"][:4].isdigit() and "[DB/OL]" in about["建议引用"] and "q=%E7%A7%92%E6%89%B9" in about["检索网址"]


def test_xlsx_for_machines_has_key_headers_and_codes(client):
    workbook = _xlsx(client, q="秒批", header="key")
    assert workbook.sheetnames == ["cases", "outcomes", "about"]
    header = [c.value for c in workbook["cases"][1]]
    assert header[:2] == ["id", "title"]
    statuses = {row[header.index("status")] for row in workbook["cases"].iter_rows(min_row=2, values_only=True)}
    assert statuses <= {"implemented", "planned"} and statuses


@pytest.mark.parametrize("hostile", [
    "=HYPERLINK(\"http://evil.example\",\"点我\")", "@SUM(1,2)", " =1+1", "＝1+1", "\n=1+1", "\t=1+1", "\u3000＋1", "-2+3",
])
def test_exports_neutralise_formula_cells(client, hostile):
    case = Reform.objects.get(source__file_name__startswith="004", ordinal=6)
    case.title = hostile
    case.save()
    rows = _csv(client, q="全岗通", header="key")
    assert rows[1][1] == "'" + hostile
    titles = [row[1] for row in _xlsx(client, q="全岗通")["案例"].iter_rows(min_row=2, values_only=True)]
    assert titles == ["'" + hostile]


def test_exports_leave_ordinary_text_alone():
    from catalogue.exports import neutralise

    assert [neutralise(v) for v in ("营商环境", " 营商", "1+1", 12, -3.5, None)] == ["营商环境", " 营商", "1+1", 12, -3.5, None]


def test_export_above_the_limit_says_so_and_links_the_full_catalogue(client, settings):
    settings.EXPORT_MAX_ROWS = {"csv": 10, "xlsx": 10}
    response = client.get("/api/reforms/", {"format": "csv", "region": "guangzhou"})
    assert response.status_code == 400
    assert "/api/export/catalogue.csv" in response.content.decode() and "上限 10" in response.content.decode()
    assert "/api/export/catalogue.csv" in response["Link"]
    unfiltered = client.get("/api/reforms/", {"format": "xlsx", "header": "key"})
    assert unfiltered.status_code == 302 and unfiltered["Location"].endswith("/api/export/catalogue.xlsx?header=key")


def test_full_catalogue_file_is_built_once_per_index_version(client, settings, tmp_path):
    import csv
    import io

    settings.EXPORT_DIR = tmp_path
    settings.EXPORT_BUILD_INLINE = True  # built within the request (the background build has its own test)
    first = client.get("/api/export/catalogue.csv")
    assert first.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(first.streaming_content).decode("utf-8")[1:])))
    assert len(rows) - 1 == Reform.objects.count()
    built = sorted(tmp_path.glob("catalogue-*.csv"))
    assert len(built) == 1
    from search.models import IndexChange

    newest = IndexChange.objects.order_by("-id").first()
    # the log entry's random token is in the name: a fresh database's "version 1" never reuses this file
    assert built[0].name.startswith(f"catalogue-{newest.id}-{newest.token}-")
    mtime = built[0].stat().st_mtime_ns
    b"".join(client.get("/api/export/catalogue.csv").streaming_content)
    assert built[0].stat().st_mtime_ns == mtime  # served from the file, not rebuilt
    case = Reform.objects.get(source__file_name__startswith="004", ordinal=6)
    case.title = "改过的标题"
    case.save()  # a new index version
    body = b"".join(client.get("/api/export/catalogue.csv").streaming_content).decode("utf-8")
    assert "改过的标题" in body
    assert len(list(tmp_path.glob("catalogue-*.csv"))) == 1  # the old version is gone
    xlsx = client.get("/api/export/catalogue.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get("/api/export/catalogue.pdf").status_code == 404


def test_full_catalogue_files_for_many_site_addresses_stay_bounded(client, settings, tmp_path, monkeypatch):
    """A file's links point to the host the request names, so each Host makes a variant; the oldest go."""
    from catalogue import export_files

    settings.EXPORT_DIR = tmp_path
    settings.EXPORT_BUILD_INLINE = True
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    monkeypatch.setattr(export_files, "FILES_PER_VERSION", 2)
    for port in (7001, 7002, 7003):
        body = b"".join(client.get("/api/export/catalogue.csv", HTTP_HOST=f"localhost:{port}").streaming_content)
        assert f"http://localhost:{port}/reforms/".encode() in body
    kept = sorted(tmp_path.glob("catalogue-*.csv"))
    assert len(kept) == 2


def test_full_catalogue_file_is_built_on_a_thread_while_the_request_says_to_come_back(client, settings, tmp_path):
    import csv
    import io

    from catalogue.export_files import wait_for_builds

    settings.EXPORT_DIR = tmp_path
    settings.EXPORT_BUILD_INLINE = False
    building = client.get("/api/export/catalogue.csv", {"header": "key"})
    assert building.status_code == 503 and building["Retry-After"] == "10" and "正在" in building.content.decode()
    wait_for_builds()
    ready = client.get("/api/export/catalogue.csv", {"header": "key"})
    assert ready.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(ready.streaming_content).decode("utf-8")[1:])))
    assert rows[0][0] == "id" and len(rows) - 1 == Reform.objects.count()


def test_a_failed_full_catalogue_build_answers_500_and_is_logged_once_until_it_is_tried_again(client, settings, tmp_path, caplog):
    import logging

    from catalogue.export_files import wait_for_builds

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings.EXPORT_DIR = blocker / "exports"  # cannot be created, whoever runs the tests
    settings.EXPORT_BUILD_INLINE = False
    settings.EXPORT_RETRY_AFTER = 300
    with caplog.at_level(logging.ERROR, logger="catalogue.export_files"):
        assert client.get("/api/export/catalogue.csv").status_code == 503  # the build starts, and fails
        wait_for_builds()
        answers = [client.get("/api/export/catalogue.csv") for _ in range(3)]
        wait_for_builds()
    assert [a.status_code for a in answers] == [500, 500, 500]
    assert answers[0]["Content-Type"] == "application/json" and "could not be built" in answers[0].json()["detail"]
    assert 200 < int(answers[0]["Retry-After"]) <= 300
    assert len([r for r in caplog.records if r.name == "catalogue.export_files"]) == 1
    assert client.get("/api/export/catalogue.xlsx").status_code == 503  # another file is tried on its own

    wait_for_builds()
    blocker.unlink()
    settings.EXPORT_RETRY_AFTER = 0  # the pause is over: built again, and now it works
    assert client.get("/api/export/catalogue.csv").status_code == 503
    wait_for_builds()
    assert client.get("/api/export/catalogue.csv").status_code == 200


def test_export_with_a_bad_filter_is_a_400(client):
    assert client.get("/api/reforms/", {"format": "csv", "region": "nowhere"}).status_code == 400


def test_search_results_say_how_they_matched_and_what_was_also_searched(client):
    body = client.get("/api/reforms/", {"q": "应急局"}).json()
    assert body["count"] > 0 and any("应急管理局" in term for term in body["also_searched"])
    assert {row["match"] for row in body["results"]} <= {"exact", "all_words", "partial"}
    swapped = client.get("/api/reforms/", {"q": "发票区块链"}).json()
    assert "all_words" in {row["match"] for row in swapped["results"]}


def test_a_query_with_no_results_gets_suggestions(client):
    body = client.get("/api/reforms/", {"q": "电力审批流程量子"}).json()
    assert body["count"] == 0 and body["suggestions"]
    assert all("label" in s for s in body["suggestions"])


def test_exports_follow_the_reading_preference(client):
    from reforms.text import to_simplified

    case = Reform.objects.filter(source__script="traditional").order_by("pk").first()
    assert to_simplified(case.title) != case.title
    def csv_text():
        response = client.get("/api/reforms/", {"source": case.source_id, "format": "csv"})
        return b"".join(response.streaming_content).decode("utf-8-sig")

    simplified = csv_text()
    assert to_simplified(case.title) in simplified and case.title not in simplified
    client.cookies["reading"] = "original"
    assert case.title in csv_text()


def test_the_search_lists_plain_rows_equal_to_the_serializer_of_every_case():
    """The API's search results are read as plain rows for speed; the documented serializer is the oracle."""
    from catalogue.api.serializers import ReformListSerializer
    from catalogue.presenters import list_rows, reforms_in_order

    ids = list(Reform.objects.order_by("-pk").values_list("pk", flat=True))  # any order, every case
    assert list_rows(ids) == [dict(row) for row in ReformListSerializer(reforms_in_order(ids), many=True).data]
    assert list_rows([ids[3], 10**9, ids[0]]) == [dict(r) for r in ReformListSerializer(reforms_in_order([ids[3], ids[0]]), many=True).data]


@pytest.mark.parametrize("url", ["/api/", "/api/reforms/abc/", "/api/reforms/-1/", "/api/no-such-thing/"])
def test_an_unknown_api_address_answers_json(client, url):
    response = client.get(url)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_an_unknown_page_answers_the_site_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html") and "<html" in response.content.decode()


def test_a_server_error_under_the_api_answers_json(rf):
    from catalogue.views import server_error

    api = server_error(rf.get("/api/reforms/"))
    assert api.status_code == 500 and api["Content-Type"] == "application/json" and json.loads(api.content)["detail"]
    page = server_error(rf.get("/search/"))
    assert page.status_code == 500 and "<html" in page.content.decode()
