"""A deadline for every request, below gunicorn's worker timeout.

PostgreSQL's statement and lock timeouts are enforced by the server, so they cannot end a query to a server
that is frozen (the kernel still accepts the bytes, nobody answers): a timer on the worker's main thread
raises RequestTimeout inside the waiting call, the connections it may have left mid-query are dropped,
and the client gets a 503. SQLite queries are interrupted by a progress handler that checks the same
deadline. Requests served on other threads keep the database timeouts only.
"""

from __future__ import annotations

import logging
import signal
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)
_state = threading.local()


class RequestTimeout(Exception):
    """The request ran past settings.REQUEST_DEADLINE."""


def _expired() -> bool:
    deadline = getattr(_state, "deadline", None)
    return deadline is not None and time.monotonic() > deadline


def _on_alarm(signum, frame):
    _state.timed_out = True
    raise RequestTimeout(f"request ran past {settings.REQUEST_DEADLINE} s")


@receiver(connection_created)
def interrupt_slow_sqlite_statements(sender, connection, **kwargs):
    """SQLite has no statement timeout: abort a statement (OperationalError 'interrupted') past the deadline."""
    if connection.vendor == "sqlite":
        connection.connection.set_progress_handler(_expired, 20000)


def unavailable_response() -> HttpResponse:
    html = render_to_string("503.html", request=None)
    return HttpResponse(html, status=503, headers={"Retry-After": "30"})


def _drop_connections() -> None:
    """A connection interrupted mid-query is unusable: close it so the next request opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError as error:  # the socket may already be gone; it is thrown away either way
            logger.warning("closing an interrupted connection: %s", error)


class RequestDeadlineMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.REQUEST_DEADLINE
        on_main_thread = threading.current_thread() is threading.main_thread()
        _state.deadline, _state.timed_out = time.monotonic() + seconds, False
        if on_main_thread:
            previous = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            response = self.get_response(request)
            if _state.timed_out:
                # Raised outside a view (a middleware's query), Django has already made it a 500.
                return self._timed_out(request)
            return response
        finally:
            if on_main_thread:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
            _state.deadline = None

    def process_exception(self, request, exception):
        if isinstance(exception, RequestTimeout):
            return self._timed_out(request)
        return None

    @staticmethod
    def _timed_out(request):
        logger.error("request timed out after %s s: %s %s", settings.REQUEST_DEADLINE, request.method, request.path[:200])
        _drop_connections()
        return unavailable_response()
