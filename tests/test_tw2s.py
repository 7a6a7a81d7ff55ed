"""Our tw2s against OpenCC's own (opencc-python-reimplemented, slow but the reference): the same text out,
for whole sources in both scripts and for generated text dense in what makes tw2s hard — phrases that
overlap, characters it sends round and back (才 → 纔 → 才), characters past the BMP."""

import functools

import opencc
import pytest
from django.conf import settings as django_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from reforms.text import Tw2s


@functools.cache
def ours() -> Tw2s:
    return Tw2s()


@functools.cache
def reference():
    return opencc.OpenCC("tw2s")


@functools.cache
def pieces() -> list[str]:
    """Every phrase and character of every step's dictionaries (keys and values), with plain text between."""
    phrases = sorted(k for step in ours().steps for k in step.table if len(k) > 1)
    characters = sorted({c for step in ours().steps for k, v in step.table.items() for c in k + v})
    return [*phrases, *characters, "才", "核", "營商環境", "，", "办理", "ab", "\n"]


@pytest.mark.parametrize("path", sorted(django_settings.SOURCES_DIR.glob("*.txt")), ids=lambda p: p.name[:3])
def test_every_source_converts_as_opencc_does(path):
    text = path.read_text(encoding="utf-8")
    assert ours().convert(text) == reference().convert(text)


@given(st.lists(st.sampled_from(pieces()) | st.sampled_from(pieces()).map(lambda p: p[1:]), max_size=30).map("".join))
@settings(max_examples=400, deadline=None)
def test_generated_text_converts_as_opencc_does(text):
    assert ours().convert(text) == reference().convert(text)


def test_characters_sent_round_and_back_leave_simplified_text_untouched_without_work():
    assert "才" not in ours().changeable and "核" not in ours().changeable
    assert "為" in ours().changeable  # 為 → 爲 → 为 does change
    assert ours().convert("人才核准") == "人才核准" == reference().convert("人才核准")


def test_a_character_past_the_bmp_is_converted_in_otherwise_simplified_text():
    text = "办理𠁞事项"
    assert ours().convert(text) == reference().convert(text) != text


@pytest.mark.parametrize("text", ["抬頭", "屋簷下", "顎骨", "么", "睪丸"])
def test_taiwan_variants_go_first_then_to_simplified(text):
    assert ours().convert(text) == reference().convert(text)
