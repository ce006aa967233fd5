"""What a preview shows and drawing it: the cards of every template and preset asked for,
planned once (the article read once, each template once) and drawn in the worker pool
exactly as `cards render` draws them, each with the command that makes the same file."""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from cards.article.load import load_article, parse_article
from cards.design.brand import default_brand, load_brand
from cards.design.catalog import load_template
from cards.jobs.pool import process_pool
from cards.pipeline import CardOptions, card_name, card_spec, flag_for, plan_cards, render_card
from cards.preview.guides import draw_guides
from cards.preview.tiles import SHEET_HEIGHT, THUMB_WIDTHS, Tile, scaled
from cards.quotes.verify import unverified_quote
from cards.render import qr

if TYPE_CHECKING:
    from cards.render.spec import CardSpec

@dataclass(frozen=True)
class Request:
    """What to preview: one article and the options of `cards render` (the quote, url,
    speaker, brand…), over a set of templates and presets."""

    article: str
    templates: tuple[str, ...]
    presets: tuple[str, ...]
    options: CardOptions


def _command(request: Request, template: str, preset: str, filename: str) -> str:
    """The `cards render` command that makes the same file: every option that differs
    from the default, under the flag the command line gives it."""
    chosen = replace(request.options, template=template, sizes=(preset,))
    parts = ["cards", "render", request.article, "--quote", chosen.quote, "-t", template,
             "-s", preset]
    default = CardOptions()
    for f in fields(CardOptions):
        value = getattr(chosen, f.name)
        if f.name in ("quote", "template", "sizes", "tracking"):
            continue
        if value == getattr(default, f.name):
            continue
        flag = flag_for(f.name)
        parts += [flag] if value is True else [flag, str(value)]
    parts += ["-o", filename]
    return " ".join(shlex.quote(p) for p in parts)


def plan(request: Request, warn: Callable[[str], None] | None = None
         ) -> list[tuple[CardSpec, bool, str]]:
    """Each card's spec, whether its quote is verified, and its template's name: the
    article is read once, each template once. What `cards render` would warn about
    goes to `warn`, once for each template it concerns."""
    brand_file = request.options.brand
    brand = load_brand(brand_file) if brand_file else default_brand()
    article = load_article(request.article, request.options.strict)
    planned = []
    for ref in request.templates:
        template = load_template(ref, brand)
        presets = [p for p in request.presets if p in template.sizes] or list(template.sizes)
        options = replace(request.options, template=ref, sizes=tuple(presets))
        for spec, verified in plan_cards(article, options, template, brand, warn):
            planned.append((spec, verified, ref))
    return planned


def _draw(spec: CardSpec, verified: bool, guides: bool, want_file: bool, height: int,
          thumbs: bool) -> tuple[Any, ...]:
    """One card, drawn as `cards render` draws it (in a worker): its file if wanted, its
    picture with guides over it if asked, scaled for the sheet (so little crosses back
    between processes), and what the sheet needs to know."""
    card = render_card(spec, verified)
    plain = card.image.convert("RGB")
    picture = draw_guides(plain, card.layout) if guides else plain
    pictures = [scaled(picture, height=height)]
    if thumbs:  # as a feed shows the card: without guides
        pictures += [scaled(plain, width=wide) for wide in THUMB_WIDTHS]
    quote = card.layout.text("quote")
    return (card.encoded() if want_file else b"", [(p.tobytes(), p.size) for p in pictures],
            card.layout, card.alt_text, card_name(spec, verified), quote.size if quote else 0)


def render_tiles(request: Request, guides: bool = False, workers: int | None = None,
                 pool: Any = None, files: bool = False, thumbnails: bool = False,
                 warn: Callable[[str], None] | None = None) -> list[Tile]:
    """Every card of the request, drawn in parallel (one process per core, or the given
    pool, which a watch loop keeps between renders); warnings as `plan` gives them."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    own = None
    if pool is None and (workers or os.cpu_count() or 1) > 1 and len(request.templates) * len(
            request.presets) > 2:
        pool = own = make_pool(workers)  # its workers warm up while this process plans
    planned = plan(request, warn)
    jobs = [(spec, verified, guides, files, SHEET_HEIGHT, thumbnails)
            for spec, verified, _ in planned]
    try:
        if pool is None:
            drawn = [_draw(*job) for job in jobs]
        else:
            # The slowest cards first (a picture to blur, the tallest canvas), so no
            # worker is left with a long one at the end.
            order = sorted(range(len(jobs)), key=lambda i: -_cost(jobs[i][0]))
            results = dict(zip(order, pool.map(_draw_job, [jobs[i] for i in order]),
                               strict=True))
            drawn = [results[i] for i in range(len(jobs))]
    finally:
        if own is not None:
            own.shutdown()
    tiles = []
    for (spec, _, ref), (data, pictures, layout, alt, name, quote_size) in zip(
            planned, drawn, strict=True):
        images = [PILImage.frombytes("RGB", size, raw) for raw, size in pictures]
        tiles.append(Tile(ref, spec.preset, images[0], tuple(images[1:]), data, layout, alt,
                          name, _command(request, ref, spec.preset, name), quote_size,
                          layout.photo is not None and spec.picture is None))
    return tiles


def _cost(spec: CardSpec) -> int:
    size = spec.template.size(spec.preset)
    return size.width * size.height * (3 if size.background.kind == "image" else 1)


def _draw_job(job: tuple[Any, ...]) -> tuple[Any, ...]:
    return _draw(*job)


def make_pool(workers: int | None = None) -> Any:
    """The worker pool with every worker started and warming up (see `_warm`)."""
    # Forked workers inherit what is imported here: the QR encoder is loaded once, not
    # once a worker.
    qr.qr_matrix("https://example.org/")
    return process_pool(workers or os.cpu_count() or 1, warm=_warm, start=True)


def _warm() -> None:
    """A new worker draws a small card first: fonts, shaping and the QR encoder are then
    ready when the real cards arrive (it happens while the main process plans)."""
    article = parse_article("# Warm\n\nA line to measure.\n", "warm.md")
    spec = card_spec(article, unverified_quote("Warm up the type"), load_template("classic"),
                     "landscape", "https://example.org/")
    render_card(spec)
