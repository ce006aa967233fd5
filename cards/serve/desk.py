"""The desk behind the web page: the stories read, the pictures given, the cards made; and
each step the page asks for, through the same pipeline as the command line. Nothing here
knows of HTTP: the page's fields arrive as a mapping and leave as plain values.

Every file the page gives lives in the desk's private folder, under a name the desk
chose; the page refers to a story, a picture or a card by an id, never by a path. A
template is one the catalog lists, a brand kit one that `cards serve` was given."""

from __future__ import annotations

import re
import secrets
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

from msgspec import Struct
from msgspec.structs import replace

from cards.article.load import load_article, looks_like_address, read_article
from cards.article.model import Article, reading_warnings
from cards.design.brand import DEFAULT_KIT, Brand, default_brand, load_brand
from cards.design.catalog import find_template, load_template
from cards.design.model import PRESETS, Template
from cards.design.rules import check_image
from cards.errors import (
    CardsError,
    OptionError,
    QuoteError,
    TemplateError,
    internal_error,
    named,
    word,
)
from cards.pipeline import CardOptions, plan_cards
from cards.preview.plan import render_command
from cards.quotes.rank import rank_quotes
from cards.quotes.verify import is_number, pick_quote
from cards.render.spec import CardSpec

# What each field is called on the page, for messages the library words by field.
LABELS = {
    "quote": "Quote", "speaker": "Speaker", "headline": "Headline", "site": "Site",
    "url": "Story URL", "lang": "Language", "kicker": "Kicker", "photo": "Speaker photo",
    "image": "Picture", "template": "Design", "size": "Size", "brand": "Brand kit",
    "story": "Story", "story_url": "Story address", "picture": "Picture",
    "unverified": "Make cards of it even if it is not in the story",
    "no_qr": "No QR code", "story_qr": "Keep the QR code on story cards",
    "story_file": "Story file",
}

# The article's fields the page shows, with what the card does with each.
SHOWN = ("title", "site_name", "url", "language", "author", "published")

# Suffixes of the files a story may be, and of pictures.
STORY_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".json")
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")

# The stories a desk keeps in memory, at most: a story's text is held about three times
# (as given, as paragraphs, normalised for verification).
STORIES_BUDGET = 400_000_000

K = TypeVar("K")
V = TypeVar("V")


class Kept(Generic[K, V]):
    """The last `size` values by key: a desk open all day does not grow without end.
    `dropped` is told of each value let go (a picture's file is removed with it)."""

    def __init__(self, size: int, dropped: Callable[[V], None] | None = None,
                 weigh: Callable[[V], int] | None = None, budget: int = 0) -> None:
        self.size = size
        self.dropped = dropped
        self.weigh, self.budget, self.weight = weigh, budget, 0  # bytes, where weighed
        self.items: OrderedDict[K, V] = OrderedDict()

    def put(self, key: K, value: V) -> V:
        if key in self.items:
            self._let_go(key)
        self.items[key] = value
        self.weight += self.weigh(value) if self.weigh else 0
        while len(self.items) > self.size or (
                self.weigh and self.weight > self.budget and len(self.items) > 1):
            self._let_go(next(iter(self.items)))
        return value

    def _let_go(self, key: K) -> None:
        old = self.items.pop(key)
        self.weight -= self.weigh(old) if self.weigh else 0
        if self.dropped is not None:
            self.dropped(old)

    def get(self, key: K) -> V | None:
        value = self.items.get(key)
        if value is not None:
            self.items.move_to_end(key)
        return value


# Fields that are the server's own, set when it starts, not on the page.
STARTED_WITH = {"allow_private_hosts": "cards serve --allow-private-hosts",
                "max_article_mb": "cards serve --max-article-mb N"}


def on_page(field: str) -> str:
    """A field as the page names it: its box's label, in quotes (or how `cards serve`
    is started, for what is set there)."""
    if field in STARTED_WITH:
        return STARTED_WITH[field]
    return f"“{LABELS.get(field, field)}”"


def page_error(e: CardsError) -> dict[str, Any]:
    """An error as the page shows it: one line, and the field to highlight."""
    return {"error": e.worded(on_page), "field": e.field}


