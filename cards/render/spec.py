"""The `CardSpec`: everything one card shows, decided before layout (the quote as shown,
the attribution, headline, site, kicker, URL, template, preset, language, pictures), and
where its quote came from, which the file records."""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct

from cards.design.model import Template


class Origin(Struct, frozen=True):
    """Where a card's quote came from, written into the card's file for `cards inspect`
    and `cards audit` and never drawn: the article as given (a path or URL), the story's
    URL as the article states it, and the quote as it was checked against the article
    (the article's own characters; as typed, for a quote that was not found)."""

    article: str
    article_url: str | None
    quote: str


class CardSpec(Struct, frozen=True):
    """Everything one card needs, already decided by the caller."""

    quote: str  # as shown, with its enclosing quotation marks; *words* are emphasised
    speaker: str | None
    headline: str | None
    site: str | None
    url: str | None  # None: no QR code
    template: Template
    preset: str
    lang: str = "en"
    rtl: bool = False  # set right to left: alignment and the whole layout mirrored
    picture: Path | None = None  # a picture for a template with an image background
    photo: Path | None = None  # the speaker's photo, for a template with a portrait
    kicker: str | None = None  # a label such as "Interview", for a template with a kicker
    format: str = "png"  # the file: png, jpeg or webp
    quality: int | None = None  # JPEG's or WebP's; None for PNG
    origin: Origin | None = None  # recorded in the file, not shown
    sticker: bool = False  # a story: the QR code's place is left for the app's link sticker
    unattributed: bool = False  # no speaker was found for the quote, and none was given
    speaker_by_pronoun: bool = False  # the speaker is who a "she said" was taken to mean
