"""Where phrases begin in Japanese, Chinese and Thai, which are written without spaces.
UAX #14 allows a break between almost any two characters of Japanese and Chinese, so a
line could end inside a word (居|場所, 没|有), and none inside a run of Thai, so a Thai
line could break only at a space. BudouX's models give the phrase boundaries: the even-
rag breaker avoids the others at a cost (`glue`), and Thai gets breaks at its words.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cards.text.languages import phrase_model, spaceless

# BudouX's Chinese models split some words built on 一 (唯|一, 统|一), and then a line may
# start with 一, which reads as a dash. A lone 一 joins the measure word after it (一个,
# 一座) or else the single character before it (唯一).
_ONE = "一"


@lru_cache(maxsize=4)
def _parser(model: str) -> Any:
    import budoux  # lazy: keeps start-up fast

    loaders = {"ja": budoux.load_default_japanese_parser,
               "th": budoux.load_default_thai_parser,
               "zh-hans": budoux.load_default_simplified_chinese_parser,
               "zh-hant": budoux.load_default_traditional_chinese_parser}
    return loaders[model]()


def _join_ones(chunks: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(chunks):
        chunk = chunks[i]
        nxt = chunks[i + 1] if i + 1 < len(chunks) else ""
        if chunk == _ONE and len(nxt) >= 1 and spaceless(nxt[0]) and nxt[0] != _ONE \
                and (len(nxt) == 1 or not (out and len(out[-1]) == 1)):
            out.append(chunk + nxt)
            i += 2
            continue
        if chunk == _ONE and out and len(out[-1]) == 1 and spaceless(out[-1]):
            out[-1] += chunk
        else:
            out.append(chunk)
        i += 1
    return out


@lru_cache(maxsize=512)
def phrase_starts(text: str, lang: str) -> frozenset[int] | None:
    """The offsets where a phrase begins (and the text's end), or None where the
    language has no phrase model or the text has nothing written without spaces."""
    model = phrase_model(lang)
    if model is None or not any(spaceless(ch) for ch in text):
        return None
    chunks = _parser(model).parse(text)
    if model != "ja":
        chunks = _join_ones(chunks)
    starts, at = {0}, 0
    for chunk in chunks:
        at += len(chunk)
        starts.add(at)
    return frozenset(starts)
