"""What an export of the whole catalogue costs, in-process and without HTTP: wall and CPU time to write
the full-catalogue CSV and XLSX files (the files `/api/export/catalogue.*` serves), and rows/s. Used by
`bench_exports`; `bench_pages` measures the same through requests (with search and the file lock)."""

from __future__ import annotations

import cProfile
import os
import pstats
import tempfile
import time
from pathlib import Path

from catalogue.export_files import catalogue_ids, write_catalogue
from catalogue.exports import ExportOptions


def load() -> str:
    """The machine's load average (1, 5, 15 min): the machine is shared, figures are read beside it."""
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def measure(fmt: str, cases: int | None = None, repeat: int = 1, profile: str | None = None) -> dict:
    """Best of `repeat` builds of one file of the first `cases` cases of the catalogue (all by default)."""
    ids = catalogue_ids()[:cases]
    options = ExportOptions("https://example.org", about=[("检索词", "(全部案例)")])
    runs = []
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"catalogue.{fmt}"
        for _ in range(repeat):
            before = load()
            profiler = cProfile.Profile() if profile else None
            w0, c0 = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            write_catalogue(path, fmt, ids, options)
            if profiler:
                profiler.disable()
            runs.append({"wall_s": time.perf_counter() - w0, "cpu_s": time.process_time() - c0, "load": before,
                         "bytes": path.stat().st_size})
            if profiler:
                profiler.dump_stats(profile)
                pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
    best = min(runs, key=lambda r: r["cpu_s"])
    return {"format": fmt, "rows": len(ids), "wall_s": round(best["wall_s"], 2), "cpu_s": round(best["cpu_s"], 2),
            "rows_per_s_wall": round(len(ids) / best["wall_s"]), "rows_per_s_cpu": round(len(ids) / best["cpu_s"]),
            "load": best["load"], "bytes": best["bytes"], "runs": len(runs)}
