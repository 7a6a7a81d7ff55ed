"""Tokens for the index, from normalised text: jieba words (with the domain dictionary) and CJK bigrams.

Words rank; bigrams recall. A query is matched as a word or as a phrase of bigrams, so 带押过户 still
finds 一手房带押过户 when jieba cuts it 一手/房带/押/过户. jieba and its dictionary load once per process.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from operator import add
from pathlib import Path

from reforms.segmenter import CompactTokenizer, jieba

DOMAIN_DICTIONARY = Path(__file__).with_name("domain_words.txt")
_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def domain_words() -> tuple[str, ...]:
    words = [w.strip() for w in DOMAIN_DICTIONARY.read_text(encoding="utf-8").splitlines() if w.strip()]
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def tokenizer() -> CompactTokenizer:
    """One jieba tokenizer per process: the default dictionary united with the domain words, mapped from a
    trie file (JIEBA_CACHE_DIR, where the image build warmed it, else the temporary folder)."""
    with _lock:
        jieba.setLogLevel(logging.WARNING)
        tk = CompactTokenizer(domain_words(), extra_frequency=20000)
        tk.initialize()
        return tk


def runs(text: str) -> list[str]:
    """Maximal runs of CJK characters, and of Latin letters and digits, in order."""
    return _RUN.findall(text)


def is_cjk(run: str) -> bool:
    return bool(_CJK.match(run))


def bigrams(run: str) -> list[str]:
    if not is_cjk(run) or len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def bigram_stream(text: str) -> list[str]:
    """CJK runs as overlapping bigrams, Latin/digit runs whole: what phrases are matched against."""
    return [gram for run in runs(text) for gram in bigrams(run)]


def run_ends(text: str) -> list[str]:
    """The last character of each CJK run: with them a single-character prefix query finds 税 in 纳税."""
    return [run[-1] for run in runs(text) if is_cjk(run) and len(run) > 1]


def title_words(text: str) -> list[str]:
    """jieba words of a normalised text, and every domain word it contains: stored with the document, so
    indexing never runs jieba again."""
    # HMM guesses at unknown words cost a third of the time; the bigram stream already recalls them.
    words = [w for w in tokenizer().cut_for_search(text, HMM=False) if _RUN.fullmatch(w)]
    return words + [w for w in domain_words() if w in text]


def field_tokens(text: str) -> list[str]:
    """The tokens a field is indexed with: run ends (a single-character query finds 税 in 纳税), then the
    bigram stream — run_ends(text) + bigram_stream(text), in one pass. Every rebuild tokenises every stored
    field here, so this loop is most of a rebuild's time: a CJK run (its first character sorts after "z")
    becomes its bigrams in C (map over two slices) instead of one Python step per bigram."""
    found = runs(text)
    tokens = [run[-1] for run in found if len(run) > 1 and run[0] > "z"]
    for run in found:
        if len(run) > 1 and run[0] > "z":
            tokens += map(add, run, run[1:])
        else:
            tokens.append(run)
    return tokens
