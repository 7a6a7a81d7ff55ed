"""The engine's write interface: index, delete, rebuild. Everything else in the site reads through
search.engine.search."""

from __future__ import annotations

from django.db import transaction

from . import documents, live
from . import index as local_index


def index(reforms) -> None:
    """Recompute these cases' stored documents and log them (in the caller's transaction); every
    process's index picks them up before its next search."""
    documents.store(reforms)
    _keep_up_after_commit()


def delete(reform_ids) -> None:
    documents.remove(reform_ids)
    _keep_up_after_commit()


def _keep_up_after_commit() -> None:
    # After the commit the edit is saved and logged: if bringing the index up to date fails here, Django
    # logs it with its traceback (robust) and the next search applies the log entry itself — an editor's
    # save must not answer 500 for work that is only a head start.
    transaction.on_commit(live.keep_up, robust=True)


def rebuild(retokenize: bool = False, progress=None) -> int:
    """Build this machine's index anew beside the old one and swap it in. `retokenize`: recompute every
    stored document first (after a load, or when the analysis changed); every machine then rebuilds."""
    from reforms.models import Reform

    if retokenize:
        count = documents.retokenize_all(progress)
    else:
        count = Reform.objects.filter(search_document__isnull=False).count()
    with local_index.writer_lock():
        local_index.build_generation(None if retokenize else progress)
    live.forget()
    return count


def is_ready() -> bool:
    """The index can answer: its generation exists here (health checks ask this)."""
    generation = local_index.current_generation()
    return generation is not None and (generation / local_index.CURSOR_FILE).exists()


def digest() -> str:
    """A fingerprint of the stored documents and facet rows, which determine the index: equal digests,
    identical indexes on any machine."""
    import hashlib

    from django.db import connection

    fingerprint = hashlib.sha256()
    with connection.cursor() as cursor:
        cursor.execute(f"{local_index.DOCUMENT_SQL} ORDER BY reform_id")
        for row in cursor.fetchall():
            fingerprint.update(repr(tuple(row)).encode("utf-8"))
        cursor.execute("SELECT reform_id, facet, value FROM search_facetentry ORDER BY reform_id, facet, value")
        for row in cursor.fetchall():
            fingerprint.update(repr(tuple(row)).encode("utf-8"))
    return fingerprint.hexdigest()
