"""`cards inspect`: what a card's file says of itself: its quote, where the quote came
from, whether it was verified, and how the card was made."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from cards.cli.command import Command
from cards.design.model import PRESETS
from cards.quotes.style import strip_outer_marks
from cards.render.png import is_verified, read_card_text

# What a card's text holds, in the order shown: (JSON name, label, key in the file).
FIELDS = (
    ("quote", "quote", "Description"),
    ("speaker", "speaker", "Author"),
    ("verified", "verified", "Verified"),
    ("quote_checked", "checked as", "Quote"),
    ("article", "article", "Article"),
    ("article_url", "article URL", "Article URL"),
    ("qr_url", "QR code", "Source"),
    ("headline", "headline", "Title"),
    ("language", "language", "Language"),
    ("template", "template", "Template"),
    ("preset", "preset", "Preset"),
    ("digest", "digest", "Inputs digest"),
    ("software", "made with", "Software"),
    ("alt_text", "alt text", "Comment"),
)
_KNOWN = {key for _, _, key in FIELDS} | {"Warning"}


@click.command(cls=Command)
@click.argument("card", metavar="CARD")
@click.option("--json", "as_json", is_flag=True, help="Print what the card says as JSON.")
def inspect(card: str, as_json: bool) -> None:
    """Show what a card made by cards records of itself: its quote and speaker, whether
    the quote was verified against the article, the article (path or URL, as given) and
    the story's URL, the QR code's link, and the template, preset, language, version and
    digest it was made with.

    A card made with --unverified says so. A file that is not a whole card (another PNG,
    one cut short, a photo) is an error.

    \b
    Examples:
      cards inspect card.png
      cards inspect week/we-missed-the-sound-of-the-classic-square-1a2b3c.jpg --json
    """
    text = read_card_text(Path(card))
    verified = is_verified(text)
    if as_json:
        report: dict[str, Any] = {"file": card}
        report.update((name, text.get(key)) for name, _, key in FIELDS)
        report["verified"] = verified
        report["warning"] = text.get("Warning")
        report["other"] = {k: v for k, v in text.items() if k not in _KNOWN}
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    rows = [(label, _shown(key, text, verified)) for _, label, key in FIELDS]
    rows += [(key, value) for key, value in text.items() if key not in _KNOWN]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        if value is not None:
            click.echo(f"{label:<{width}}  {value}")


def _shown(key: str, text: dict[str, str], verified: bool) -> str | None:
    """One line's value as a person reads it (None: the line is left out)."""
    value = text.get(key)
    if key == "Verified":
        if verified:
            return "yes: the quote was found, word for word, in the article"
        return "NO: made with --unverified: the quote was not found in the article"
    if key == "Quote" and value is not None:
        # Shown only where it says more than the quote on the card without its marks:
        # the words it emphasises (*…*), which the card sets in its accent colour.
        shown = strip_outer_marks(text.get("Description", ""), text.get("Language", "en"))
        return None if value == shown else value
    if key == "Preset" and value in PRESETS:
        width, height = PRESETS[value]
        return f"{value} ({width} × {height})"
    return value
