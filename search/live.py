"""This process's view of the index, kept in step with the database before every search.

Each search reads the change log above this process's watermark (one indexed range query, empty when
nothing changed lately). When something changed, the machine's shared index is brought up to date under
the writer lock (whichever process comes first does it; the others find it done), this process reloads
its reader, and its facet bitmaps and sort orders are patched for just the changed cases. An edit is thus
found by every process's next search, and a crash between a commit and the index write loses nothing:
the log still holds the entry.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import tantivy
from django.db import connection

from . import changelog
from . import index as local_index
from . import snapshot as snapshots

logger = logging.getLogger(__name__)
FULL_RELOAD_OVER = 5000  # changed cases above which re-reading the whole snapshot is cheaper


@dataclass
class Live:
    generation: Path
    index: tantivy.Index
    snapshot: snapshots.Snapshot
    cursor: changelog.Cursor = field(default_factory=changelog.Cursor)
    version: int = 0  # this process's count of applied changes: keys its remembered matches

    @property
    def head(self) -> int:
        """The newest log entry this process is in step with: names the catalogue's state."""
        return max(self.cursor.applied, default=self.cursor.watermark)

    def searcher(self) -> tantivy.Searcher:
        return self.index.searcher()


_live: dict[str, Live] = {}
_lock = threading.RLock()


def _try_open(generation: Path | None) -> tantivy.Index | None:
    if generation is None:
        return None
    try:
        local_index.read_cursor(generation)
        return local_index.open_index(generation)
    except (OSError, ValueError) as error:
        logger.warning("search index at %s unreadable (%s): rebuilding", generation, error)
        return None


def _open_or_build() -> tuple[Path, tantivy.Index]:
    """The current generation, built first when it is missing or cannot be opened."""
    generation = local_index.current_generation()
    index = _try_open(generation)
    if index is not None:
        return generation, index
    with local_index.writer_lock():
        generation = local_index.current_generation()  # another process may have rebuilt it meanwhile
        index = _try_open(generation)
        if index is None:
            generation = local_index.build_generation()
            index = local_index.open_index(generation)
        return generation, index


def _catch_up(live: Live) -> None:
    """Apply the log to the machine's index, rebuilding it when the log asks for that."""
    with local_index.writer_lock():
        generation = local_index.current_generation()
        if generation is None:
            generation = local_index.build_generation()
        index = local_index.open_index(generation) if generation != live.generation else live.index
        try:
            local_index.apply_changes(generation, index)
        except local_index.RebuildRequested:
            generation = local_index.build_generation()
            index = local_index.open_index(generation)
    live.generation, live.index = generation, index
    index.reload()


def current() -> Live:
    """This process's live index for the current database, in step with the log."""
    alias = connection.alias
    with _lock:
        live = _live.get(alias)
        if live is None:
            generation, index = _open_or_build()
            live = Live(generation=generation, index=index, snapshot=snapshots.load())
            live.cursor = changelog.commit(changelog.Cursor(), changelog.pending(changelog.Cursor()))
            _live[alias] = live
            # The snapshot was read after the log: entries committed in between are re-applied next time
            # (harmless), never missed; the index may be behind the log, so bring it up to date now.
            _catch_up(live)
            return live
        work = changelog.pending(live.cursor)
        if not work.rows:
            return live
        if not work.empty:
            _catch_up(live)
            if work.rebuild or len(work.cases) > FULL_RELOAD_OVER:
                live.snapshot = snapshots.load()
            else:
                live.snapshot.patch(work.cases)
            live.version += 1
        elif live.generation != local_index.current_generation():
            _catch_up(live)
        live.cursor = changelog.commit(live.cursor, work)
        return live


def keep_up() -> None:
    """After this process committed a change: bring the machine's index and this process's snapshot up
    to date now, in the writer's own request, so the tantivy commit (60–80 ms of fsync at 100 000 cases)
    is paid once by the editor who saved rather than by the next search on every worker; the others
    then only reload and patch. A process that never searched (an import command) leaves it to the
    next search."""
    with _lock:
        loaded = connection.alias in _live
    if loaded:
        current()


def forget() -> None:
    """Drop this process's state (tests and the benchmark measure cold starts with it)."""
    with _lock:
        _live.clear()
