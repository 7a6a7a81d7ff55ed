"""Measure a large import: a synthetic N-case source file (bench/source_files.py) loaded by `import_source`
on the database DATABASE_URL names, while an editor thread keeps saving a case. Reports the import's wall
time and how long the editor's saves waited (the batches must never lock editors out).

Run on a catalogue set up with `setup_catalogue`; it adds N cases (use a throwaway database)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from bench.measure import percentiles
from bench.source_files import best_practice_text
from reforms.ingest.store import BATCH_SIZE
from reforms.models import Reform


class _Editor(threading.Thread):
    """Saves one case every `pause` seconds until stopped, timing each save."""

    def __init__(self, pause: float = 0.25):
        super().__init__(daemon=True)
        self.pause, self.stop, self.latencies_ms, self.failures = pause, threading.Event(), [], []

    def run(self):
        reform = Reform.objects.order_by("pk").first()
        try:
            while not self.stop.is_set():
                started = time.perf_counter()
                try:
                    reform.summary = f"编辑于 {time.time():.3f}"
                    reform.save()
                except DatabaseError as error:
                    self.failures.append(str(error)[:200])
                self.latencies_ms.append((time.perf_counter() - started) * 1000)
                self.stop.wait(self.pause)
        finally:
            connection.close()


class Command(BaseCommand):
    help = "Time an N-case import while an editor keeps saving."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=5000)
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument("--json", dest="json_path")

    def handle(self, *args, cases, batch_size, json_path=None, **options):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"synthetic_{cases}.txt"
            path.write_text(best_practice_text(cases), encoding="utf-8")
            before = Reform.objects.count()
            editor = _Editor()
            editor.start()
            started = time.perf_counter()
            # The import runs in its own process, as it would from a shell; the editor saves from this one.
            result = subprocess.run(
                [sys.executable, "manage.py", "import_source", str(path), "--batch-size", str(batch_size)],
                cwd=settings.BASE_DIR, capture_output=True, text=True,
            )
            seconds = time.perf_counter() - started
            if result.returncode != 0:
                raise CommandError(result.stderr[-2000:])
            self.stdout.write(result.stdout.strip())
            editor.stop.set()
            editor.join()
        result = {
            "engine": connection.vendor,
            "cases": cases,
            "imported": Reform.objects.count() - before,
            "batch_size": batch_size,
            "import_s": round(seconds, 1),
            "cases_per_s": round(cases / seconds, 1),
            "editor_saves": len(editor.latencies_ms),
            "editor_save_ms": percentiles(editor.latencies_ms),
            "editor_save_max_ms": round(max(editor.latencies_ms), 1) if editor.latencies_ms else None,
            "editor_failures": editor.failures,
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
        if json_path:
            Path(json_path).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