class Story(Struct, frozen=True):
    """An article the page read, and how the command that remakes a card names it: "-"
    with the pasted `text` on its stdin, the name of the file given, or the URL."""

    id: str
    article: Article
    given: str
    text: str | None = None
    marker: str = ""  # the here-document's end marker: a line the text does not hold


class Picture(Struct, frozen=True):
    """A picture the page gave: where the desk keeps it, and its name as given (which
    the command uses: run it beside a copy of the file)."""

    id: str
    path: Path
    name: str


class Made(Struct, frozen=True):
    """A card drawn: its file's bytes, its guides drawn over it (if asked), and what the
    page shows of it."""

    png: bytes
    guides: bytes | None
    filename: str


def safe_name(name: str, suffixes: tuple[str, ...], fallback: str) -> str:
    """A file's name as the command names it: the last part of what the browser sent,
    as it was (the command quotes it for the shell), if it has a suffix cards reads and
    no control characters; else `fallback`."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if (not base or base.startswith(".") or len(base) > 200
            or any(ord(c) < 32 or ord(c) == 127 for c in base)
            or not base.lower().endswith(suffixes) or base.lower() in suffixes):
        return fallback
    return base


def end_marker(text: str) -> str:
    """A here-document's end marker that is no line of `text`."""
    marker = "STORY"
    lines = set(text.split("\n"))
    while marker in lines:
        marker += "_END"
    return marker


