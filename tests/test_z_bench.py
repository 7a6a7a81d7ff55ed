"""The benchmark command runs end to end on the suite's engine and reports every figure the README quotes
(small N: this checks the command, not the speed — speed is reported by `bash bench/run_all.sh`)."""

import json
import os
import subprocess
import sys

from .servers import ROOT, fresh_database_url


def test_bench_reports_every_figure_with_constant_queries_per_page(tmp_path):
    env = {**os.environ, "DATABASE_URL": fresh_database_url(tmp_path, "catalogue_bench"), "DJANGO_DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    out = tmp_path / "bench.json"
    run = subprocess.run([*manage, "bench", "--cases", "60", "--repeat", "2", "--skip-rss", "--json", str(out)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["index_build"]["cases"] == 60 + 126
    assert 0 < report["ingest_real_sources_s"] and report["index_build"]["cases_per_s"] > 0 and report["snapshot_load_s"] >= 0
    queries = report["queries"]
    assert set(queries) == {"one word", "two words", "traditional", "phrase", "single character", "with filters",
                            "empty, facets only", "relaxed words", "department short form"}
    assert report["index_build_stored"]["cases"] == 60 + 126 and report["index_size_mb"] > 0
    for label, row in queries.items():
        for key in ("search_ms", "search_no_facets_ms", "page_ms", "api_ms", "refine_ms", "naive_ms", "floor_ms"):
            assert 0 < row[key]["p50"] <= row[key]["p95"] <= row[key]["p99"], (label, key)
        assert row["ours_over_naive"] > 0 and row["ours_over_floor"] > 0
    assert queries["empty, facets only"]["matches"] == 186 and queries["one word"]["matches"] > 0
    assert len(report["summary"]["queries_per_page"]) <= 3  # one count per page kind, whatever N
    # every timed page rendered (a kept answer costs one query, the catalogue's version)
    assert all(row["queries_per_page"] > 1 for row in queries.values())
    assert "snapshot load" in run.stdout and "refine p95" in run.stdout
    pages = report["pages"]  # bench/pages.py: pages and exports on the same catalogue
    assert pages["cases"] == 186 and set(pages["pages"]) >= {"home", "search", "case", "api search", "region", "indicator", "source"}
    assert all(row["cpu_ms_mean"] > 0 and row["queries"] > 0 for row in pages["pages"].values())
    assert pages["distinct_cases"]["pages"] == 100 and pages["conditional_get"]["status"] == 304
    assert pages["kept_answer"]["queries"] == 1 < pages["pages"]["search"]["queries"]
    assert {fmt: row["rows"] for fmt, row in pages["exports"].items()} == {"csv": 186, "xlsx": 186}
    assert "export csv" in run.stdout
