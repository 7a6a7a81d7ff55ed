"""The full-catalogue export files: one CSV and one XLSX (per header style) per index version, built on
first request (on a thread, under a file lock), so a download of everything costs a file read, and any
change to the catalogue (a new index version) makes the next request build fresh files and drop the old."""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connections

from reforms.models import Reform

from .conditional import catalogue_version
from .exports import ExportOptions, csv_chunks, write_workbook

FORMATS = ("csv", "xlsx")
logger = logging.getLogger(__name__)


class BuildFailed(Exception):
    """The file's last build failed less than settings.EXPORT_RETRY_AFTER seconds ago: it is not tried
    again before then (a failing build restarted by every request would keep clients waiting forever)."""

    def __init__(self, retry_in: float):
        super().__init__(f"building the full-catalogue file failed; retried in {retry_in:.0f} s")
        self.retry_in = retry_in


def _directory() -> Path:
    directory = Path(settings.EXPORT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def catalogue_ids() -> list[int]:
    """Every case, in the order of its sources and its place in them."""
    return list(Reform.objects.order_by("source__file_name", "ordinal", "pk").values_list("pk", flat=True))


def catalogue_file(fmt: str, options: ExportOptions, token: str | None = None) -> Path | None:
    """The file for the current index version, or None while it is being built: a build of 100 000 cases
    takes longer than a request may (settings.REQUEST_DEADLINE), so it runs on a thread of its own (or
    inline with settings.EXPORT_BUILD_INLINE, for tests and commands, where a failure raises as itself).
    Raises BuildFailed while a failed build is remembered."""
    token = token if token is not None else catalogue_version()
    variant = hashlib.sha256(f"{options.base_url}|{options.readable}|{options.simplified}".encode()).hexdigest()[:12]
    path = Path(settings.EXPORT_DIR) / f"catalogue-{token or 'none'}-{variant}.{fmt}"
    if path.exists():
        return path
    with _building_lock:
        failed_at = _failed.get(path)
        if failed_at is not None:
            retry_in = failed_at + settings.EXPORT_RETRY_AFTER - time.monotonic()
            if retry_in > 0:
                raise BuildFailed(retry_in)
            del _failed[path]
        inline = getattr(settings, "EXPORT_BUILD_INLINE", False)
        if not inline and path not in _building:
            _building.add(path)
            threading.Thread(target=_build_in_background, args=(path, fmt, options, token), daemon=True).start()
    if not inline:
        return None
    _build_remembering_failure(path, fmt, options, token)  # inline: a failure reaches the caller as itself
    return path


_building: set[Path] = set()  # files this process is building
_failed: dict[Path, float] = {}  # files whose last build failed in this process: when (time.monotonic)
_building_lock = threading.Lock()


def wait_for_builds(timeout: float = 60) -> None:
    """Until this process builds nothing (tests, the bench)."""
    deadline = time.monotonic() + timeout
    while _building and time.monotonic() < deadline:
        time.sleep(0.05)


def _build_in_background(path: Path, fmt: str, options: ExportOptions, token: str) -> None:
    try:
        _build_remembering_failure(path, fmt, options, token)
    except Exception:  # noqa: BLE001 — the thread's boundary: no caller to raise to. Logged with its traceback
        # (once: the file is not retried for EXPORT_RETRY_AFTER), and the next requests answer 500 from _failed.
        logger.exception("building %s failed; not retried for %s s", path.name, settings.EXPORT_RETRY_AFTER)
    finally:
        connections.close_all()  # this thread's own connections
        with _building_lock:
            _building.discard(path)


def _build_remembering_failure(path: Path, fmt: str, options: ExportOptions, token: str) -> None:
    """Build the file; a failure is remembered (the file is not tried again for a while) and raised on."""
    try:
        _build_once(path, fmt, options, token)
    except Exception:
        with _building_lock:
            _failed[path] = time.monotonic()
        raise


def _build_once(path: Path, fmt: str, options: ExportOptions, token: str) -> None:
    with open(_directory() / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one builder at a time, across processes; the others then find the file
        if not path.exists():
            _build(path, fmt, options)
            _drop_other_versions(token)


def _build(path: Path, fmt: str, options: ExportOptions) -> None:
    partial = path.with_name(path.name + ".partial")
    write_catalogue(partial, fmt, catalogue_ids(), options)
    os.replace(partial, path)  # readers see the whole file or none


def write_catalogue(path: Path, fmt: str, ids: list[int], options: ExportOptions) -> None:
    """The export of `ids` written to `path` as CSV or XLSX."""
    if fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as out:
            for chunk in csv_chunks(ids, options):
                out.write(chunk)
    else:
        write_workbook(str(path), ids, options)


FILES_PER_VERSION = 8  # variants kept of one version (formats × header styles × scripts × sites); oldest go first


def _drop_other_versions(token: str) -> None:
    """Files of other versions go; of this version the newest FILES_PER_VERSION stay. A variant is made per
    site address the request names (the links in the file point there), and a client can name many."""
    current = []
    for old in _directory().glob("catalogue-*"):
        if old.name.endswith(".partial"):
            continue
        if old.name.startswith(f"catalogue-{token or 'none'}-"):
            current.append(old)
        else:
            old.unlink(missing_ok=True)
    current.sort(key=lambda path: path.stat().st_mtime_ns, reverse=True)
    for old in current[FILES_PER_VERSION:]:
        old.unlink(missing_ok=True)
