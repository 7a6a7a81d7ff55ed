"""The text matches of recent queries, kept per process for the index version they were computed at.

Refining a search (a facet click, the next page, another sort order) repeats the same text query; with
its matches at hand it costs only bitmap operations. Entries are keyed by the index token, so any change
to the index makes them unreachable; the cache holds at most MAX_IDS ids in all (8 bytes each, plus a
bitmap of up to one bit per case) and at most MAX_ENTRIES queries.
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict
from dataclasses import dataclass

from .snapshot import bits_from_ids

MAX_IDS = 2_000_000
MAX_ENTRIES = 500


@dataclass(frozen=True)
class Matches:
    ids: array  # in the order the engine gave them
    bits: int  # the same ids as a bitmap
    bounds: tuple = ()  # where each tier after the first begins, for tiered matches


_entries: OrderedDict[tuple, Matches] = OrderedDict()
_size = 0
misses = 0  # how often the engine was asked (tests and the benchmark read it)
_lock = threading.Lock()


def cached_matches(key: tuple, compute) -> Matches:
    """The matches for `key`, from `compute()` (ids, or ids and tier bounds) on a miss; the least recently
    used entries make room."""
    global _size, misses
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return _entries[key]
        misses += 1
    computed = compute()
    found, bounds = computed if isinstance(computed, tuple) else (computed, ())
    ids = array("q", found)
    matches = Matches(ids=ids, bits=bits_from_ids(ids), bounds=bounds)
    with _lock:
        if key not in _entries and len(ids) <= MAX_IDS:
            _entries[key] = matches
            _size += len(ids)
            while _size > MAX_IDS or len(_entries) > MAX_ENTRIES:
                _, dropped = _entries.popitem(last=False)
                _size -= len(dropped.ids)
    return matches


def peek(key: tuple) -> Matches | None:
    """The matches for `key` if remembered, without computing them."""
    with _lock:
        return _entries.get(key)


def clear() -> None:
    global _size
    with _lock:
        _entries.clear()
        _size = 0
