"""Add one new source text (in a known layout) to a running catalogue, in a single transaction."""

from django.core.management.base import BaseCommand, CommandError

from reforms.ingest.layouts import PARSERS
from reforms.ingest.pipeline import parse_source
from reforms.ingest.records import IngestError
from reforms.ingest.store import store_source


class Command(BaseCommand):
    help = "Import a source text file; the layout is detected unless --layout is given."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--layout", choices=sorted(PARSERS))

    def handle(self, *args, file, layout=None, **options):
        try:
            parsed = parse_source(file, layout)
            source, created = store_source(parsed)
        except (IngestError, OSError) as error:
            raise CommandError(str(error))
        if created:
            self.stdout.write(f"imported {source.file_name}: {source.reforms.count()} cases (layout {source.layout})")
        else:
            self.stdout.write(f"{source.file_name} is already in the catalogue; nothing changed")
