"""Conditional GET for pages and the API: every answer's ETag is derived from the index version (which
changes in the same transaction as any change to the catalogue; see `catalogue_version`), the code's version and the request
itself, so a browser or a reverse proxy reuses a page until the catalogue changes, and a matching
If-None-Match is answered 304 after one primary-key read, before any view runs."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from config.deadline import RequestDeadlineMiddleware, RequestTimeout, unavailable_response
from search.models import IndexChange

from . import response_cache

logger = logging.getLogger(__name__)

# Paths whose answers depend on more than the catalogue (editors, health, static files with their own).
EXCLUDED_PREFIXES = ("/admin/", "/static/", "/healthz", "/accounts/")


def _code_version() -> str:
    """Changes with a deployment: DJANGO_RELEASE if set, else the sizes and times of the templates and code
    that render answers (the same in every worker of one checkout)."""
    release = os.environ.get("DJANGO_RELEASE", "")
    if release:
        return release
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder in ("templates", "catalogue", "search", "reforms", "config"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".py", ".html", ".txt") and path.is_file():
                stat = path.stat()
                digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


CODE_VERSION = _code_version()


def catalogue_version(using: str = "default") -> str:
    """IndexState's version (the newest change-log id) with that entry's random token, in one read: ids
    start again at 1 in a fresh or restored database, tokens do not, so a file or an ETag made for
    another database's "version 1" is never taken for this one's."""
    row = IndexChange.objects.using(using).order_by("-id").values_list("id", "token").first()
    return f"{row[0]}-{row[1]}" if row else "0"


def request_etag(request, token: str) -> str:
    """A strong validator for this request at this index version: host, path, query, cookies and Accept all
    count, since a cookie (reading preference, session) or content negotiation can change the answer, and
    absolute links (API paging, citations, exports) name the host the request came to: an answer made for
    one Host header is never kept for, or validated against, another."""
    parts = (token, CODE_VERSION, request.method == "HEAD" and "GET" or request.method, request.get_host(),
             request.get_full_path(), request.META.get("HTTP_COOKIE", ""), request.META.get("HTTP_ACCEPT", ""),
             request.is_secure() and "s" or "")
    return '"' + hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32] + '"'


def _candidates(header: str) -> list[str]:
    return [c.strip().removeprefix("W/") for c in header.split(",")]


def index_token(request) -> str:
    """The index token this request was validated against (read once, by the middleware)."""
    token = getattr(request, "index_token", None)
    return token if token is not None else catalogue_version()


class IndexETagMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(EXCLUDED_PREFIXES):
            return self.get_response(request)
        try:
            token = catalogue_version()
        except (OperationalError, InterfaceError) as error:  # unreachable: 503 now, not after a second wait in the view
            logger.error("database unavailable: %s", error)
            return unavailable_response()
        except DatabaseError:  # the view answers as it would without us; nothing to validate against
            return self.get_response(request)
        except RequestTimeout as error:  # a frozen database: the deadline's handler only sees views' errors
            return RequestDeadlineMiddleware.process_exception(self, request, error)
        request.index_token = token
        etag = request_etag(request, token)
        asked = _candidates(request.META.get("HTTP_IF_NONE_MATCH", ""))
        if etag in asked:
            return self._not_modified(etag)
        kept = response_cache.get(etag)
        if kept is None:
            response = self.get_response(request)
            if response.status_code == 200 and not response.has_header("ETag"):
                response["ETag"] = etag
                self._headers(response)
                response_cache.keep(etag, response)
        else:
            response = kept
        # "*" matches whatever exists: known only once the view has answered (a 404 or an error is no match).
        if "*" in asked and response.status_code == 200 and response.get("ETag") == etag:
            return self._not_modified(etag)
        return response

    def _not_modified(self, etag: str):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        self._headers(response)
        return response

    @staticmethod
    def _headers(response):
        # Reuse only after asking: the catalogue can change at any moment, and the question costs a 304.
        response.setdefault("Cache-Control", "no-cache")
        patch_vary_headers(response, ("Cookie", "Accept"))
