"""Load jieba's dictionary, OpenCC's tables and the index snapshot once, before a process serves its
first request, then move them out of the garbage collector's way."""

import gc
import logging

from django.db import DatabaseError

logger = logging.getLogger(__name__)


def warm_up() -> None:
    from reforms.text import normalise

    from .snapshot import snapshot
    from .tokens import tokenizer, word_stream

    tokenizer()
    word_stream(normalise("營商環境觀察員带押过户"))
    try:
        snapshot()
    except DatabaseError as error:  # the database may not be up yet: the first search loads it instead
        logger.warning("index snapshot not loaded at start: %s", error)
    # jieba's and OpenCC's dictionaries are some million long-lived objects; every full collection
    # walked them all (~100 ms, a p95 spike on whichever request triggered it). Frozen, they are skipped.
    gc.collect()
    gc.freeze()
