"""The tantivy index on this machine: its schema, where it lives, and how it is written.

The index is derived from the stored documents (search/documents.py). It lives under SEARCH_INDEX_DIR, one
folder per database, as generations: `current` is a symbolic link to the live generation, and a rebuild
writes a new generation beside it and swaps the link atomically. Worker processes of one machine share it;
one writes at a time (a file lock), and each generation holds the change-log cursor it is in step with.
Fields are fed our own tokens (normalised text as bigrams, run ends and stored jieba words) through the
whitespace tokenizer, so Traditional→Simplified and segmentation mean the same at index and query time.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

import tantivy
from django.conf import settings
from django.db import connection

from . import changelog
from .documents import body_without
from .tokens import field_tokens

TEXT_FIELDS = ("title", "labels", "main", "body")
CURSOR_FILE = "cursor.json"
WRITER_HEAP = 64_000_000


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=False, indexed=True, fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=False, tokenizer_name="whitespace", index_option="position")
    return builder.build()


SCHEMA = build_schema()


def base_dir() -> Path:
    """This database's index folder: two databases (the site's and the test suite's) never share one."""
    db = connection.settings_dict
    key = hashlib.sha256(f"{connection.vendor}|{db.get('HOST')}|{db.get('PORT')}|{db.get('NAME')}".encode()).hexdigest()[:16]
    return Path(settings.SEARCH_INDEX_DIR) / f"{connection.vendor}-{key}"


def as_tantivy_document(row) -> tantivy.Document:
    """A stored document row (id, title, labels, main, body, title_words) as a tantivy document."""
    pk, title, labels, main, body, words = row
    return tantivy.Document(
        id=int(pk),
        title=" ".join([*words.split(), *field_tokens(title)]),
        labels=" ".join(field_tokens(labels)),
        main=" ".join(field_tokens(main)),
        body=" ".join(field_tokens(body_without(main, body))),
    )


DOCUMENT_SQL = "SELECT reform_id, title, labels, main, body, title_words FROM search_searchdocument"


def _stored_documents(where: str = "", params=(), batch: int = 1000, chunked: bool = False):
    """Stored document rows in id order. `chunked` (a whole rebuild): a server-side cursor on PostgreSQL, so
    the rows stream in batches instead of the whole table landing in the client's memory first (unless the
    database settings turn server-side cursors off, as behind a pooler, and as Django's own chunked reads do)."""
    chunked = chunked and not connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
    with (connection.chunked_cursor() if chunked else connection.cursor()) as cursor:
        cursor.execute(f"{DOCUMENT_SQL} {where} ORDER BY reform_id", list(params))
        while rows := cursor.fetchmany(batch):
            yield from rows


@contextmanager
def writer_lock():
    """One writer per machine at a time, across processes."""
    base = base_dir()
    base.mkdir(parents=True, exist_ok=True)
    with open(base / "writer.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def current_generation() -> Path | None:
    link = base_dir() / "current"
    try:
        return base_dir() / os.readlink(link)
    except OSError:
        return None


def read_cursor(generation: Path) -> changelog.Cursor:
    return changelog.Cursor.from_json(json.loads((generation / CURSOR_FILE).read_text()))


def _write_cursor(generation: Path, cursor: changelog.Cursor) -> None:
    tmp = generation / (CURSOR_FILE + ".tmp")
    tmp.write_text(json.dumps(cursor.to_json()))
    os.replace(tmp, generation / CURSOR_FILE)


def build_generation(progress=None) -> Path:
    """Write a whole new generation from the stored documents and make it current. Callers hold the lock.

    The documents and the log position are read in one transaction, so the new index is exactly the
    database at one moment; changes committed meanwhile are above its cursor and are replayed next."""
    from django.db import transaction

    base = base_dir()
    generation = base / f"gen-{uuid.uuid4().hex[:12]}"
    generation.mkdir(parents=True)
    index = tantivy.Index(SCHEMA, path=str(generation))
    writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
    count = 0
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:  # (inside another transaction: its snapshot)
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        rows = changelog.read_entries(0)
        for row in _stored_documents(chunked=True):
            writer.add_document(as_tantivy_document(row))
            count += 1
            if progress:
                progress(count)
    writer.commit()
    writer.wait_merging_threads()
    cursor = changelog.commit(changelog.Cursor(), changelog.Pending(cases=set(), rebuild=False, rows=rows,
                                                                    head=max((r[0] for r in rows), default=0)))
    _write_cursor(generation, cursor)
    _swap(generation)
    return generation


def _swap(generation: Path) -> None:
    base = base_dir()
    tmp = base / f"current.{uuid.uuid4().hex[:8]}"
    os.symlink(generation.name, tmp)
    os.replace(tmp, base / "current")
    for old in base.glob("gen-*"):
        if old != generation:
            shutil.rmtree(old, ignore_errors=True)  # readers that still hold it keep their open files


def apply_changes(generation: Path, index: tantivy.Index) -> changelog.Cursor:
    """Bring a generation in step with the log: re-add every changed case from its stored document (or
    drop it when it has none), or rebuild when the log asks for it or no longer reaches back far enough.
    Callers hold the lock. Returns the generation's cursor."""
    cursor = read_cursor(generation)
    oldest = changelog.oldest_entry()
    if cursor.watermark and oldest is not None and oldest > cursor.watermark + 1:
        raise LogTruncated
    if cursor.watermark and changelog.head() < cursor.watermark:
        raise RebuildRequested  # built from another database (a restored backup, a test run)
    work = changelog.pending(cursor)
    if work.rebuild:
        raise RebuildRequested
    if work.cases:
        writer = index.writer(heap_size=15_000_000, num_threads=1)
        ids = sorted(work.cases)
        for pk in ids:
            writer.delete_documents_by_term("id", pk)
        placeholders = ", ".join(["%s"] * len(ids))
        for row in _stored_documents(f"WHERE reform_id IN ({placeholders})", ids):
            writer.add_document(as_tantivy_document(row))
        writer.commit()
        writer.wait_merging_threads()
    cursor = changelog.commit(cursor, work)
    _write_cursor(generation, cursor)
    return cursor


class RebuildRequested(Exception):
    """The log asks every index to rebuild from the stored documents."""


class LogTruncated(RebuildRequested):
    """The log was pruned past this index's position: only a rebuild can catch up."""


def open_index(generation: Path) -> tantivy.Index:
    return tantivy.Index.open(str(generation))
