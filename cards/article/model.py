"""The `Article` model: one story's metadata and paragraphs, each field knowing where it
came from; built the same way from front matter, a CMS export and a web page."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from urllib.parse import urlsplit

from msgspec import Struct, field

from cards.article.language import GUESSED, guess_language

_NOT_THE_STORY = frozenset({"origins", "ignored", "warnings"})


class Article(Struct, frozen=True):
    """One story: its metadata and its body as paragraphs (white space already tidied)."""

    title: str | None
    url: str | None
    site_name: str | None
    author: str | None
    published: str | None
    language: str
    paragraphs: tuple[str, ...]
    source: str
    image: str | None = None
    # The article states its language. A language guessed from the text (origins say so)
    # is not stated: a card still takes a quote's own script first (an Arabic quote in
    # an English story).
    language_given: bool = False
    kicker: str | None = None  # a label for the card, such as "Interview" or "Analysis"
    # Where each metadata field came from ("JSON-LD", "front matter", …), for `cards info`.
    origins: Mapping[str, str] = field(default_factory=dict)
    # Keys of the front matter or CMS export that cards does not use ("category", "id"),
    # and a warning for those that look like one it does, misspelt.
    ignored: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    # Where the fields came from, and what was left out, are not the story: two articles
    # that differ only there are equal, and hash alike (an article keys caches).
    def _story(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__struct_fields__
                     if name not in _NOT_THE_STORY)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Article):
            return NotImplemented
        return self._story() == other._story()

    def __hash__(self) -> int:
        return hash(self._story())

    @property
    def text(self) -> str:
        """The body as one string, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)



_SPACES = re.compile(r"[ \t\r\n\f\v]+")



def tidy(paragraph: str) -> str:
    """One paragraph with runs of ordinary white space as one space. NBSP is kept: it
    may be deliberate (before a unit, inside French guillemets) and matching ignores it."""
    return _SPACES.sub(" ", paragraph).strip()



def composed(text: str) -> str:
    """`text` with each letter and the accents typed after it (e and U+0301, as text
    copied on a Mac often has them) as the one character that stands for both (é), where
    Unicode has one (its canonical composition, NFC). A name then reads as one word to
    the patterns that find speakers ("René", not "Rene"), and the card sets the letter
    its font draws for it. Nothing else changes: a character Unicode would only swap for
    an equivalent one (a CJK compatibility ideograph, the ångström sign) is kept as the
    article has it."""
    if unicodedata.is_normalized("NFC", text):
        return text
    out: list[str] = []
    start = 0
    for k in range(1, len(text) + 1):
        if k < len(text) and unicodedata.combining(text[k]):
            continue
        cluster = text[start:k]
        out.append(unicodedata.normalize("NFC", cluster) if len(cluster) > 1 else cluster)
        start = k
    return "".join(out)


def reading_warnings(article: Article) -> list[str]:
    """What a reader of the cards should be told about how the article was read: an
    encoding that had to be guessed, keys that look misspelt."""
    guessed = article.origins.get("encoding")
    return [*([f"{article.source}: {guessed}"] if guessed else []), *article.warnings]


def from_fields(fields: Mapping[str, str], paragraphs: list[str], source: str,
                origins: Mapping[str, str], ignored: tuple[str, ...] = (),
                warnings: tuple[str, ...] = ()) -> Article:
    """An Article from metadata by field name (title, url, site_name, author, published,
    language, image, kicker), as front matter, a CMS export or a web page gives it. An
    article that states no language gets the one its text plainly shows, if any."""
    language, origins = fields.get("language"), dict(origins)
    paragraphs = [composed(paragraph) for paragraph in paragraphs]
    if not language:
        language = guess_language("\n\n".join(paragraphs))
        if language:
            origins["language"] = GUESSED
    text = {name: composed(fields[name]) for name in ("title", "site_name", "author", "kicker")
            if fields.get(name)}
    return Article(
        title=text.get("title"), url=fields.get("url"), site_name=text.get("site_name"),
        author=text.get("author"), published=fields.get("published"),
        language=language or "en", paragraphs=tuple(paragraphs), source=source,
        image=fields.get("image"), kicker=text.get("kicker"),
        language_given=bool(fields.get("language")), origins=origins, ignored=ignored,
        warnings=warnings,
    )


def site_from_url(url: str | None) -> str | None:
    """A publication name to fall back on: the URL's host without "www."."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
