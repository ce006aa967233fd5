"""Page furniture: the lines around a story that are not its text. Navigation and sharing
lines, picture credits and slideshow counters, which plain text and web pages share; and,
on a web page, whose links and captions are known, teasers, "Read more" and "Related"
blocks and captions.

Pure: a page's links and captions are read once (`Furniture.of`), then each line is
judged by its text alone."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Lines a browser copy picks up from page furniture: navigation, sharing, ads, galleries.
# Compared in lower case without trailing punctuation, so "Share:" and "SHARE" match too.
BOILERPLATE = frozenset([
    "skip to main content", "skip to content", "skip to navigation", "share this story",
    "share this article", "share", "share on facebook", "share on twitter", "share on x",
    "tweet", "email", "print", "copy link", "comments", "advertisement", "ad", "sponsored",
    "subscribe", "subscribe now", "sign up", "sign in", "log in", "menu", "search", "close",
    "read more", "related", "related articles", "related stories", "more from", "most popular",
    "newsletter", "follow us", "listen to this article", "open in app", "continue reading",
    "show more", "loading", "next", "previous", "prev", "next slide", "previous slide",
    "enlarge this image", "expand", "view gallery", "view slideshow", "view all photos",
    "launch gallery", "slideshow", "gallery", "photos", "play video", "watch video",
])  # fmt: skip

# Credits under pictures: "Illustration by X / Y", "Photograph: X", "Image copyright X",
# "(Photo by X/Getty Images)". They name a photographer, never say anything quotable, and
# must not become the headline.
CREDIT_RE = re.compile(
    r"^\(?(?:(?:photo\s+)?illustration|photo(?:graph)?s?|image|picture|video|credit|foto|"
    r"bild|crédit(?:\s+photo)?)(?:\s+by\s+|\s*:\s*|\s+copyright\s+|\s+caption\s+|\s*©\s*)\S",
    re.IGNORECASE,
)
# A caption's credit at its end: "… on Saturday. (Photo: Jane Roe/Estuary News)", "… the
# quay. Jane Roe/Getty Images". A paragraph of the story does not end so.
_CREDIT_AT_END_RE = re.compile(
    r"(?:\((?:photo|image|picture|foto|bild|credit)s?\b[^()]*\)|"
    r"(?:\bvia\s+|/\s*)(?:getty images|afp|reuters|ap|epa|shutterstock)\)?)\s*$",
    re.IGNORECASE,
)
# "3 of 12", "Photo 3/12", "Bild 3 von 12": a slideshow's counter.
_COUNTER_RE = re.compile(
    r"^(?:(?:photo|image|picture|slide|foto|bild|imagen)\s*)?\d{1,3}\s*(?:/|of|von|de|di|sur)"
    r"\s*\d{1,3}$",
    re.IGNORECASE,
)
# What opens a block of links to other stories, alone on its line or before a link:
# "Read more", "Related: …", "Lesen Sie auch", "À lire aussi", "Leer más", "Baca juga".
_LEAD_IN_RE = re.compile(
    r"^(?:read more|read also|also read|more|see also|related(?: stories| articles| content|"
    r" coverage)?|recommended(?: for you)?|you may also like|you might also like|more from .{1,40}|"
    r"more stories|most read|most popular|trending|top stories|lesen sie auch|mehr zum thema|"
    r"das könnte sie auch interessieren|à lire aussi|lire aussi|sur le même sujet|"
    r"leer más|lea también|le puede interesar|leia também|leia mais|leggi anche|baca juga|"
    r"читайте также)\s*[:»›>|-]?\s*",
    re.IGNORECASE,
)
_BULLET_RE = re.compile(r"^[-–•·*]\s+")
# A teaser, a link's own line, is a headline: short.
_TEASER_WORDS = 30


def is_boilerplate(line: str) -> bool:
    """A line of navigation, sharing, a picture's credit or a slideshow's counter."""
    key = line.strip().lower().rstrip(" :.›»>|")
    return (key in BOILERPLATE or len(key) == 0 or bool(CREDIT_RE.match(line))
            or bool(_COUNTER_RE.match(key)))


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class Furniture(Struct, frozen=True):
    """What a page shows around its story: its links' texts and its captions' texts."""

    links: frozenset[str]
    captions: frozenset[str]

    @classmethod
    def of(cls, root: HtmlElement) -> Furniture:
        links = {_key(a.text_content()) for a in root.iter("a")}
        captions = {
            _key(element.text_content())
            for element in root.xpath(
                "//figcaption | //*[@itemprop='caption'] | //*[contains(@class, 'caption')]"
                " | //*[contains(@class, 'credit')]")
        }
        # Two letters or more: a link on "a" or "1" would take those out of every line.
        return cls(frozenset(t for t in links if len(t) >= 2),
                   frozenset(t for t in captions if t))

    def _unlinked(self, line: str) -> str:
        """The line without the text of any link it holds, whole words only."""
        for link in sorted((t for t in self.links if t in line), key=len, reverse=True):
            line = re.sub(rf"(?<!\w){re.escape(link)}(?!\w)", " ", line)
        return line

    def _link_only(self, line: str) -> bool:
        return len(line.split()) <= _TEASER_WORDS and not re.search(r"\w", self._unlinked(line))

    def _teaser_item(self, line: str) -> bool:
        """A list item that opens with a link of three words or more and says little
        after it, in a sentence of its own: a teaser's headline and its subline. (After
        a link that starts a sentence of the story's list, the sentence goes on in lower
        case.)"""
        if not _BULLET_RE.match(line) or len(line.split()) > _TEASER_WORDS:
            return False
        item = _BULLET_RE.sub("", line)
        return any(item.startswith(link) and len(link.split()) >= 3
                   and not item[len(link):].lstrip()[:1].islower()
                   for link in self.links if link in item)

    def is_furniture(self, line: str) -> bool:
        """A line a reader would not count as the story's: see the module's docstring."""
        text = _BULLET_RE.sub("", line)
        if is_boilerplate(text) or _key(text) in self.captions:
            return True
        if _CREDIT_AT_END_RE.search(text) and len(text.split()) <= 60:
            return True
        lead = _LEAD_IN_RE.match(text)
        if lead and (lead.end() == len(text) or self._link_only(text[lead.end():])):
            return True
        return self._link_only(text) or self._teaser_item(line)

    def starts_block(self, line: str) -> bool:
        """A heading alone on its line that opens a list of links: "Related", "Read more"."""
        lead = _LEAD_IN_RE.match(line)
        return lead is not None and lead.end() == len(line.strip()) and len(line.split()) <= 6

    def without(self, lines: Sequence[str]) -> list[str]:
        """The lines that are not furniture. After a "Related" or "Read more" heading,
        every line up to the next one that is neither a link nor a list item goes too."""
        kept: list[str] = []
        in_block = False
        for line in lines:
            if self.starts_block(line):
                in_block = True
                continue
            if in_block and (_BULLET_RE.match(line) or self._leads_with_link(line)):
                continue
            in_block = False
            if not self.is_furniture(line):
                kept.append(line)
        return kept

    def _leads_with_link(self, line: str) -> bool:
        return len(line.split()) <= _TEASER_WORDS and any(
            line.startswith(link) and len(link.split()) >= 2 for link in self.links
            if link in line)


def no_furniture() -> Furniture:
    """For text without a page around it (a CMS export's HTML body): no links, no captions."""
    return Furniture(frozenset(), frozenset())


def lines_of(text: str | None) -> Iterable[str]:
    return (_key(line) for line in (text or "").split("\n") if line.strip())
