"""A friendly 503 instead of a 500 when the database cannot be reached; the next request tries again."""

import logging

from django.db import InterfaceError, OperationalError

from config.deadline import unavailable_response

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("database unavailable: %s", exception)
            return unavailable_response()
        return None
