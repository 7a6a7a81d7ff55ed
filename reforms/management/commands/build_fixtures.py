"""Regenerate fixtures/*.json from fixtures/sources/*.txt (deterministic: run twice, same bytes)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reforms.ingest.fixtures import catalogue_rows, region_rows, taxonomy_rows, write_json
from reforms.ingest.pipeline import parse_source
from reforms.ingest.records import IngestError


class Command(BaseCommand):
    help = "Parse the source texts and write the regions, taxonomy and catalogue fixtures."

    def add_arguments(self, parser):
        parser.add_argument("--sources", default=str(settings.SOURCES_DIR))
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "fixtures"))

    def handle(self, *args, sources, out, **options):
        paths = sorted(Path(sources).glob("*.txt"))
        if not paths:
            raise CommandError(f"no .txt sources in {sources}")
        try:
            parsed = [parse_source(path) for path in paths]
        except IngestError as error:
            raise CommandError(str(error))
        out = Path(out)
        write_json(out / "regions.json", region_rows())
        write_json(out / "taxonomy.json", taxonomy_rows())
        failures: dict[str, list] = {}
        write_json(out / "catalogue.json", catalogue_rows(parsed, failures))
        for p in parsed:
            rep = p.repair
            self.stdout.write(
                f"{p.info.file_name}: {len(p.cases)} cases; mojibake runs found {rep.runs_found}: "
                f"repaired {rep.runs_repaired}, partly {rep.runs_partly}, lost {rep.runs_lost}; "
                f"figures that could not be read: {len(failures.get(p.info.file_name, []))}"
            )
        for name, failed in sorted(failures.items()):
            for failure in failed:
                self.stdout.write(f"  {name}: figure not read at {failure.span_start}: {failure.phrase!r} ({failure.error})")
        self.stdout.write(f"{sum(len(p.cases) for p in parsed)} cases written to {out}")
