"""Every database wait is bounded below gunicorn's worker timeout: PostgreSQL connections carry connect,
statement and lock timeouts; on SQLite a statement running past the request deadline is interrupted."""

import time

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections

from config import deadline

pytestmark = pytest.mark.django_db
LONG = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000000) SELECT count(*) FROM c"


def test_the_timeouts_stay_below_the_worker_timeout():
    from config import gunicorn

    assert settings.DB_CONNECT_TIMEOUT < settings.REQUEST_DEADLINE < gunicorn.timeout
    assert settings.DB_LOCK_TIMEOUT <= settings.DB_STATEMENT_TIMEOUT < settings.REQUEST_DEADLINE


def test_a_statement_past_the_deadline_is_stopped():
    fresh = connections.create_connection("default")  # opened now, so it gets what every new connection gets
    try:
        with fresh.cursor() as cursor:
            if fresh.vendor == "postgresql":
                cursor.execute("SHOW statement_timeout")
                assert cursor.fetchone()[0] == f"{settings.DB_STATEMENT_TIMEOUT}s"
                cursor.execute("SHOW lock_timeout")
                assert cursor.fetchone()[0] == f"{settings.DB_LOCK_TIMEOUT}s"
                assert fresh.get_connection_params()["connect_timeout"] == settings.DB_CONNECT_TIMEOUT
            else:
                deadline._state.deadline = time.monotonic() + 0.5
                started = time.monotonic()
                try:
                    with pytest.raises(OperationalError, match="interrupted"):
                        cursor.execute(LONG)
                finally:
                    deadline._state.deadline = None
                assert time.monotonic() - started < 3
    finally:
        fresh.close()


def test_without_a_deadline_sqlite_statements_run_normally():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM reforms_reform")
        assert cursor.fetchone()[0] > 0
