"""A web page's story text, through trafilatura, without the page's furniture.

trafilatura reads a page two ways. Its precise reading (`favor_precision`) leaves out
more of what is not the story, and is used by default; but on some pages it keeps a
fraction of the story, and within a paragraph it can drop a link's words ("reported
that the NFL will fine Rudolph for" becomes "reported that for"). Its default reading
keeps the story whole, with teasers, captions and "Related" blocks around it. So both
are read: the default one, less the furniture `Furniture` can identify, replaces the
precise one when that keeps under half of it; and a precise paragraph that lost words
the default one has is taken as the default one gives it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cards.article.furniture import Furniture, lines_of, no_furniture

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# The precise reading is kept while it has at least this share of the default reading's
# letters (less its furniture). Counted in letters, not words: Chinese and Japanese set
# no spaces between words.
_PRECISE_SHARE = 0.5
# A precise paragraph is a default one with words lost when all its characters come in
# order in the default one, that one is at most twice as long, and it holds no other
# precise paragraph (it is one paragraph that lost a link, not two that the default
# reading ran together).
_LONGER_BY = 2.0


def body_paragraphs(html: str, source: str, root: HtmlElement | None = None) -> list[str]:
    """The story's paragraphs in the page `html` (parsed already as `root`, if it was);
    `source` names the page."""
    import trafilatura  # lazy: keeps start-up fast

    options: dict[str, Any] = {"include_comments": False, "include_tables": False,
                               "output_format": "txt"}
    precise = list(lines_of(trafilatura.extract(html, favor_precision=True, **options)))
    default = list(lines_of(trafilatura.extract(html, **options)))
    furniture = Furniture.of(root) if root is not None else no_furniture()
    whole = furniture.without(default)
    if _letters(precise) < _PRECISE_SHARE * _letters(whole):
        return whole
    return furniture.without(_restored(precise, default))


def _letters(lines: list[str]) -> int:
    return sum(sum(ch.isalnum() for ch in line) for line in lines)


def _restored(precise: list[str], default: list[str]) -> list[str]:
    """The precise paragraphs, each that lost words replaced by the default paragraph it
    came from."""
    known = set(default)
    used: set[int] = set()
    restored = []
    for line in precise:
        if line not in known:
            others = [other for other in precise if other != line]
            whole = next((k for k, d in enumerate(default) if k not in used
                          and len(line) < len(d) <= _LONGER_BY * len(line)
                          and _in_order(line, d) and not any(o in d for o in others)), None)
            if whole is not None:
                used.add(whole)
                line = default[whole]
        restored.append(line)
    return restored


def _in_order(part: str, whole: str) -> bool:
    """Whether every character of `part` comes in `whole`, in order."""
    rest = iter(whole)
    return all(ch in rest for ch in part)
