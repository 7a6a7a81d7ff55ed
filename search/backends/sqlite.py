"""SQLite FTS5 backend: one row per case in `search_fts`, rowid = case id, bm25 with column weights."""

from __future__ import annotations

from django.db import connection

from ..query import And, Or, Phrase, Prefix, Word
from .base import SearchBackend

WEIGHTS = (30.0, 5.0, 1.0)  # title, practices/outcomes, body: a title hit outranks many body hits


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def compile_fts5(tree) -> str:
    """A match tree as an FTS5 expression; every token is a quoted string, never bare syntax."""
    if isinstance(tree, Word):
        return _quote(tree.token)
    if isinstance(tree, Prefix):
        return _quote(tree.token) + "*"
    if isinstance(tree, Phrase):
        return _quote(" ".join(tree.tokens))
    if isinstance(tree, And):
        return "(" + " AND ".join(compile_fts5(c) for c in tree.children) + ")"
    if isinstance(tree, Or):
        return "(" + " OR ".join(compile_fts5(c) for c in tree.children) + ")"
    raise TypeError(tree)


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"

    def _write_many(self, items, fresh=False):
        rows = [(pk, " ".join(t.title), " ".join(t.main), " ".join(t.body)) for pk, t in items]
        with connection.cursor() as cursor:
            if not fresh:
                cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(pk,) for pk, *_ in rows])
            cursor.executemany("INSERT INTO search_fts (rowid, title, main, body) VALUES (%s, %s, %s, %s)", rows)

    def _remove(self, reform_ids):
        with connection.cursor() as cursor:
            for pk in reform_ids:
                cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [pk])

    def _clear(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

    def is_ready(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_fts'")
            return cursor.fetchone() is not None

    def digest_sql(self):
        return "SELECT rowid, title, main, body FROM search_fts ORDER BY rowid"

    def facet_groups_sql(self):
        return "SELECT facet, value, group_concat(reform_id) FROM search_facetentry GROUP BY facet, value"

    def match_sql(self, tree):
        return "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [compile_fts5(tree)]

    def ranked_ids_sql(self, tree):
        weights = ", ".join(str(w) for w in WEIGHTS)
        return (f"SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY bm25(search_fts, {weights}), rowid",
                [compile_fts5(tree)])
