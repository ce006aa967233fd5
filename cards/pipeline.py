"""The path of one card, which every front end (render, batch, preview) calls: the
user's choices checked and planned into `CardSpec`s, then each drawn in memory into a
`RenderedCard`. Nothing here writes a file."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from msgspec import Struct
from msgspec.structs import replace

from cards._version import __version__
from cards.article.load import load_article
from cards.article.model import Article, reading_warnings, site_from_url
from cards.design.brand import branded_url, default_brand, load_brand, with_params
from cards.design.catalog import load_template
from cards.design.model import PRESETS, Template
from cards.design.rules import check_image
from cards.errors import (
    CardsError,
    FontError,
    OptionError,
    TemplateError,
    named,
)
from cards.files import inside
from cards.quotes.find import Quote
from cards.quotes.style import article_marks, enclose, parse_emphasis, smarten
from cards.quotes.verify import is_number, pick_quote, unverified_quote
from cards.render.backdrop import prepare
from cards.render.layout import Layout, layout
from cards.render.paint import paint
from cards.render.png import (
    alt_text,
    card_filename,
    card_text,
    check_format,
    encode_card,
    encode_png,
    inputs_digest,
)
from cards.render.qr import check_url
from cards.render.spec import CardSpec, Origin
from cards.text.faces import missing_ink
from cards.text.languages import QUOTE_MARKS, is_rtl, script_language

if TYPE_CHECKING:

    from PIL.Image import Image

    from cards.design.brand import Brand

class Tracking(Struct, frozen=True):
    """Link tracking for social posts: `utm_source` is where the card is posted (Stories
    for the story preset whatever the network; else the network, or "social"),
    `utm_medium` and `utm_campaign` as given."""

    network: str | None = None
    campaign: str | None = None
    medium: str = "social"

    def params(self, preset: str) -> dict[str, str]:
        source = "stories" if preset == "story" else (self.network or "social")
        params = {"utm_source": source, "utm_medium": self.medium}
        if self.campaign:
            params["utm_campaign"] = self.campaign
        return params


class CardOptions(Struct, frozen=True):
    """What a user chose for a card, whole: the command line, a batch row, the preview
    and the web page all build one and hand it to `plan_cards`. Names are the fields
    errors speak of (`speaker`, `url`…), which each front end words its own way.

    `quote` is the quote's text or its number in `rank_quotes`; `sizes` holds preset
    names or "all"; `template` a template's name or path; `brand`, `image` and `photo`
    paths; `format` the file's (png when None) and `quality` a JPEG's or WebP's. A
    batch's defaults leave `quote` empty: every row gives its own. `strict` refuses a
    key (or a batch's column) that looks misspelt, which is otherwise warned about and
    ignored."""

    quote: str = ""
    template: str = "classic"
    sizes: tuple[str, ...] = ("landscape",)
    url: str | None = None
    speaker: str | None = None
    headline: str | None = None  # the story's headline as the card shows it
    site: str | None = None
    default_site: str | None = None  # the publication's name for an article that states none
    brand: str | None = None
    photo: str | None = None
    image: str | None = None
    kicker: str | None = None
    lang: str | None = None
    unverified: bool = False
    no_qr: bool = False
    format: str | None = None  # png (None), jpeg or webp
    quality: int | None = None  # JPEG's or WebP's [default: 90]
    story_qr: bool = False  # a story card keeps its QR code (else: the link sticker's place)
    mark_unverified: bool = False  # an unverified quote's card says so on itself
    strict: bool = False
    tracking: Tracking | None = None


# What --mark-unverified prints on a card whose quote is not in the article.
UNVERIFIED_MARK = "Unverified quote"


class RenderedCard(Struct, frozen=True):
    spec: CardSpec
    image: Image
    layout: Layout
    alt_text: str
    metadata: dict[str, str]
    verified: bool

    @property
    def filename(self) -> str:
        """The default file name: the quote's first words, the design, the preset, a
        short hash of the inputs."""
        return card_name(self.spec, self.verified)

    def png(self) -> bytes:
        return encode_png(self.image, self.metadata)

    def encoded(self) -> bytes:
        """The card's file, in the format its spec asks for."""
        return encode_card(self.image, self.metadata, self.spec.format, self.spec.quality)

    def explain(self, path: str | None) -> dict[str, Any]:
        """What `--explain` prints: the file, alt text, verification and every decision."""
        return {"file": path, "alt_text": self.alt_text, "verified": self.verified,
                "layout": self.layout.to_json()}


def card_name(spec: CardSpec, verified: bool, stem: str | None = None) -> str:
    """A card's file name: `stem` (else the quote's first words), the design, the
    preset, a short hash of everything that decides the card's bytes, the format's
    suffix. Known before the card is drawn, so a batch can skip a card whose file is
    already there."""
    shown = parse_emphasis(spec.quote)[0]
    return card_filename(shown, spec.template.name, spec.preset, card_digest(spec, verified),
                         spec.format, stem, verified)


def card_digest(spec: CardSpec, verified: bool) -> str:
    """The hash of everything that decides a card's bytes, which the card carries as
    its Inputs digest and its name begins. Where its quote came from (`spec.origin`) is
    left out: the same card made from a copy of the article in another folder has the
    same name, as it has the same pixels."""
    s = spec
    size = s.template.size(s.preset)
    ground = size.background.image if size.background.kind == "image" else None
    return inputs_digest(
        __version__, s.template.name, s.template.digest, s.preset, s.quote, s.speaker,
        s.headline, s.site, s.url, str(verified), s.lang,
        # The pictures by their bytes, not their names: the same card made from another
        # folder has the same name, and a picture that changed makes a new one.
        *(content_digest(f) if f else None
          for f in (s.picture or ground, s.photo, size.logo.file)),
        s.kicker, "sticker" if s.sticker else None, s.format, str(s.quality),
    )


def content_digest(path: Path) -> str:
    """A file's SHA-256, worked out once per version of the file."""
    info = path.stat()
    return _content_digest(path, info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=64)
def _content_digest(path: Path, mtime: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def card_spec(
    article: Article,
    quote: Quote,
    template: Template,
    preset: str,
    url: str | None,
    speaker: str | None = None,
    site: str | None = None,
    site_url: str | None = None,
    lang: str | None = None,
    kicker: str | None = None,
    story_qr: bool = False,
    default_site: str | None = None,
    headline: str | None = None,
) -> CardSpec:
    """Decide what the card shows: the quote in the article language's marks, the
    speaker (given, else the one found beside the quote, starting with a capital as an
    attribution line does: "— A Microsoft employee"), the headline (given, else the
    article's) and the publication (given, else the article's, else the host of the
    story URL). An empty speaker, headline or site given on purpose leaves that line
    off. The kicker (a label such as "Interview") is the one given, else the article's.
    A story card leaves the QR code's place clear
    for the app's link sticker (nobody can scan a code on their own screen) unless
    `story_qr` keeps the code."""
    if speaker is None and quote.speaker:
        speaker = quote.speaker[0].upper() + quote.speaker[1:]
    if site is None:
        site = (article.site_name or default_site
                or site_from_url(url or site_url or article.url))
    lang = lang or card_language(article, quote.text)
    title = article.title if headline is None else headline
    # A template's house style first; else the article's own marks where they are
    # correct for the language (an Arabic paper's «…»); else CLDR's for the language.
    marks = template.size(preset).texts["quote"].marks or article_marks(
        article.text, quote.span, lang)
    return CardSpec(
        quote=enclose(quote.text, lang, marks),
        origin=Origin(article.source, article.url, quote.text),
        speaker=speaker or None,
        headline=smarten(title, lang) if title else None,
        site=site or None,
        kicker=(article.kicker if kicker is None else kicker) or None,
        url=url,
        template=template,
        preset=preset,
        lang=lang,
        rtl=is_rtl(lang),
        sticker=preset == "story" and not story_qr,
    )


def check_language(tag: str) -> str:
    """A language tag (BCP 47: de, pt-BR, zh-Hant) that cards knows, or an error."""
    base = tag.split("-")[0].split("_")[0].lower()
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", tag) or not (
        base in QUOTE_MARKS or any(k.split("-")[0] == base for k in QUOTE_MARKS)
    ):
        raise OptionError(
            f"{named('lang')}: {tag!r} is not a language cards knows; give a tag such as de,"
            " fr-CH, ar, ja or zh-Hant", field="lang"
        )
    return tag


def card_language(article: Article, quote: str) -> str:
    """The language a card is set in: the article's when it states one; otherwise the
    one the quote's script plainly shows (an Arabic quote pasted from a page with no
    metadata), else English."""
    if article.language_given:
        return article.language
    return script_language(quote) or article.language


def _check_ink(placed: Layout) -> None:
    """Refuse a card that would leave a blank where the layout puts text: a character
    whose face lists it but draws no ink (a damaged font file)."""
    blocks = [*placed.texts, *([placed.qr.label] if placed.qr and placed.qr.label else [])]
    for block in blocks:
        for line in block.lines:
            for span in line.spans:
                blank = missing_ink(span.face, span.text)
                if blank is not None:
                    raise FontError(
                        f"the {block.role} would be drawn without its {blank!r}: the font"
                        f" {span.face.path} lists it but draws nothing, so the file is"
                        " damaged (cut short?); use a whole copy"
                    )


def render_card(spec: CardSpec, verified: bool = True) -> RenderedCard:
    """Lay out and paint one card in memory (no file is touched)."""
    pictures = prepare(spec)  # the only files a card reads, before layout and paint
    placed = layout(spec, pictures)
    _check_ink(placed)
    image = paint(placed, pictures)
    shown = parse_emphasis(spec.quote)[0]  # what the card says, without the markup
    alt = alt_text(shown, spec.speaker, spec.headline, spec.site, verified)
    metadata = card_text(spec, verified, card_digest(spec, verified), alt)
    return RenderedCard(spec, image, placed, alt, metadata, verified)


def make_cards(article_source: str, options: CardOptions,
               warn: Callable[[str], None] | None = None) -> list[RenderedCard]:
    """Everything `cards render` does short of writing files: load, check, render each
    preset in memory. Any error comes before a single file exists."""
    article = load_article(article_source, options.strict)
    brand = load_brand(options.brand) if options.brand else default_brand()
    template = load_template(options.template, brand)
    planned = plan_cards(article, options, template, brand, warn)
    cards = [render_card(spec, verified) for spec, verified in planned]
    if warn is not None:
        for note in dict.fromkeys(n for card in cards for n in card.layout.notes):
            warn(note)
    return cards


class Choices(Struct, frozen=True):
    """What a user chose that holds whatever the design, checked: the quote picked (and
    verified, or not), the language, the story URL, the pictures given and the file's
    format."""

    quote: Quote
    lang: str | None
    given_url: str | None
    story_url: str | None
    image: Path | None
    format: str  # the file's: png, jpeg or webp
    quality: int | None  # a JPEG's or WebP's


def check_choices(article: Article, options: CardOptions) -> Choices:
    """The checks of `plan_cards` that do not depend on the template: a preview of many
    designs makes them once, and a mistake here is every card's, not one design's."""
    o = options
    try:
        quote = pick_quote(article, o.quote)
    except CardsError:
        if not o.unverified or is_number(o.quote):
            raise
        quote = unverified_quote(o.quote, o.lang or article.language)
    lang = check_language(o.lang) if o.lang is not None else None
    file_format, quality = check_format(o.format, o.quality)
    if not o.sizes:
        raise OptionError(f"{named('size')}: no preset given; choose from "
                          + ", ".join(PRESETS) + " or all", field="size")
    given_url = check_url(o.url) if o.url else None
    story_url = None
    if not o.no_qr:
        story_url = given_url or (check_url(article.url, f"{article.source}: url")
                                  if article.url else None)
        if story_url is None:
            raise OptionError(
                f"{article.source} has no story URL for the QR code; set {named('url')}, or"
                f" {named('no_qr')} for a card without one", field="url"
            )
    # Checked whatever the design: a name that is wrong is wrong on every card.
    image = check_image(Path(o.image), named("image")) if o.image else None
    if o.photo is not None:
        check_image(Path(o.photo), named("photo"))
    return Choices(quote, lang, given_url, story_url, image, file_format, quality)


def plan_cards(article: Article, options: CardOptions, template: Template,
               brand: Brand | None = None, warn: Callable[[str], None] | None = None,
               choices: Choices | None = None) -> list[tuple[CardSpec, bool]]:
    """Each preset's `CardSpec` and whether its quote was verified, with everything
    checked: the quote, the language, the URL, the pictures. Nothing is drawn yet, so a
    batch can tell from the specs which cards it already has. `template` is
    `options.template` loaded (with `brand`, the kit `options.brand` names), so that a
    caller making many cards loads each once; `choices`, if given, are
    `check_choices(article, options)`, made once for them all."""
    o = options
    if warn is not None:
        for message in reading_warnings(article):
            warn(message)
    c = choices or check_choices(article, options)
    site = o.site
    if site is None and brand is not None and brand.name:
        site = brand.name
    presets = list(dict.fromkeys(  # "all": every preset the template has, in order
        p for name in o.sizes for p in (template.sizes if name == "all" else (name,))))
    picture = c.image
    if picture is None and any(template.size(p).background.kind == "image" for p in presets):
        picture = article_picture(article, warn)  # fetched only when a design shows it
    if o.photo is not None:
        for preset in presets:
            if template.size(preset).portrait is None:
                raise OptionError(
                    f"{named('photo')}: template \"{template.name}\" has no place for a"
                    f" speaker photo at {preset} (a [portrait] table); choose a template"
                    " that has one", field="photo"
                )
    planned = []
    for preset in presets:
        card_url = c.story_url
        if card_url is not None:
            # The URL's own parameters first, then this network's, then the kit's.
            if o.tracking is not None:
                card_url = with_params(card_url, o.tracking.params(preset))
            card_url = branded_url(card_url, brand)
        spec = card_spec(article, c.quote, template, preset, card_url, o.speaker, site,
                         site_url=c.given_url or article.url, lang=c.lang, kicker=o.kicker,
                         story_qr=o.story_qr, default_site=o.default_site,
                         headline=o.headline)
        if o.mark_unverified and not c.quote.verified:
            spec = replace(spec, kicker=UNVERIFIED_MARK)  # in the kicker's place, over it
        if picture is not None:
            spec = replace(spec, picture=picture)
        if o.photo is not None:
            spec = replace(spec, photo=Path(o.photo))
        spec = replace(spec, format=c.format, quality=c.quality)
        planned.append((spec, c.quote.verified))
    if o.speaker is None and c.quote.verified:
        # A quote card without its speaker is allowed (a leaked memo), but never by
        # accident: "she said" that names no one earlier leaves the line empty, and the
        # card says so once it is made (a layout note).
        planned = [(replace(spec, unattributed=spec.speaker is None,
                            speaker_by_pronoun=c.quote.by_pronoun and spec.speaker is not None),
                    verified)
                   for spec, verified in planned]
    return planned


_FETCHED: dict[str, Path | CardsError] = {}


def _fetched_image(url: str) -> Path:
    """An image fetched once a process, or its error once: a batch that shows the same
    article's picture on many cards asks the server (or waits for its DNS) only once."""
    from cards.article.fetch import fetch_image  # lazy: keeps start-up fast

    if url not in _FETCHED:
        try:
            _FETCHED[url] = fetch_image(url)
        except CardsError as e:
            _FETCHED[url] = e
    found = _FETCHED[url]
    if isinstance(found, CardsError):
        raise found
    return found


def _checked_fetch(url: str) -> Path:
    """A fetched picture that decodes; a cached copy that does not (a download cut short
    earlier) is fetched again, once."""
    from cards.article.fetch import fetch_image  # lazy: keeps start-up fast

    try:
        return check_image(_fetched_image(url), "the article's image")
    except TemplateError:
        _FETCHED[url] = fetch_image(url, refresh=True)
        return check_image(_FETCHED[url], "the article's image")  # type: ignore[arg-type]


def article_picture(article: Article, warn: Callable[[str], None] | None = None) -> Path | None:
    """The article's lead image, for templates that set the quote over a picture: a file
    beside the article, or one its metadata links to (fetched under the same limits as
    pages, and kept in the cache). One that cannot be used is reported through `warn`
    (its fields marked by `named`, for the front end to word) and left out; the
    template's own picture is used instead."""
    if not article.image:
        return None
    try:
        if article.image.startswith(("http://", "https://")):
            return _checked_fetch(article.image)
        if "://" in article.image or article.source == "<stdin>":
            raise CardsError(f"{article.image}: not a file or an http(s) address")
        if article.source.startswith(("http://", "https://")):

            return _checked_fetch(urljoin(article.source, article.image))
        path = inside(Path(article.source).parent, article.image)
        if path is None:
            raise CardsError(f"{article.image}: not a file in the article's folder; an article"
                             " may name only a picture beside it, or an http(s) address")
        return check_image(path, "the article's image")
    except CardsError as e:
        if warn is not None:
            warn(f"the article's image was not used: {e.message}")
        return None
