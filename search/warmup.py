"""Load jieba's dictionary and OpenCC's tables once, before a process serves its first request."""


def warm_up() -> None:
    from .normalise import normalise
    from .tokens import tokenizer, word_stream

    tokenizer()
    word_stream(normalise("營商環境觀察員带押过户"))
