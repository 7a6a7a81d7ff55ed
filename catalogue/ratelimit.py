"""A per-client budget of requests per minute for the costly public endpoints (search, the API, exports):
429 with Retry-After past it. Counts live in Django's cache, keyed by the client address of
config/clients.py; the budgets are far above what a person clicking through the catalogue needs."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse

from config.clients import client_address

WINDOW = 60  # seconds


def scope_of(request) -> str | None:
    """Which budget a request draws on, or None for pages that are not limited."""
    path = request.path
    if request.GET.get("format") in ("csv", "xlsx") and path.startswith(("/api/", "/search/")):
        return "export"
    if path.startswith("/api/"):
        return "api"
    if path.startswith("/search/"):
        return "search"
    return None


def retry_after(request, scope: str, now: float | None = None) -> int | None:
    """Seconds until the client may ask again if this request is over its budget, else None (and counted)."""
    limit = settings.RATE_LIMITS.get(scope, 0)
    if limit <= 0:
        return None
    now = time.time() if now is None else now
    window = int(now // WINDOW)
    key = f"ratelimit:{scope}:{client_address(request)}:{window}"
    cache.add(key, 0, WINDOW + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr: start again
        cache.set(key, 1, WINDOW + 5)
        count = 1
    if count <= limit:
        return None
    return max(1, int((window + 1) * WINDOW - now) + 1)


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scope = scope_of(request)
        wait = retry_after(request, scope) if scope else None
        if wait is not None:
            return JsonResponse(
                {"detail": f"too many requests; try again in {wait} s"}, status=429, headers={"Retry-After": str(wait)}
            )
        return self.get_response(request)
