"""The compact tokenizer segments exactly as jieba does, on the five sources, with the domain words."""

from pathlib import Path

import pytest
from django.conf import settings

from reforms.segmenter import CompactTokenizer, jieba
from reforms.text import normalise
from search.tokens import domain_words


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    compact = CompactTokenizer(domain_words(), extra_frequency=20000, cache_dir=tmp_path_factory.mktemp("trie"))
    reference = jieba.Tokenizer()
    reference.initialize()
    for word in domain_words():
        reference.add_word(word, freq=20000)
    return compact, reference


def _source_lines() -> list[str]:
    lines = []
    for path in sorted(Path(settings.SOURCES_DIR).glob("*.txt")):
        lines += [normalise(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def test_same_words_and_total_as_jieba_with_add_word(pair):
    compact, reference = pair
    compact.initialize()
    assert compact.total == reference.total
    for word in [*domain_words()[:200], "营商环境", "不动产", "的", "登记"]:
        assert compact.FREQ[word] == reference.FREQ[word], word
    prefixes = [w[:n] for w in domain_words() for n in range(1, len(w)) if reference.FREQ.get(w[:n]) == 0]
    assert prefixes and all(compact.FREQ.get(p, 1) == 0 and p in compact.FREQ for p in prefixes)  # kept with 0
    assert compact.FREQ.get("不存在的词语组合") is None and "不存在的词语组合" not in compact.FREQ


def test_segments_the_five_sources_exactly_as_jieba(pair):
    compact, reference = pair
    lines = _source_lines()
    assert sum(map(len, lines)) > 60_000  # every line of the five sources
    for line in lines:
        assert compact.lcut(line, HMM=False) == reference.lcut(line, HMM=False)
        assert compact.lcut_for_search(line, HMM=False) == reference.lcut_for_search(line, HMM=False)
        assert compact.lcut(line) == reference.lcut(line)  # with HMM for unknown words


def test_the_trie_file_is_reused_and_the_dictionary_fixed(pair, tmp_path):
    compact, _ = pair
    trie_path, counts_path = compact._paths()
    assert trie_path.exists() and counts_path.exists()
    again = CompactTokenizer(domain_words(), extra_frequency=20000, cache_dir=compact.cache_dir)
    mtime = trie_path.stat().st_mtime_ns
    again.initialize()
    assert trie_path.stat().st_mtime_ns == mtime  # found by its digest, not rebuilt
    other = CompactTokenizer(["拿地即开工"], extra_frequency=20000, cache_dir=compact.cache_dir)
    assert other._paths()[0] != trie_path  # other words, another file
    with pytest.raises(TypeError):
        compact.add_word("新词")


def test_an_unwritable_cache_folder_keeps_the_trie_in_memory(pair, tmp_path):
    _, reference = pair
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    compact = CompactTokenizer(domain_words(), extra_frequency=20000, cache_dir=not_a_folder)
    line = normalise("推行秒报秒批与拿地即开工,實現營商環境持續優化")
    assert compact.lcut(line, HMM=False) == reference.lcut(line, HMM=False)
    assert compact.total == reference.total


def test_extraction_words_and_tags_are_jiebas_default_dictionary_and_posseg(tmp_path):
    from jieba import posseg

    from reforms.segmenter import PosTagger

    compact = CompactTokenizer(cache_dir=tmp_path)  # no extra words: what jieba.dt segments with
    tagger = PosTagger(compact)
    jieba.dt.check_initialized()
    lines = _source_lines()
    lines += [line for path in sorted(Path(settings.SOURCES_DIR).glob("*.txt"))
              for line in path.read_text(encoding="utf-8").splitlines()[:40]]  # as written: full-width, Traditional
    lines += ["2023年GDP增长5.2%，ABC-12 x\r\ny  办理时间由40个工作日缩短至6个工作日", "iPhone 15 和 5G 基站 3.5GHz"]
    for line in lines:
        assert compact.lcut(line, HMM=False) == jieba.dt.lcut(line, HMM=False)
        assert tagger.lcut(line) == [(pair.word, pair.flag) for pair in posseg.lcut(line, HMM=False)], line
    assert compact.FREQ.get("人口", 0) == jieba.dt.FREQ.get("人口", 0) >= 1000
    assert (tmp_path / compact._paths()[0].with_suffix(".tags").name).exists()  # the tags are a file too
