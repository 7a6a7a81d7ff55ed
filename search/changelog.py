"""Reading the change log: which cases an index (or a process's facet bitmaps) must refresh to be in step
with the database.

Log ids are allocated when a transaction writes its entry, not when it commits, so a lower id can appear
after a higher one (PostgreSQL), and an entry an index has applied can vanish when its transaction rolls
back (a search run inside the transaction that wrote it; tests do this all the time). A cursor therefore
keeps, above a watermark, every entry it applied with its random token and every missing id with when it
was first missed. Entries and gaps settle after SETTLE_SECONDS; only then does the watermark pass them.
Each read is one indexed range query: `id > watermark`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db import connection

SETTLE_SECONDS = 120.0
REBUILD = None  # an entry without a case: rebuild from the stored documents
VOCABULARY = 0  # an entry for "case 0": the thesaurus changed; no case to refresh, but a new catalogue state


@dataclass
class Cursor:
    watermark: int = 0  # every entry up to here is applied and settled
    applied: dict[int, tuple[str, int | None, float]] = field(default_factory=dict)  # id → (token, case, first seen)
    gaps: dict[int, float] = field(default_factory=dict)  # missing id → first missed

    def to_json(self) -> dict:
        return {"watermark": self.watermark, "applied": {str(k): list(v) for k, v in self.applied.items()},
                "gaps": {str(k): v for k, v in self.gaps.items()}}

    @classmethod
    def from_json(cls, data: dict) -> Cursor:
        return cls(watermark=int(data.get("watermark", 0)),
                   applied={int(k): (v[0], v[1], float(v[2])) for k, v in data.get("applied", {}).items()},
                   gaps={int(k): float(v) for k, v in data.get("gaps", {}).items()})


@dataclass
class Pending:
    """What a cursor has to do: refresh these cases, or rebuild everything; then `commit`."""

    cases: set[int]
    rebuild: bool
    rows: list[tuple[int, str, int | None]]
    head: int

    @property
    def empty(self) -> bool:
        return not self.cases and not self.rebuild


def read_entries(after: int) -> list[tuple[int, str, int | None]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, token, reform_id FROM search_indexchange WHERE id > %s ORDER BY id", [after])
        return [(int(i), t, None if r is None else int(r)) for i, t, r in cursor.fetchall()]


def oldest_entry() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(id) FROM search_indexchange")
        row = cursor.fetchone()
    return None if row is None or row[0] is None else int(row[0])


def pending(cursor: Cursor, rows: list[tuple[int, str, int | None]] | None = None) -> Pending:
    """Compare the log above the watermark with what the cursor applied."""
    rows = read_entries(cursor.watermark) if rows is None else rows
    present = {i: (t, r) for i, t, r in rows}
    cases: set[int] = set()
    rebuild = False
    for i, token, reform_id in rows:
        seen = cursor.applied.get(i)
        if seen is None or seen[0] != token:
            if reform_id is REBUILD:
                rebuild = True
            elif reform_id != VOCABULARY:
                cases.add(reform_id)
    for i, (token, reform_id, _) in cursor.applied.items():
        if present.get(i, (None,))[0] != token:  # rolled back (or replaced by another entry with its id)
            if reform_id is REBUILD:
                rebuild = True
            elif reform_id != VOCABULARY:
                cases.add(reform_id)
    head = max(present, default=cursor.watermark)
    return Pending(cases=cases, rebuild=rebuild, rows=rows, head=head)


def commit(cursor: Cursor, work: Pending, now: float | None = None) -> Cursor:
    """The cursor after `work` was applied: every present entry applied, gaps noted, and the watermark
    moved past whatever has settled."""
    now = time.time() if now is None else now
    applied = {}
    for i, token, reform_id in work.rows:
        seen = cursor.applied.get(i)
        first = seen[2] if seen is not None and seen[0] == token else now
        applied[i] = (token, reform_id, first)
    gaps = {i: cursor.gaps.get(i, now) for i in range(cursor.watermark + 1, work.head) if i not in applied}
    watermark = cursor.watermark
    while True:
        nxt = watermark + 1
        if nxt in applied and now - applied[nxt][2] >= SETTLE_SECONDS:
            del applied[nxt]
        elif nxt in gaps and now - gaps[nxt] >= SETTLE_SECONDS:
            del gaps[nxt]
        else:
            break
        watermark = nxt
    return Cursor(watermark=watermark, applied=applied, gaps=gaps)


def head() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM search_indexchange")
        row = cursor.fetchone()
    return int(row[0] or 0)
