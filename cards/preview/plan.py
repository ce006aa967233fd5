"""What a preview shows and drawing it: the cards of every template and preset asked for,
planned once (the article read once, each template once) and drawn in the worker pool
exactly as `cards render` draws them, each with the command that makes the same file.

A preview always shows something: a mistake every card would share (the article, the
quote, a picture given) stops it, but a design or a size that cannot make its card (a
template with a fault, a quote too long for one box) becomes a tile saying why, in the
card's place, and the rest are drawn."""

from __future__ import annotations

import io
import os
import shlex
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from msgspec import Struct
from msgspec.structs import replace

from cards.article.load import load_article
from cards.design.brand import default_brand, load_brand
from cards.design.catalog import load_template
from cards.design.model import PRESETS
from cards.errors import CardsError, flag_for, internal_error
from cards.jobs.pool import warm_pool
from cards.jobs.progress import Progress, Reporter
from cards.pipeline import (
    CardOptions,
    card_name,
    check_choices,
    plan_cards,
    render_card,
)
from cards.preview.failed import failed_picture
from cards.preview.guides import draw_guides, guide_overlay
from cards.preview.tiles import SHEET_HEIGHT, THUMB_WIDTHS, Tile, scaled

if TYPE_CHECKING:
    from cards.render.spec import CardSpec

class Request(Struct, frozen=True):
    """What to preview: one article and the options of `cards render` (the quote, url,
    speaker, brand…), over a set of templates and presets."""

    article: str
    templates: tuple[str, ...]
    presets: tuple[str, ...]
    options: CardOptions


def render_command(article: str, options: CardOptions, template: str, preset: str,
                   filename: str) -> str:
    """The `cards render` command that makes the same file from `article` (as the
    command line names it): every option that differs from the default, under the flag
    the command line gives it."""
    chosen = replace(options, template=template, sizes=(preset,))
    parts = ["cards", "render", article, "--quote", chosen.quote, "-t", template,
             "-s", preset]
    default = CardOptions()
    for name in CardOptions.__struct_fields__:
        value = getattr(chosen, name)
        if name in ("quote", "template", "sizes", "tracking"):
            continue
        if value == getattr(default, name):
            continue
        flag = flag_for(name)
        parts += [flag] if value is True else [flag, str(value)]
    parts += ["-o", filename]
    return " ".join(shlex.quote(p) for p in parts)


class Planned(Struct, frozen=True):
    """One card of the preview: its spec, or why it cannot be made (`failed`)."""

    template: str  # as the request names it
    preset: str
    spec: CardSpec | None
    verified: bool = True
    failed: str = ""


def plan(request: Request, warn: Callable[[str], None] | None = None) -> list[Planned]:
    """Each card's spec, or why it cannot be made: the article is read once and what
    every card shares is checked once (a mistake there stops the preview), then each
    template is loaded and planned on its own (a mistake there is its cards' alone).
    What `cards render` would warn about goes to `warn`, once for each template it
    concerns."""
    brand_file = request.options.brand
    brand = load_brand(brand_file) if brand_file else default_brand()
    article = load_article(request.article, request.options.strict)
    choices = check_choices(article, request.options)
    planned: list[Planned] = []
    for ref in request.templates:
        presets = list(request.presets)
        try:
            template = load_template(ref, brand)
            presets = [p for p in presets if p in template.sizes] or list(template.sizes)
            options = replace(request.options, template=ref, sizes=tuple(presets))
            specs = plan_cards(article, options, template, brand, warn, choices=choices)
        except CardsError as e:
            planned += [Planned(ref, preset, None, failed=e.worded(flag_for))
                        for preset in presets]
            continue
        planned += [Planned(ref, spec.preset, spec, verified) for spec, verified in specs]
    return planned


