"""Print how the live extractor and classifier do against the hand-made gold sets (tests/data)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from reforms.evaluation import (
    live_cases,
    load_gold_figures,
    load_gold_labels,
    score_figures,
    score_labels,
    split_label_cases,
)

GOLD = Path(settings.BASE_DIR) / "tests" / "data"


class Command(BaseCommand):
    help = "Precision and recall of figures and reform types against tests/data/gold_*.json, on the live pipeline."

    def add_arguments(self, parser):
        parser.add_argument("--sources", default=str(settings.SOURCES_DIR))
        parser.add_argument("--gold", default=str(GOLD))
        parser.add_argument("--details", action="store_true", help="also list misses, spurious figures and wrong labels")
        parser.add_argument(
            "--part", choices=["all", "tune", "held-out"], default="all",
            help="tune: gold_figures_a and the first 2/3 of each source's labelled cases; held-out: the rest",
        )

    def handle(self, *args, sources, gold, details, part, **options):
        gold = Path(gold)
        cases = live_cases(Path(sources))
        figure_files = {"all": ["a", "b"], "tune": ["a"], "held-out": ["b"]}[part]
        figures = score_figures(load_gold_figures(*(gold / f"gold_figures_{f}.json" for f in figure_files)), cases)
        labels = score_labels(split_label_cases(load_gold_labels(gold / "gold_labels.json"), part), cases)
        for line in figures.lines() + labels.lines():
            self.stdout.write(line)
        if details:
            for title, rows in (
                ("missed", figures.missed), ("spurious", figures.spurious), ("wrong metric", figures.wrong_metric),
                ("wrong direction", figures.wrong_direction), ("failures", figures.failures), ("wrong types", labels.wrong_types),
                ("missing leads", labels.missing_leads), ("wrong years", labels.wrong_years),
            ):
                self.stdout.write(f"-- {title} ({len(rows)})")
                for row in rows:
                    self.stdout.write(f"   {row}")
