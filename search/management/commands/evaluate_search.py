"""Print relevance figures for the judged query set on the current database, ours beside plain BM25."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from search.evaluation import bm25_baseline, case_keys, evaluate, ours

DEFAULT_SET = Path(settings.BASE_DIR) / "tests" / "data" / "search_judged_v2.json"


class Command(BaseCommand):
    help = "Relevance on the judged queries (tuning part and held-out part separately), ours and BM25."

    def add_arguments(self, parser):
        parser.add_argument("--judged", default=str(DEFAULT_SET))
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, *args, judged, **options):
        queries = json.loads(Path(judged).read_text(encoding="utf-8"))["queries"]
        keys = case_keys()
        runs = {"ours": ours(keys), "bm25": bm25_baseline(keys)}
        report = {}
        for part, items in (("tuning", [q for q in queries if not q.get("heldout")]), ("held-out", [q for q in queries if q.get("heldout")])):
            report[part] = {name: evaluate(items, run) for name, run in runs.items()}
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1))
            return
        columns = ("queries", "recall@10", "mrr", "ndcg@10", "must_top3", "absent", "absent_over_2")
        for part, engines in report.items():
            self.stdout.write(f"\n{part}")
            self.stdout.write(f"{'class':<13}{'engine':<7}" + "".join(f"{c:>14}" for c in columns))
            for cls in engines["ours"]:
                for name in ("ours", "bm25"):
                    row = engines[name][cls]
                    self.stdout.write(f"{cls:<13}{name:<7}" + "".join(f"{row[c]:>14}" for c in columns))