def _draw(spec: CardSpec, verified: bool, guides: bool, want_png: bool, height: int,
          thumbs: bool) -> tuple[Any, ...]:
    """One card, drawn as `cards render` draws it (in a worker): its file if wanted (and
    its guides alone, for a gallery that asked for them), its picture with guides over
    it if asked, scaled for the sheet (so little crosses back between processes), and
    what the sheet needs to know. A card that cannot be made gives why, as one line."""
    try:
        card = render_card(spec, verified)
    except CardsError as e:
        return (e.worded(flag_for),)
    except Exception as e:  # noqa: BLE001 - one card's fault is its tile, as a batch row's
        return (internal_error(e),)
    plain = card.image.convert("RGB")
    picture = draw_guides(plain, card.layout) if guides else plain
    pictures = [scaled(picture, height=height)]
    if thumbs:  # as a feed shows the card: without guides
        pictures += [scaled(plain, width=wide) for wide in THUMB_WIDTHS]
    overlay = b""
    if guides and want_png:
        buffer = io.BytesIO()
        guide_overlay(card.layout).save(buffer, "PNG", compress_level=1)
        overlay = buffer.getvalue()
    quote = card.layout.text("quote")
    return (card.encoded() if want_png else b"", [(p.tobytes(), p.size) for p in pictures],
            card.layout, card.alt_text, card_name(spec, verified), quote.size if quote else 0,
            overlay)


def render_tiles(request: Request, guides: bool = False, workers: int | None = None,
                 pool: Any = None, png: bool = False, thumbnails: bool = False,
                 reporter: Reporter | None = None,
                 warn: Callable[[str], None] | None = None) -> list[Tile]:
    """Every card of the request, drawn in parallel (one process per core, or the given
    pool, which a watch loop keeps between renders), each reported to `reporter` as it
    is done; a card that cannot be made is a tile saying why. Warnings as `plan` gives
    them."""
    from concurrent.futures import as_completed  # lazy: keeps start-up fast

    from PIL import Image as PILImage  # lazy: keeps start-up fast

    report = reporter or Reporter()
    own = None
    if pool is None and (workers or os.cpu_count() or 1) > 1 and len(request.templates) * len(
            request.presets) > 2:
        pool = own = warm_pool(workers)  # its workers warm up while this process plans
    try:
        planned = plan(request, warn)
        state = Progress(total=len(planned))
        drawn: dict[int, tuple[Any, ...]] = {}
        jobs = {i: (p.spec, p.verified, guides, png, SHEET_HEIGHT, thumbnails)
                for i, p in enumerate(planned) if p.spec is not None}
        state.failed_cards = len(planned) - len(jobs)

        def done(i: int, result: tuple[Any, ...]) -> None:
            drawn[i] = result
            if len(result) == 1:
                state.failed_cards += 1
            else:
                state.made += 1
            report.progress(state)

        report.progress(state)
        if pool is None:
            for i, job in jobs.items():
                done(i, _draw(*job))
        else:
            # The slowest cards first (a picture to blur, the tallest canvas), so no
            # worker is left with a long one at the end.
            order = sorted(jobs, key=lambda i: -_cost(jobs[i][0]))
            futures = {pool.submit(_draw_job, jobs[i]): i for i in order}
            try:
                for future in as_completed(futures):
                    done(futures[future], future.result())
            finally:
                for future in futures:
                    future.cancel()
    finally:
        if own is not None:
            own.shutdown(cancel_futures=True)
    tiles = []
    for i, p in enumerate(planned):
        width, height = PRESETS[p.preset]
        result = drawn.get(i, (p.failed,))
        if len(result) == 1:
            tiles.append(Tile(p.template, p.preset, width, height,
                              failed_picture(width, height, result[0], SHEET_HEIGHT),
                              failed=result[0]))
            continue
        assert p.spec is not None
        data, pictures, layout, alt, name, quote_size, overlay = result
        images = [PILImage.frombytes("RGB", size, raw) for raw, size in pictures]
        tiles.append(Tile(p.template, p.preset, width, height, images[0], layout,
                          thumbs=tuple(images[1:]), png=data, overlay=overlay, alt_text=alt,
                          filename=name, command=render_command(request.article, request.options,
                                                         p.template, p.preset, name),
                          quote_size=quote_size,
                          stand_in=layout.photo is not None and p.spec.picture is None,
                          verified=p.verified))
    return tiles


def _cost(spec: CardSpec) -> int:
    size = spec.template.size(spec.preset)
    return size.width * size.height * (3 if size.background.kind == "image" else 1)


def _draw_job(job: tuple[Any, ...]) -> tuple[Any, ...]:
    return _draw(*job)
