"""Rendered answers kept per process under their ETag, so a page asked for again before the catalogue
changes is served without running its view.

The ETag (catalogue/conditional.py) already names one exact answer: the index version, the code version,
the method, path and query, the cookies and Accept. A browser that sends it back gets a 304; this cache
gives the same saving to every other client asking for a popular page (the home page, a common search, a
much-read case). Bounded in entries and bytes (DJANGO_RESPONSE_CACHE_MB, 0 turns it off); an answer that
sets a cookie, streams, or is large is never kept. A new index version makes every old key unreachable;
the least recently used entries make room.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.conf import settings
from django.http import HttpResponse

MAX_ENTRIES = 512
MAX_BODY = 256 * 1024  # a page above this is rare and rendered each time

_entries: OrderedDict[str, tuple[bytes, list[tuple[str, str]]]] = OrderedDict()
_bytes = 0
_lock = threading.Lock()


def _budget() -> int:
    return int(getattr(settings, "RESPONSE_CACHE_MB", 16) * 1024 * 1024)


def get(etag: str) -> HttpResponse | None:
    """A fresh response with the kept body and headers, or None."""
    with _lock:
        entry = _entries.get(etag)
        if entry is None:
            return None
        _entries.move_to_end(etag)
    body, headers = entry
    response = HttpResponse(body)
    for name, value in headers:
        response[name] = value
    return response


def keep(etag: str, response) -> None:
    """Keep a 200 answer that any client sending the same request may be given."""
    global _bytes
    budget = _budget()
    if (budget <= 0 or response.status_code != 200 or response.streaming or response.cookies
            or len(response.content) > MAX_BODY or "no-store" in response.get("Cache-Control", "")):
        return
    body = bytes(response.content)
    headers = list(response.items())
    with _lock:
        if etag in _entries:
            return
        _entries[etag] = (body, headers)
        _bytes += len(body)
        while _entries and (_bytes > budget or len(_entries) > MAX_ENTRIES):
            _, (dropped, _) = _entries.popitem(last=False)
            _bytes -= len(dropped)


def clear() -> None:
    global _bytes
    with _lock:
        _entries.clear()
        _bytes = 0


def size() -> tuple[int, int]:
    """(entries, bytes) kept now."""
    with _lock:
        return len(_entries), _bytes