class Desk:
    """One `cards serve`'s state. `folder` is its private folder (removed when it stops);
    `brands` the kits the page may choose, by the name the command line gave them."""

    def __init__(self, folder: Path, brands: tuple[str, ...] = (),
                 templates: tuple[str, ...] = ()) -> None:
        self.folder = folder
        self.brands = brands
        self.templates = templates
        # Stories by count and by size: 64 of them, or fewer long ones (a hostile page
        # pasting 10 MB again and again must not take the machine's memory).
        self.stories: Kept[str, Story] = Kept(
            64, weigh=lambda story: 3 * len(story.article.text), budget=STORIES_BUDGET)
        # Each picture's file goes with it: the folder holds at most 64 of them.
        self.pictures: Kept[str, Picture] = Kept(
            64, lambda picture: picture.path.unlink(missing_ok=True))
        self.designs: Kept[tuple[object, ...], tuple[Template, Brand | None]] = Kept(32)
        self.cards: Kept[str, Made] = Kept(
            250, weigh=lambda made: len(made.png) + len(made.guides or b""),
            budget=300_000_000)  # a photo story card is up to 2 MB

    # Reading --------------------------------------------------------------------------

    def _keep(self, story: Story) -> Story:
        return self.stories.put(story.id, story)

    def read_text(self, text: str) -> Story:
        """Pasted text, as `cards render -` reads it from stdin (the command feeds it the
        same text: every line ended, once)."""
        text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n") + "\n"
        if not text.strip():
            raise OptionError(f"{named('story')}: nothing was pasted", field="story")
        article = read_article(text.encode("utf-8"), "<stdin>")
        return self._keep(Story(secrets.token_hex(8), article, "-", text, end_marker(text)))

    def read_file(self, data: bytes, name: str) -> Story:
        """A story file the page was given, read as the command line reads that file."""
        shown = safe_name(name, STORY_SUFFIXES, "")
        if not shown:
            raise OptionError(f"{named('story_file')}: {name!r} is not a story file cards"
                              " reads; give a .txt, .md, .html or .json file",
                              field="story_file")
        try:
            article = read_article(data, shown)
        except CardsError as e:
            e.field = e.field or "story_file"
            raise
        return self._keep(Story(secrets.token_hex(8), article, shown))

    def read_url(self, url: str) -> Story:
        """A story fetched from the web, under the fetcher's address policy and limits."""
        url = url.strip()
        if not url.lower().startswith(("http://", "https://")):
            hint = "; add https://" if looks_like_address(url) else ""
            raise OptionError(f"{named('story_url')}: {url!r} is not an http(s) address{hint}",
                              field="story_url")
        return self._keep(Story(secrets.token_hex(8), load_article(url), url))

    def add_picture(self, data: bytes, name: str, field: str = "photo") -> Picture:
        """A picture (the speaker's `photo`, or the `image` a design is set over) kept in
        the private folder and checked as the command line checks one."""
        if field not in ("photo", "image"):
            raise OptionError(f"{named('picture')}: no picture called {field!r}",
                              field="picture")
        shown = safe_name(name, PICTURE_SUFFIXES, "")
        if not shown:
            raise OptionError(f"{named(field)}: {name!r} is not a PNG, JPEG or WebP file",
                              field=field)
        ident = secrets.token_hex(8)
        path = self.folder / f"{ident}{Path(shown).suffix.lower()}"
        with open(path, "xb") as file:  # a name of the desk's own: never an existing file
            file.write(data)
        try:
            check_image(path, named(field))
        except TemplateError as e:
            path.unlink(missing_ok=True)
            raise OptionError(e.message.replace(str(path), repr(shown)), field=field) from None
        return self.pictures.put(ident, Picture(ident, path, shown))

    # What the page shows of a story ---------------------------------------------------

    def summary(self, story: Story) -> dict[str, Any]:
        """What was read (each field with where it came from) and the ranked quotes."""
        a = story.article
        fields = {name: {"value": getattr(a, name), "from": a.origins.get(
            "site_name" if name == "site_name" else name)} for name in SHOWN}
        quotes = [{"number": c.number, "text": c.quote.text, "speaker": c.quote.speaker,
                   "reason": c.reason, "chars": c.chars} for c in rank_quotes(a)]
        return {"story": story.id, "given": story.given, "stdin": story.text,
                "fields": fields, "quotes": quotes,
                "paragraphs": len(a.paragraphs),
                "warnings": [word(m, on_page) for m in reading_warnings(a)]}

    def check(self, story: Story, quote: str) -> dict[str, Any]:
        """Whether `quote` (typed, or a number) is the article's; if not, why, the
        closest passage and the listed quote it was most likely meant to be."""
        article = self.named(story)
        try:
            found = pick_quote(article, quote)
        except QuoteError as e:
            e.command = "Pick it in the list."
            return {"verified": False, **page_error(e), "passage": e.passage,
                    "meant": e.meant}
        except CardsError as e:
            return {"verified": False, **page_error(e), "passage": None, "meant": None}
        # The story's own words where the quote has an editor's brackets or an ellipsis
        # ("[Google]" for "ICE"): what the card stands for, to read beside what it says.
        words = article.text[found.span[0]:found.span[1]] if found.span else None
        edited = bool(re.search(r"[\[\]…]|\.\.\.", quote)) and not is_number(quote)
        return {"verified": True, "text": found.text, "speaker": found.speaker,
                "number": int(quote) if is_number(quote) else None,
                "story_words": words if edited else None}

    @staticmethod
    def named(story: Story) -> Article:
        """The story as messages on the page name it: a pasted one is not "<stdin>"."""
        if story.text is None:
            return story.article
        return replace(story.article, source="the pasted story")

    # Cards ----------------------------------------------------------------------------

    def options(self, form: Mapping[str, Any]) -> tuple[CardOptions, CardOptions]:
        """The page's choices as the `CardOptions` the card is made with, and as the
        command line gives them (pictures and kits by the names it knows them by)."""
        def text(key: str) -> str | None:
            value = form.get(key)
            if value is None:
                return None
            if not isinstance(value, str):
                raise OptionError(f"{named(key)}: expected text", field=key)
            return value

        def flag(key: str) -> bool:
            return form.get(key) is True

        quote = (text("quote") or "").strip()
        if not quote:
            raise OptionError(f"{named('quote')}: pick a quote or type one", field="quote")
        brand = text("brand") or None
        if brand is not None and brand not in self.brands:
            raise OptionError(f"{named('brand')}: no brand kit {brand!r} on this desk",
                              field="brand")
        pictures: dict[str, Picture | None] = {}
        for key in ("photo", "image"):
            ident = text(key) or None
            pictures[key] = self.pictures.get(ident) if ident else None
            if ident and pictures[key] is None:
                raise OptionError(f"{named(key)}: that picture is no longer on the desk;"
                                  " choose it again", field=key)
        chosen = CardOptions(
            quote=quote, speaker=text("speaker"), headline=text("headline"),
            site=text("site"), url=(text("url") or None), kicker=text("kicker"),
            lang=(text("lang") or None), brand=brand, unverified=flag("unverified"),
            mark_unverified=flag("mark_unverified"), story_qr=flag("story_qr"),
            no_qr=flag("no_qr"))
        photo, image = pictures["photo"], pictures["image"]
        made = replace(chosen, photo=str(photo.path) if photo else None,
                       image=str(image.path) if image else None)
        shown = replace(chosen, photo=photo.name if photo else None,
                        image=image.name if image else None)
        return made, shown

    def plan(self, story: Story, options: CardOptions, template: str,
             preset: str) -> tuple[CardSpec, bool]:
        """The one card the page asked for, planned as `cards render` plans it."""
        if template not in self.templates:
            raise OptionError(f"{named('template')}: no design {template!r} on this desk",
                              field="template")
        if preset not in PRESETS:
            raise OptionError(f"{named('size')}: no preset {preset!r}", field="size")
        loaded, brand = self._design(template, options.brand)
        if preset not in loaded.sizes:
            raise OptionError(f"{named('size')}: the {template} design has no {preset} size",
                              field="size")
        options = replace(options, template=template, sizes=(preset,))
        try:
            [(spec, verified)] = plan_cards(story.article, options, loaded, brand)
        except CardsError:
            # Said again of the story as the page names it (the card itself must carry
            # the name the copied command gives it, "<stdin>").
            plan_cards(self.named(story), options, loaded, brand)
            raise
        return spec, verified

    def _design(self, template: str, kit: str | None) -> tuple[Template, Brand | None]:
        """The design with its brand kit, loaded once for each version of their files:
        a grid's cards share it (loading costs about 3 ms, in the server's own thread),
        and a template or kit saved while the desk is open is read again."""
        key = (template, kit, _stamp(find_template(template)),
               _stamp(Path(kit) if kit else DEFAULT_KIT))
        found = self.designs.get(key)
        if found is None:
            brand = load_brand(kit) if kit else default_brand()
            found = self.designs.put(key, (load_template(template, brand), brand))
        return found

    def command(self, story: Story, shown: CardOptions, template: str, preset: str,
                filename: str) -> tuple[str, str | None]:
        """The `cards render` command that writes the same bytes as the page's card, and
        for a pasted story the end marker of the here-document that feeds it the story
        (the page adds the story it holds once, rather than every card carrying it)."""
        command = render_command(story.given, shown, template, preset, filename)
        return command, (story.marker if story.text is not None else None)

    def keep(self, key: str, made: Made) -> None:
        self.cards.put(key, made)


