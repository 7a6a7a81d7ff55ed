"""jieba for the whole project: imported without pkg_resources, and for long-lived processes a tokenizer
whose dictionary is a memory-mapped trie instead of a dict.

jieba keeps every dictionary word and every prefix of one as a Python string in a dict: ~580 000 objects,
~60 MB in every worker process. `CompactTokenizer` segments exactly as jieba does — the same words,
frequencies, total and algorithm — from a marisa trie file (a few MB, mapped read-only, so the workers of a
machine share one copy in the page cache) and an array of frequencies. The file is built once per machine
from jieba's own dictionary plus the caller's extra words, and found again by a digest of both.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
import tempfile
import threading
from array import array
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import marisa_trie


def _import_jieba():
    """jieba imports pkg_resources (~13 MB, deprecated) only to open its dictionary file; when the import
    fails it opens the file by path, which is what we want."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


jieba = _import_jieba()
FORMAT = b"compact-jieba-1"
_lock = threading.Lock()


class Frequencies:
    """jieba's FREQ as it reads it: `frag in FREQ` for any prefix of a word, FREQ[word] its frequency,
    0 for a prefix that is not itself a word, `get` None for what is neither."""

    def __init__(self, trie: marisa_trie.Trie, counts: array):
        self.trie, self.counts = trie, counts
        self._key_id = trie.key_id

    def get(self, text, default=None):
        try:
            return self.counts[self._key_id(text)]
        except KeyError:  # a prefix of some word is there with frequency 0, as jieba keeps it
            return 0 if next(self.trie.iterkeys(text), None) is not None else default

    def __getitem__(self, text):
        found = self.get(text)
        if found is None:
            raise KeyError(text)
        return found

    def __contains__(self, text) -> bool:
        return self.get(text) is not None


class CompactTokenizer(jieba.Tokenizer):
    """A jieba.Tokenizer over a dictionary file mapped from disk; its dictionary is fixed (no add_word)."""

    def __init__(self, extra_words: Iterable[str] = (), extra_frequency: int = 20000, cache_dir: str | None = None):
        super().__init__()
        self.extra_words = tuple(extra_words)
        self.extra_frequency = extra_frequency
        self.cache_dir = Path(cache_dir or os.environ.get("JIEBA_CACHE_DIR") or tempfile.gettempdir())

    def initialize(self, dictionary=None):
        with _lock:
            if self.initialized:
                return
            trie_path, counts_path = self._paths()
            if trie_path.exists():
                trie = marisa_trie.Trie()
                trie.mmap(str(trie_path))
                counts = array("q")
                counts.frombytes(counts_path.read_bytes())
            else:
                trie, counts = self._build()
                self._save(trie, counts, trie_path, counts_path)
            self.total = counts.pop()  # the last entry is jieba's total
            self.FREQ = Frequencies(trie, counts)
            self.initialized = True

    def check_initialized(self):
        if not self.initialized:
            self.initialize()

    def get_DAG(self, sentence):
        """jieba's DAG (for each start, the ends of the dictionary words beginning there), from one trie walk
        per start instead of one dict look-up per prefix."""
        self.check_initialized()
        prefixes = self.FREQ.trie.prefixes
        dag = {}
        for k in range(len(sentence)):
            ends = [k + len(word) - 1 for word in prefixes(sentence[k:])]
            dag[k] = ends or [k]
        return dag

    def add_word(self, word, freq=None, tag=None):
        raise TypeError("a CompactTokenizer's dictionary is fixed: pass extra_words when creating it")

    def del_word(self, word):
        raise TypeError("a CompactTokenizer's dictionary is fixed")

    def _paths(self) -> tuple[Path, Path]:
        digest = hashlib.sha256(FORMAT)
        with self.get_dict_file() as f:
            digest.update(f.read())
        digest.update(str(self.extra_frequency).encode())
        digest.update("\n".join(self.extra_words).encode())
        stem = self.cache_dir / f"jieba-trie-{digest.hexdigest()[:16]}"
        return stem.with_suffix(".marisa"), stem.with_suffix(".counts")

    def _build(self) -> tuple[marisa_trie.Trie, array]:
        """What jieba.Tokenizer builds in memory (its dictionary, then add_word for each extra word), as a
        trie and its frequencies (jieba's total appended)."""
        frequencies, total = self.gen_pfdict(self.get_dict_file())
        for word in self.extra_words:
            frequencies[word] = self.extra_frequency
            total += self.extra_frequency
        trie = marisa_trie.Trie(word for word, count in frequencies.items() if count > 0)
        counts = array("q", [0]) * len(trie)
        for word, key in trie.iteritems():
            counts[key] = frequencies[word]
        counts.append(total)
        return trie, counts

    def _save(self, trie: marisa_trie.Trie, counts: array, trie_path: Path, counts_path: Path) -> None:
        # counts first, so a trie file always has its counts
        if _write_atomically(counts_path, lambda p: Path(p).write_bytes(counts.tobytes())) and _write_atomically(trie_path, trie.save):
            logging.getLogger(__name__).info("jieba trie built: %d words at %s", len(trie), trie_path)


