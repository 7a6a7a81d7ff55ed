"""Print the README's performance tables from bench/results/*.json: python bench/report.py"""

import json
from pathlib import Path

RESULTS = Path(__file__).with_name("results")


def _results():
    # <engine>-<N>.json from `bench`; import-*.json (bench_import) have their own table in the README
    paths = sorted((p for p in RESULTS.glob("*.json") if p.stem.split("-")[-1].isdigit() and not p.stem.startswith("import-")),
                   key=lambda p: (p.stem.split("-")[0], int(p.stem.split("-")[1])))
    return [json.loads(path.read_text(encoding="utf-8")) for path in paths]


def summary_table(results) -> list[str]:
    lines = ["| database | cases | ingest of 5 sources (s) | index build (cases/s) | snapshot load (s) "
             "| worst p95 /search/ (ms) | worst p95 /api/reforms/ (ms) | worst p95 after a facet click (ms) "
             "| naive ÷ ours (text queries) | ours ÷ floor (median) | worker peak RSS (MB) | queries per page |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        q, worst = r["queries"], r["summary"]["worst_p95_ms"]
        speedups = sorted(1 / v["ours_over_naive"] for k, v in q.items() if k != "empty, facets only")
        lines.append(
            f"| {r['database']} | {r['index_build']['cases']:,} | {r['ingest_real_sources_s']} | {r['index_build']['cases_per_s']} "
            f"| {r.get('snapshot_load_s', '—')} | {worst['page_ms']} | {worst['api_ms']} | {worst.get('refine_ms', '—')} "
            f"| {speedups[0]:.1f}–{speedups[-1]:.1f}× | {r['summary']['ours_over_floor_median']} "
            f"| {r.get('memory', {}).get('worker_peak_rss_mb', '—')} | {'/'.join(map(str, r['summary']['queries_per_page']))} |"
        )
    return lines


def query_table(results, cases: int) -> list[str]:
    lines = ["| database | query | matches | search fn p95 | /search/ p95 | /api/reforms/ p95 | facet click p95 "
             "| naive p50 | floor p50 | naive ÷ ours | ours ÷ floor |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        if r["index_build"]["cases"] < cases:
            continue
        for label, v in r["queries"].items():
            lines.append(
                f"| {r['database']} | {label} | {v['matches']:,} | {v['search_ms']['p95']} | {v['page_ms']['p95']} "
                f"| {v['api_ms']['p95']} | {v.get('refine_ms', {}).get('p95', '—')} | {v['naive_ms']['p50']} "
                f"| {v['floor_ms']['p50']} | {1 / v['ours_over_naive']:.1f}× | {v['ours_over_floor']} |"
            )
    return lines


def main():
    results = _results()
    print("\n".join(summary_table(results)))
    print()
    print("\n".join(query_table(results, 100_000)))


if __name__ == "__main__":
    main()
