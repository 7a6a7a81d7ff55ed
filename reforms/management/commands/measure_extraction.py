"""Print how the live extractor and classifier do against the hand-made gold sets (tests/data)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from reforms.evaluation import live_cases, load_gold_figures, load_gold_labels, score_figures, score_labels

GOLD = Path(settings.BASE_DIR) / "tests" / "data"


class Command(BaseCommand):
    help = "Precision and recall of figures and reform types against tests/data/gold_*.json, on the live pipeline."

    def add_arguments(self, parser):
        parser.add_argument("--sources", default=str(settings.SOURCES_DIR))
        parser.add_argument("--gold", default=str(GOLD))
        parser.add_argument("--details", action="store_true", help="also list misses, spurious figures and wrong labels")

    def handle(self, *args, sources, gold, details, **options):
        gold = Path(gold)
        cases = live_cases(Path(sources))
        figures = score_figures(load_gold_figures(gold / "gold_figures_a.json", gold / "gold_figures_b.json"), cases)
        labels = score_labels(load_gold_labels(gold / "gold_labels.json"), cases)
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
