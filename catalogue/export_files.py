"""The full-catalogue export files: one CSV and one XLSX (per header style) per index version, built on
first request under a file lock, so a download of everything costs a file read, and any change to the
catalogue (a new index token) makes the next request build fresh files and drop the old ones."""

from __future__ import annotations

import fcntl
import hashlib
import os
from pathlib import Path

from django.conf import settings

from reforms.models import Reform

from .conditional import catalogue_version
from .exports import ExportOptions, csv_chunks, write_workbook

FORMATS = ("csv", "xlsx")


def _directory() -> Path:
    directory = Path(settings.EXPORT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def catalogue_ids() -> list[int]:
    """Every case, in the order of its sources and its place in them."""
    return list(Reform.objects.order_by("source__file_name", "ordinal", "pk").values_list("pk", flat=True))


def catalogue_file(fmt: str, options: ExportOptions, token: str | None = None) -> Path:
    """The file for the current index version, built now if it is not there yet."""
    token = token if token is not None else catalogue_version()
    variant = hashlib.sha256(f"{options.base_url}|{options.readable}".encode()).hexdigest()[:12]
    path = _directory() / f"catalogue-{token or 'none'}-{variant}.{fmt}"
    if path.exists():
        return path
    with open(_directory() / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one builder at a time; the others then find the file
        if not path.exists():
            _build(path, fmt, options)
            _drop_other_versions(token)
    return path


def _build(path: Path, fmt: str, options: ExportOptions) -> None:
    partial = path.with_name(path.name + ".partial")
    ids = catalogue_ids()
    if fmt == "csv":
        with open(partial, "w", encoding="utf-8", newline="") as out:
            for chunk in csv_chunks(ids, options):
                out.write(chunk)
    else:
        write_workbook(str(partial), ids, options)
    os.replace(partial, path)  # readers see the whole file or none


def _drop_other_versions(token: str) -> None:
    for old in _directory().glob("catalogue-*"):
        if not old.name.startswith(f"catalogue-{token or 'none'}-"):
            old.unlink(missing_ok=True)
