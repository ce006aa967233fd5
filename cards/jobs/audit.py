"""Auditing cards after a story is corrected: each card found in a folder (or listed in a
batch's manifest) that was made from the story has its quote checked again against the
article as it reads now, by the verification that made it. Nothing is written.

A card knows its story by the text it carries (`read_card_text`): the story's URL as the
article stated it, its QR code's link, and the article's path or URL as given. Cards
made from another story are left out, unless every card is asked for.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from msgspec import Struct, field

from cards.article.model import Article
from cards.errors import CardsError, InputError, NotACardError, QuoteError
from cards.files import inside, read_bounded
from cards.jobs.manifest import MANIFEST, manifest_cards
from cards.quotes.find import all_quotations
from cards.quotes.style import parse_emphasis
from cards.quotes.verify import verify_quote
from cards.render.png import CARD_SUFFIXES, checked_quote, is_verified, read_card_text

# A manifest lists a row for each card; a batch of a hundred thousand cards writes one of
# about 70 MB. Anything larger is not one.
MAX_MANIFEST_MB = 100

Status = Literal["gone", "unverified", "fine", "other", "not_card", "unreadable"]


class Finding(Struct, frozen=True):
    """What the audit found of one file. `quote` is the quote as the card shows it;
    `closest` the article's words nearest it now and `reason` verify's words, for a
    quote no longer found; `found` whether an unverified card's quote is in the article
    now; `story` the article (URL or path) a card from another story names; `reason`
    also says why a file is not a card or could not be read."""

    file: str
    row: str | None
    status: Status
    quote: str | None = None
    closest: str | None = None
    reason: str | None = None
    found: bool | None = None
    story: str | None = None


class Audit(Struct, frozen=True):
    """Every file the audit looked at, in the order found."""

    article: str  # the article as given
    story_url: str | None  # the story's URL it was matched by, if any
    findings: tuple[Finding, ...] = field(default=())

    def having(self, status: Status) -> list[Finding]:
        return [f for f in self.findings if f.status == status]


def story_key(url: str | None) -> str | None:
    """What names a story in its URL: the host without www., the path without a final
    slash, and the query without tracking parameters (utm_…, fbclid, gclid). http and
    https, and a fragment, name the same story."""
    if not url or "://" not in url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not k.lower().startswith("utm_") and k.lower() not in ("fbclid", "gclid"))
    where = f"{host}:{port}" if port not in (None, 80, 443) else host
    return where + (parts.path.rstrip("/") or "") + (f"?{urlencode(query)}" if query else "")


def _is_url(text: str | None) -> bool:
    return bool(text) and "://" in str(text)


class Story(Struct, frozen=True):
    """The article being audited against, as cards are matched to it: its URLs (the
    story's own, the address it was read from, one given) and the file it was read from."""

    urls: frozenset[str]
    path: str | None

    @classmethod
    def of(cls, article: Article, source: str, url: str | None = None) -> Story:
        keys = {story_key(u) for u in (article.url, source if _is_url(source) else None, url)}
        path = None if _is_url(source) or source == "-" else source
        return cls(frozenset(k for k in keys if k), path)

    def made_from(self, text: Mapping[str, str]) -> bool:
        """Whether a card with this text was made from this story: by URL where both
        have one (the card's Article URL, its QR link or its article's address), else
        by the file (a relative path taken from the current folder)."""
        urls = {story_key(text.get(key)) for key in ("Article URL", "Source", "Article")}
        urls.discard(None)
        if urls and self.urls:
            return bool(urls & self.urls)
        given = text.get("Article")
        if self.path is None or not given or _is_url(given) or given == "<stdin>":
            return False
        return _same_file(given, self.path)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return os.path.abspath(a) == os.path.abspath(b)


def card_story(text: Mapping[str, str]) -> str | None:
    """The story a card names, as a person would recognise it: its URL, else its file."""
    return text.get("Article URL") or text.get("Article") or text.get("Source")


def still_there(article: Article, quote: str) -> QuoteError | None:
    """None if `quote` is in the article as a card needs it: verified as `cards render`
    verifies a quote's text, or, word for word, one of the article's quotations (as a
    quote chosen by its number is, brackets of the article's own included); else
    verify's error, with the article's words nearest the quote."""
    try:
        verify_quote(article, quote)
        return None
    except QuoteError as e:
        plain = parse_emphasis(quote)[0]
        if any(q.quote.text == plain for q in all_quotations(article, speech_only=False)):
            return None
        return e


def card_files(target: Path, warn: Callable[[str], None] | None = None
               ) -> Iterator[tuple[Path, str | None]]:
    """Each card file to audit, with the batch row that made it where a manifest says:
    every file named like a card in a folder and the folders in it (symbolic links to
    folders are not followed), the one card given, or the files a manifest lists."""
    if target.is_dir():
        def unread(e: OSError) -> None:
            if warn is not None:  # its cards go unchecked: say so, never pass them over
                warn(f"cannot read the folder {e.filename}: {e.strerror}; its cards were not"
                     " checked")

        for root, folders, files in os.walk(target, onerror=unread):
            folders.sort()
            rows = _rows(Path(root) / MANIFEST, warn) if MANIFEST in files else {}
            for name in sorted(files):
                if name.lower().endswith(CARD_SUFFIXES):
                    yield Path(root) / name, rows.get(name)
    elif target.suffix.lower() == ".json":
        listed = [(inside(target.parent, card["file"]), card) for card in _manifest(target)]
        for path, card in listed:
            if path is None:
                raise InputError(f"{target}: names a file outside its folder"
                                 f" ({card['file']}); not a manifest made by cards batch")
        yield from ((path, card["row"]) for path, card in listed if path is not None)
    elif target.exists() or target.suffix.lower() in CARD_SUFFIXES:
        yield target, None
    else:
        raise CardsError(f"{target}: no such folder, card or manifest; give the folder the"
                         " cards are in, or a batch's manifest.json")


def _manifest(path: Path) -> list[dict[str, str]]:
    limit = MAX_MANIFEST_MB * 1_000_000
    data, size = read_bounded(path, limit, "manifest")
    if size > limit:
        raise InputError(f"{path} is larger than {MAX_MANIFEST_MB} MB: not a manifest made by"
                         " cards batch")
    try:
        return manifest_cards(data)
    except (ValueError, TypeError) as e:
        reason = "not JSON" if isinstance(e, (json.JSONDecodeError, UnicodeDecodeError)) else e
        raise InputError(f"{path}: not a manifest made by cards batch ({reason})") from None


def _rows(path: Path, warn: Callable[[str], None] | None) -> dict[str, str]:
    """The row of each file a folder's manifest lists; a manifest that cannot be read
    is reported, and its folder's cards audited without their rows."""
    try:
        return {card["file"]: card["row"] for card in _manifest(path)}
    except CardsError as e:
        if warn is not None:
            warn(f"{e.message}; its folder's cards are listed without their rows")
        return {}


def audit_cards(target: Path, article: Article, source: str, url: str | None = None,
                every: bool = False, warn: Callable[[str], None] | None = None) -> Audit:
    """Check each card in `target` (a folder, a card, or a batch's manifest.json) made
    from `article` (read from `source`; `url` the story's URL where the article states
    none) against it, or every card with `every`. Raises when `target` holds no card."""
    story = Story.of(article, source, url)
    checked: dict[str, QuoteError | None] = {}  # the presets of a row share their quote
    findings = []
    for path, row in card_files(target, warn):
        name = str(path)
        try:
            text = read_card_text(path)
        except NotACardError as e:
            findings.append(Finding(name, row, "not_card", reason=e.message))
            continue
        except CardsError as e:
            findings.append(Finding(name, row, "unreadable", reason=e.message))
            continue
        shown = text.get("Description")
        if not every and not story.made_from(text):
            findings.append(Finding(name, row, "other", shown, story=card_story(text)))
            continue
        quote = checked_quote(text)
        if quote not in checked:
            checked[quote] = still_there(article, quote)
        error = checked[quote]
        closest = error.passage if error is not None else None
        reason = error.message if error is not None else None
        if not is_verified(text):
            findings.append(Finding(name, row, "unverified", shown, closest, reason,
                                    found=error is None))
        elif error is not None:
            findings.append(Finding(name, row, "gone", shown, closest, reason))
        else:
            findings.append(Finding(name, row, "fine", shown))
    if not any(f.status not in ("not_card", "unreadable") for f in findings):
        raise CardsError(_no_cards(target, findings))
    return Audit(source, url or article.url or (source if _is_url(source) else None),
                 tuple(findings))


def _no_cards(target: Path, findings: list[Finding]) -> str:
    if not findings:
        return f"{target}: no cards there (no {' or '.join(CARD_SUFFIXES)} files)"
    if len(findings) == 1:
        return findings[0].reason or f"{target}: not a card"
    return (f"{target}: no cards there ({len(findings)} files named like cards, none made by"
            " cards or readable)")
