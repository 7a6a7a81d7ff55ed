"""Time writing the full-catalogue export files in-process: wall, CPU and rows/s for CSV and XLSX, with
the load average beside each figure (the machine is shared)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from bench import exports


class Command(BaseCommand):
    help = "Time the full-catalogue CSV and XLSX exports (in-process, no HTTP)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=3, help="builds per format; the one with least CPU is reported")
        parser.add_argument("--cases", type=int, default=None, help="the first N cases only")
        parser.add_argument("--format", dest="formats", action="append", choices=["csv", "xlsx"])
        parser.add_argument("--profile", help="write cProfile stats here (and print the top 30)")

    def handle(self, *args, repeat=3, cases=None, formats=None, profile=None, **options):
        for fmt in formats or ["csv", "xlsx"]:
            r = exports.measure(fmt, cases, repeat, profile)
            self.stdout.write(f"{r['format']}: {r['rows']} rows, wall {r['wall_s']} s ({r['rows_per_s_wall']} rows/s), "
                              f"CPU {r['cpu_s']} s ({r['rows_per_s_cpu']} rows/s), {r['bytes']} bytes, "
                              f"best of {r['runs']}, load {r['load']}")
