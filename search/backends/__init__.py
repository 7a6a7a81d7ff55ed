"""The search engine behind one interface, chosen by the database in use."""

from django.db import connection


def get_backend():
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    from .sqlite import SQLiteBackend

    return SQLiteBackend()
