"""A web page's headline among the titles it offers: schema.org's, Open Graph's, the
`<title>` and the article's `<h1>`, each without the site's name that pages add to it,
and none that is only the site's name or a site-wide title such as "News Headlines"."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# What separates a title's headline from the site's name (or a section): a dash or a
# bar between spaces, a full-width bar, an underscore ("标题_新华网").
_SEPARATOR = re.compile(r"(\s+[-–—|·»]\s+|\s*[|｜]\s*|\s*_+\s*)")
# Words of a title that says nothing about one story: the home page's, a section's, an
# untitled template's. Lower case; a title made only of these (and the site's name) is
# site-wide. Our own list, in the languages of the pages cards reads.
_GENERIC_WORDS = frozenset("""
home homepage page main front start index welcome untitled document default site website
official online blog news newsroom headlines headline latest breaking top stories story
article articles today the a to of and in on at for our your
startseite nachrichten aktuell aktuelles meldungen accueil actualités actualité infos une
la le les noticias portada inicio últimas notícias notizie ultime berita terkini beranda
новости главная 뉴스 홈 新闻 首页 ニュース ホーム トップ
""".split())
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _substantial(text: str) -> bool:
    """Long enough to be a headline on its own: three words, or six Chinese, Japanese or
    Korean characters (which carry a word each, or more)."""
    return len(text.split()) >= 3 or len(_CJK.findall(text)) >= 6


def _names_site(part: str, sites: Sequence[str]) -> bool:
    """Whether a piece of a title is the site's name (or its host name)."""
    p = _key(part)
    for site in map(_key, sites):
        if p == site or site in p and len(p) <= len(site) + 12:
            return True
        if p in site and len(p) >= 4 and 2 * len(p) >= len(site):
            return True  # "Guardian" for "The Guardian", "Example.org" for its host
    return False


def title_parts(title: str) -> list[str]:
    """A title's pieces between separators: "Headline | Section | Site" has three."""
    return _SEPARATOR.split(re.sub(r"\s+", " ", title).strip())[::2]


def without_site(title: str, sites: Sequence[str], guess: bool = False) -> tuple[str, str | None]:
    """`title` without the site's name that pages put before or after the headline
    ("Headline - 新华网", "Site | Headline"), and the part taken off, if any. With
    `guess` (for a `<title>`, which nearly always ends so), a short last part is taken
    off even when it names no known site, as long as a substantial headline is left."""
    pieces = _SEPARATOR.split(re.sub(r"\s+", " ", title).strip())
    taken: str | None = None
    while len(pieces) > 2 and _names_site(pieces[-1], sites):
        taken = pieces[-1]
        pieces = pieces[:-2]
    while len(pieces) > 2 and _names_site(pieces[0], sites):
        taken = taken or pieces[0]
        pieces = pieces[2:]
    if taken is None and guess and len(pieces) > 2:
        last, rest = pieces[-1], "".join(pieces[:-2])
        if len(last.split()) <= 5 and len(last) <= 40 and _substantial(rest):
            taken, pieces = last, pieces[:-2]
    return "".join(pieces).strip(), taken


def is_generic(title: str, sites: Sequence[str]) -> bool:
    """Whether a title names no story: empty, the site's name or host, or site-wide
    words only ("Home", "News Headlines", "Startseite - Rheinbote")."""
    key = _key(title)
    if not key or _names_site(key, sites) and len(key) <= max(map(len, sites), default=0) + 12:
        return True
    for site in sorted(map(_key, sites), key=len, reverse=True):
        key = key.replace(site, " ")
    words = re.findall(r"\w+", key)
    return all(word in _GENERIC_WORDS for word in words)


def choose_title(
    offered: Iterable[tuple[str, str]], sites: Sequence[str], headings: Sequence[str],
) -> tuple[str, str] | None:
    """The headline among the titles `offered` as (text, origin) in order of trust, and
    its origin; the article's `<h1>` (`headings`, the likeliest first) when none of them
    names the story. A `<title>` that is an `<h1>` with more around it ("Site: Headline")
    gives the `<h1>`."""
    real_headings = [h for h in headings if _substantial(h) and not is_generic(h, sites)]
    for text, origin in offered:
        is_tag = origin == "<title>"
        title, _ = without_site(text, sites, guess=is_tag)
        if is_generic(title, sites):
            continue
        if is_tag:
            whole = re.sub(r"\s+", " ", text).strip()
            for heading in real_headings:
                if heading != title and heading in whole and 2 * len(heading) >= len(whole):
                    return heading, "<h1>"
        return title, origin
    if real_headings:
        return real_headings[0], "<h1>"
    return None