def _write_atomically(path: Path, write) -> bool:
    """`write(temporary path)` then a rename, so readers and concurrent builders never see half a file; where
    the folder cannot be written, False (the caller keeps its copy in memory)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name)
        os.close(fd)
        write(temporary)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide it from workers running as another user
        os.replace(temporary, path)
    except OSError as error:
        logging.getLogger(__name__).warning("%s not saved (%s): kept in this process's memory", path, error)
        return False
    return True


# What jieba.posseg splits a text into before tagging (copied from jieba 0.42.1, so the tags agree).
_POS_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_POS_SKIP = re.compile("(\r\n|\\s)")
_POS_ENG = re.compile("[a-zA-Z0-9]+")
_POS_NUM = re.compile("[\\.0-9]+")
_POS_ENG1 = re.compile("^[a-zA-Z0-9]$")


class PosTagger:
    """jieba.posseg.lcut(text, HMM=False) — the same words and part-of-speech tags — over a CompactTokenizer
    and a trie file of every dictionary word's tag: importing jieba.posseg loads its HMM tables (~48 MB per
    process), which a cut without HMM never uses."""

    def __init__(self, tokenizer: CompactTokenizer):
        self.tokenizer = tokenizer
        self._tags: marisa_trie.BytesTrie | None = None

    def tags(self) -> marisa_trie.BytesTrie:
        if self._tags is not None:  # asked once per word: no lock once loaded
            return self._tags
        with _lock:
            if self._tags is None:
                path = self.tokenizer._paths()[0].with_suffix(".tags")
                if path.exists():
                    tags = marisa_trie.BytesTrie()
                    tags.mmap(str(path))
                else:
                    tags = self._build()
                    _write_atomically(path, tags.save)
                self._tags = tags
        return self._tags

    def _build(self) -> marisa_trie.BytesTrie:
        table = {}  # as jieba.posseg.POSTokenizer.load_word_tag: the last line of a word gives its tag
        with self.tokenizer.get_dict_file() as f:
            for line in f:
                line = line.strip().decode("utf-8")
                if line:
                    word, _, tag = line.split(" ")
                    table[word] = tag
        return marisa_trie.BytesTrie((word, tag.encode()) for word, tag in table.items())

    def _tag(self, word: str) -> str:
        found = self.tags().get(word)
        return found[0].decode() if found else "x"

    def _cut_block(self, block: str):
        route: dict = {}
        self.tokenizer.calc(block, self.tokenizer.get_DAG(block), route)
        x, buffer = 0, ""
        while x < len(block):
            y = route[x][1] + 1
            word = block[x:y]
            if _POS_ENG1.match(word):
                buffer += word
            else:
                if buffer:
                    yield buffer, "eng"
                    buffer = ""
                yield word, self._tag(word)
            x = y
        if buffer:
            yield buffer, "eng"

    def lcut(self, text: str) -> list[tuple[str, str]]:
        out = []
        for block in _POS_BLOCK.split(text):
            if _POS_BLOCK.match(block):
                out += self._cut_block(block)
                continue
            for piece in _POS_SKIP.split(block):
                if _POS_SKIP.match(piece):
                    out.append((piece, "x"))
                    continue
                for char in piece:
                    out.append((char, "m" if _POS_NUM.match(char) else "eng" if _POS_ENG.match(piece) else "x"))
        return out


@lru_cache(maxsize=1)
def default_tokenizer() -> CompactTokenizer:
    """jieba's default dictionary alone — what jieba.dt segments with — for figure extraction and repair."""
    tokenizer = CompactTokenizer()
    tokenizer.initialize()
    return tokenizer


@lru_cache(maxsize=1)
def pos_tagger() -> PosTagger:
    return PosTagger(default_tokenizer())
