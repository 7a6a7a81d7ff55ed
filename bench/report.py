"""Print the README's performance table from bench/results/*.json: python bench/report.py"""

import json
from pathlib import Path

RESULTS = Path(__file__).with_name("results")


def main():
    rows = []
    for path in sorted(RESULTS.glob("*.json"), key=lambda p: (p.stem.split("-")[0], int(p.stem.split("-")[1]))):
        r = json.loads(path.read_text(encoding="utf-8"))
        q = r["queries"]
        worst = r["summary"]["worst_p95_ms"]
        text_queries = [v for k, v in q.items() if k != "empty, facets only"]
        speedups = sorted(1 / v["ours_over_naive"] for v in text_queries)
        rows.append(
            f"| {r['database']} | {r['index_build']['cases']:,} | {r['ingest_real_sources_s']} | {r['index_build']['cases_per_s']} "
            f"| {worst['search_ms']} | {worst['page_ms']} | {worst['api_ms']} | {q['empty, facets only']['page_ms']['p95']} "
            f"| {speedups[0]:.1f}–{speedups[-1]:.1f}× | {r['summary']['ours_over_floor_median']} "
            f"| {r.get('memory', {}).get('worker_peak_rss_mb', '—')} | {'/'.join(map(str, r['summary']['queries_per_page']))} |"
        )
    print("| database | cases | ingest of 5 sources (s) | index build (cases/s) | worst p95 search fn (ms) "
          "| worst p95 /search/ (ms) | worst p95 /api/reforms/ (ms) | empty query page p95 (ms) "
          "| naive ÷ ours, text queries (no facets) | ours ÷ floor (median) | worker peak RSS (MB) | queries per page |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