def _stamp(path: Path) -> int | None:
    """A file's version, as its modification time tells it (None: no such file)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def draw(spec: CardSpec, verified: bool, guides: bool) -> tuple[Any, ...]:
    """One card drawn as `cards render` draws it (in a worker): its file's bytes, its
    guides over it if asked, the alt text and the layout's notes; or why it cannot be
    made, as one line."""
    import io  # lazy: runs in a worker

    from cards.pipeline import render_card
    from cards.preview.guides import draw_guides

    try:
        card = render_card(spec, verified)
        data = card.encoded()
    except CardsError as e:
        return (e.worded(on_page),)
    except Exception as e:  # noqa: BLE001 - one card's fault is its tile, as a batch row's
        return (internal_error(e),)
    overlay = None
    if guides:
        buffer = io.BytesIO()
        draw_guides(card.image.convert("RGB"), card.layout).save(buffer, "PNG",
                                                                 compress_level=1)
        overlay = buffer.getvalue()
    notes = tuple(word(note, on_page) for note in card.layout.notes)
    if card.layout.photo is not None and spec.picture is None:
        notes += (f"The {spec.template.name} design set the quote over its own stand-in"
                  " picture: choose a Picture to use the story’s.",)
    return (data, overlay, card.alt_text, notes, card.filename)
