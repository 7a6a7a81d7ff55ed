"""The reader's script preference (简/繁), kept in a cookie and applied to every text a page shows.

Traditional originals are shown in Simplified unless the reader asks for the original; the source page
(provenance) always shows the text as published. The preference lives in a context variable for the
duration of a request, so the `reading` template filter and presenters apply it without threading the
request through every call.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.utils.safestring import SafeData, mark_safe

from reforms.text import to_simplified

COOKIE = "reading"
SIMPLIFIED, ORIGINAL = "simplified", "original"
CHOICES = {SIMPLIFIED: "简体", ORIGINAL: "原文"}

_current: ContextVar[str] = ContextVar("reading", default=SIMPLIFIED)


def preference_of(request) -> str:
    value = request.COOKIES.get(COOKIE, "")
    return value if value in CHOICES else SIMPLIFIED


def current() -> str:
    return _current.get()


def for_reading(text, script: str | None = None):
    """`text` as the reader prefers it: Simplified, or untouched for readers of the original."""
    if not text or (script or _current.get()) == ORIGINAL:
        return text
    converted = to_simplified(str(text))
    return mark_safe(converted) if isinstance(text, SafeData) else converted  # noqa: S308 — same markup, characters swapped one for one


class ReadingPreferenceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.reading = preference_of(request)
        token = _current.set(request.reading)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


def context(request):
    """Template context: the preference, the choices for the switch in the header, and the page to come
    back to after switching (with only the parameters the catalogue reads)."""
    from .params import link_query

    query = link_query(request.GET).urlencode(safe=",")
    return {
        "reading": getattr(request, "reading", SIMPLIFIED),
        "reading_choices": CHOICES,
        "reading_next": request.path + (f"?{query}" if query else ""),
    }
