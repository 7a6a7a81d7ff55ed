"""Add new source texts (in known layouts) to a running catalogue: each file checked whole before anything is
written, then loaded in short batches; one report per file of what was imported, skipped and why."""

from django.core.management.base import BaseCommand, CommandError

from reforms.ingest.layouts import PARSERS
from reforms.ingest.pipeline import parse_source
from reforms.ingest.records import IngestError
from reforms.ingest.store import BATCH_SIZE, OnDuplicate, store_source
from reforms.ingest.validate import validate
from reforms.models import Source


class Command(BaseCommand):
    help = "Import source text files; the layout is detected unless --layout is given."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="file")
        parser.add_argument("--layout", choices=sorted(PARSERS))
        duplicates = parser.add_mutually_exclusive_group()
        duplicates.add_argument("--skip-duplicates", action="store_true", help="import only the cases not yet in the catalogue")
        duplicates.add_argument("--replace", action="store_true", help="replace the catalogue's copies of cases found again")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="cases per transaction")

    def handle(self, *args, files, layout=None, skip_duplicates=False, replace=False, batch_size=BATCH_SIZE, **options):
        on_duplicate = OnDuplicate.REPLACE if replace else OnDuplicate.SKIP if skip_duplicates else OnDuplicate.REFUSE
        refused = []
        for file in files:
            try:
                parsed = parse_source(file, layout)
                if not Source.objects.filter(sha256=parsed.sha256).exists():
                    validate(parsed)
                report = store_source(parsed, on_duplicate, max(1, batch_size))
            except (IngestError, OSError) as error:
                if len(files) > 1:
                    self.stderr.write(f"refused {error}")
                refused.append(str(error))
                continue
            for line in report.lines():
                self.stdout.write(line)
        if refused:
            raise CommandError(refused[0] if len(files) == 1 else f"{len(refused)} of {len(files)} files refused:\n" + "\n".join(refused))
