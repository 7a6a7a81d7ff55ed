"""Load jieba's dictionary, OpenCC's tables and the live index once, before a process serves its first
request, then move them out of the garbage collector's way."""

import gc
import logging

from django.db import DatabaseError

logger = logging.getLogger(__name__)


def warm_up(load_index: bool = True) -> None:
    from reforms.text import normalise

    from .tokens import title_words, tokenizer

    tokenizer()
    title_words(normalise("營商環境觀察員带押过户"))
    if load_index:
        from . import live

        try:
            live.current()
        except DatabaseError as error:  # the database may not be up yet: the first search loads it instead
            logger.warning("search index not loaded at start: %s", error)
    # jieba's and OpenCC's dictionaries are some million long-lived objects; every full collection
    # walked them all (~100 ms, a p95 spike on whichever request triggered it). Frozen, they are skipped.
    gc.collect()
    gc.freeze()
