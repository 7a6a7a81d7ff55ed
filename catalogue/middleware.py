"""A friendly 503 instead of a 500 when the database cannot be reached; the next request tries again."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("database unavailable: %s", exception)
            html = render_to_string("503.html", request=None)
            return HttpResponse(html, status=503, headers={"Retry-After": "30"})
        return None
