"""Preview: every layout side by side, guides over the cards, feed-size thumbnails, and a
watch loop for designers. The cards are `cards render`'s own (`plan_cards`, `render_card`);
guides are an overlay drawn from the card's `Layout`, never a second drawing path.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cards.errors import CardsError
from cards.pipeline import CardOptions

if TYPE_CHECKING:
    from PIL.Image import Image

    from cards.render.layout import Layout
    from cards.render.spec import CardSpec

# Where each network crops or covers a card, as fractions of the canvas: (name, x, y, w,
# h, kind), "crop" keeping the box, "covered" hiding it. One table, with its sources:
# - Instagram's profile grid shows posts as 3:4 centre crops since January 2025
#   (pictuary.com/glossary/profile-grid: a 1080 x 1350 post keeps 1012 x 1350).
# - A story's top ~250 px and bottom ~340 px of 1920 sit under the app's own interface
#   (profile bar, reply box), as the design notes of this project say (DESIGN.md).
CROPS: Mapping[str, tuple[tuple[str, float, float, float, float, str], ...]] = {
    "portrait": (("Instagram grid 3:4", (1080 - 1012) / 2 / 1080, 0.0, 1012 / 1080, 1.0,
                  "crop"),),
    "story": (("app bar", 0.0, 0.0, 1.0, 250 / 1920, "covered"),
              ("reply box", 0.0, 1 - 340 / 1920, 1.0, 340 / 1920, "covered")),
}
# At 320 px wide (a small phone's feed column, or a grid tile) a quote set smaller than
# this is hard to read; --thumbnails warns. 10 px is where the smallest quote the designs
# allow (36 px on a 1200 px card, 9.6 px at 320) starts to be flagged.
LEGIBLE_AT_320 = 10.0
THUMB_WIDTHS = (500, 320, 160)


@dataclass(frozen=True)
class Tile:
    """One card of a preview: its picture (guides drawn if asked), what made it, and the
    `cards render` command that makes the same file."""

    template: str
    preset: str
    image: Image = field(repr=False)  # at the sheet's height
    thumbs: tuple[Image, ...] = field(repr=False)  # at THUMB_WIDTHS, if asked for
    png: bytes = field(repr=False)  # the card's file, if asked for (a gallery)
    layout: Layout
    alt_text: str
    filename: str
    command: str
    quote_size: int  # px on the card
    stand_in: bool = False  # set over the template's own picture, for want of the story's


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
    import shlex

    chosen = replace(request.options, template=template, sizes=(preset,))
    parts = ["cards", "render", request.article, "--quote", chosen.quote, "-t", template,
             "-s", preset]
    default = CardOptions()
    for f in fields(CardOptions):
        value = getattr(chosen, f.name)
        if f.name in ("quote", "template", "sizes", "tracking") or value == getattr(default, f.name):
            continue
        flag = "--" + f.name.replace("_", "-")
        parts += [flag] if value is True else [flag, str(value)]
    parts += ["-o", filename]
    return " ".join(shlex.quote(p) for p in parts)


def plan(request: Request) -> list[tuple[CardSpec, bool, str]]:
    """Each card's spec, whether its quote is verified, and its template's name: the
    article is read once, each template once."""
    from cards.article.load import load_article
    from cards.design.brand import default_brand, load_brand
    from cards.design.catalog import load_template
    from cards.pipeline import plan_cards

    brand_file = request.options.brand
    brand = load_brand(brand_file) if brand_file else default_brand()
    article = load_article(request.article)
    planned = []
    for ref in request.templates:
        template = load_template(ref, brand)
        presets = [p for p in request.presets if p in template.sizes] or list(template.sizes)
        options = replace(request.options, template=ref, sizes=tuple(presets))
        for spec, verified in plan_cards(article, options, template, brand):
            planned.append((spec, verified, ref))
    return planned


def _draw(spec: CardSpec, verified: bool, guides: bool, want_png: bool, height: int,
          thumbs: bool) -> tuple[Any, ...]:
    """One card, drawn as `cards render` draws it (in a worker): its PNG if wanted, its
    picture with guides over it if asked, scaled for the sheet (so little crosses back
    between processes), and what the sheet needs to know."""
    from cards.pipeline import card_name, render_card

    card = render_card(spec, verified)
    plain = card.image.convert("RGB")
    picture = draw_guides(plain, card.layout) if guides else plain
    pictures = [_scaled(picture, height=height)]
    if thumbs:  # as a feed shows the card: without guides
        pictures += [_scaled(plain, width=wide) for wide in THUMB_WIDTHS]
    quote = card.layout.text("quote")
    return (card.png() if want_png else b"", [(p.tobytes(), p.size) for p in pictures],
            card.layout, card.alt_text, card_name(spec, verified), quote.size if quote else 0)


SHEET_HEIGHT = 300  # each card's height on the contact sheet


def render_tiles(request: Request, guides: bool = False, workers: int | None = None,
                 pool: Any = None, png: bool = False, thumbnails: bool = False) -> list[Tile]:
    """Every card of the request, drawn in parallel (one process per core, or the given
    pool, which a watch loop keeps between renders)."""
    from PIL import Image as PILImage

    own = None
    if pool is None and (workers or os.cpu_count() or 1) > 1 and len(request.templates) * len(
            request.presets) > 2:
        pool = own = make_pool(workers)  # its workers warm up while this process plans
    planned = plan(request)
    jobs = [(spec, verified, guides, png, SHEET_HEIGHT, thumbnails)
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
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Forked workers inherit what is imported here: import the drawing path once, not
    # once a worker.
    from cards.render import qr
    from cards.render.paint import paint  # noqa: F401

    qr.qr_matrix("https://example.org/")  # loads the QR encoder
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    count = workers or os.cpu_count() or 1
    pool = ProcessPoolExecutor(count, mp_context=context, initializer=_warm)
    for _ in range(count):  # start every worker now, not at the first card
        pool.submit(int)
    return pool


def _warm() -> None:
    """A new worker draws a small card first: fonts, shaping and the QR encoder are then
    ready when the real cards arrive (it happens while the main process plans). Ctrl-C
    is left to the main process, which stops the workers."""
    import signal

    from cards.pipeline import card_spec, render_card

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from cards.article.load import parse_article
    from cards.design.catalog import load_template
    from cards.quotes.verify import unverified_quote

    article = parse_article("# Warm\n\nA line to measure.\n", "warm.md")
    spec = card_spec(article, unverified_quote("Warm up the type"), load_template("classic"),
                     "landscape", "https://example.org/")
    render_card(spec)


# Guide colours: boxes magenta, QR quiet zone cyan, margins grey, network crops orange.
_BOX, _QUIET, _MARGIN, _CROP = (230, 0, 160), (0, 170, 220), (150, 150, 150), (255, 120, 0)


def draw_guides(image: Image, layout: Layout) -> Image:
    """The card with its element boxes (labelled), the QR code's quiet zone, the 6%
    margin and each network's crop or covered areas drawn over it."""
    from PIL import ImageDraw

    from cards.render.layout import MARGIN
    from cards.text.faces import get_font

    picture = image.convert("RGB")
    over = picture.copy()
    draw = ImageDraw.Draw(over)
    label = get_font("Inter-SemiBold", max(14, layout.width // 70))
    w, h = layout.width, layout.height
    for name, x, y, cw, ch, kind in CROPS.get(layout.preset, ()):
        crop = (round(x * w), round(y * h), round((x + cw) * w) - 1, round((y + ch) * h) - 1)
        if kind == "covered":
            draw.rectangle(crop, fill=_CROP)
        draw.rectangle(crop, outline=_CROP, width=3)
        draw.text((crop[0] + 8, crop[1] + 6), name, fill=(255, 255, 255), font=label,
                  stroke_width=4, stroke_fill=(0, 0, 0))
    picture = _blend_fills(picture, over)
    draw = ImageDraw.Draw(picture)
    m = round(MARGIN * min(w, h))
    draw.rectangle((m, m, w - m - 1, h - m - 1), outline=_MARGIN, width=1)
    if layout.qr is not None:
        plate = layout.qr.plate
        q = layout.qr.quiet_modules * layout.qr.module_px
        draw.rectangle((plate.x, plate.y, plate.right - 1, plate.bottom - 1), outline=_QUIET,
                       width=2)
        draw.rectangle((plate.x + q, plate.y + q, plate.right - q - 1, plate.bottom - q - 1),
                       outline=_QUIET, width=1)
    tall = label.getbbox("Ag")[3] + 6
    for name, box in layout.content_boxes().items():
        draw.rectangle((box.x, box.y, box.right - 1, box.bottom - 1), outline=_BOX, width=2)
        # The name sits just above its box, off the text it labels (inside at the top edge).
        y = box.y - tall if box.y >= tall else box.y + 2
        draw.text((box.x + 2, y), name, fill=(255, 255, 255), font=label, stroke_width=3,
                  stroke_fill=_BOX)
    return picture


def _blend_fills(base: Image, over: Image) -> Image:
    from PIL import Image as PILImage

    return PILImage.blend(base, over, 0.35)


def legibility_warnings(tiles: Sequence[Tile]) -> list[str]:
    """A line for each card whose quote would be under LEGIBLE_AT_320 px at 320 px wide."""
    warnings = []
    for tile in tiles:
        at_320 = tile.quote_size * 320 / tile.layout.width
        if at_320 < LEGIBLE_AT_320:
            warnings.append(
                f"{tile.template}/{tile.preset}: at 320 px wide the quote's type is"
                f" {at_320:.1f} px, under {LEGIBLE_AT_320:g} px; shorten the quote or use a"
                " larger preset")
    return warnings


_GAP, _HEAD = 24, 34  # between cards, and above each for its caption


def sheet_layout(tiles: Sequence[Tile], thumbnails: bool = False
                 ) -> tuple[tuple[int, int], list[tuple[str, Image, int, int]]]:
    """Where each picture goes on the contact sheet: the sheet's size, and (caption,
    picture, x, y) for each. A row per template, a column per preset; with
    `thumbnails`, a row under it for each card at 500, 320 and 160 px wide."""
    rows: dict[str, list[Tile]] = {}
    for tile in tiles:
        rows.setdefault(tile.template, []).append(tile)
    blocks: list[list[tuple[str, Image]]] = []
    for row in rows.values():
        blocks.append([(f"{t.template} · {t.preset} {t.layout.width}×{t.layout.height}",
                        t.image) for t in row])
        if thumbnails:
            for t in row:
                blocks.append([(f"{t.template} · {t.preset} at {wide} px", thumb)
                               for thumb, wide in zip(t.thumbs, THUMB_WIDTHS, strict=True)])
    from cards.text.faces import get_font

    font = get_font("Inter-SemiBold", 18)
    placed = []
    y = _GAP
    width = 0
    for block in blocks:
        x = _GAP
        for caption, picture in block:
            placed.append((caption, picture, x, y + _HEAD))
            # A caption wider than its card widens the column, so none runs off the sheet.
            x += max(picture.width, round(font.getlength(caption))) + _GAP
        width = max(width, x)
        y += max(p.height for _, p in block) + _HEAD + _GAP
    return (max(width, 600), y), placed


def contact_sheet(tiles: Sequence[Tile], thumbnails: bool = False) -> Image:
    """The cards in a grid (see `sheet_layout`), each captioned with its template,
    preset and pixel size."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    from cards.text.faces import get_font

    size, placed = sheet_layout(tiles, thumbnails)
    sheet = PILImage.new("RGB", size, (236, 236, 232))
    draw = ImageDraw.Draw(sheet)
    font, small = get_font("Inter-SemiBold", 18), get_font("Inter-Regular", 15)
    for caption, picture, x, y in placed:
        draw.text((x, y - _HEAD + 4), caption, fill=(40, 40, 40),
                  font=small if caption.endswith(" px") else font)
        sheet.paste(picture, (x, y))
    return sheet


def _scaled(image: Image, height: int | None = None, width: int | None = None) -> Image:
    from PIL import Image as PILImage

    if height is not None:
        size = (max(1, round(image.width * height / image.height)), height)
    else:
        assert width is not None
        size = (width, max(1, round(image.height * width / image.width)))
    # reducing_gap: shrink by a whole factor first, then resample; four times faster
    # than a full Lanczos from 1920 px, and the same to the eye at sheet size.
    return image.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=1.5)


def gallery(tiles: Sequence[Tile], folder: Path) -> Path:
    """A static page: each card, its alt text, its file name and the `cards render`
    command that makes it."""
    from html import escape

    from cards.files import write_atomic

    folder.mkdir(parents=True, exist_ok=True)
    figures = []
    for tile in tiles:
        write_atomic(folder / tile.filename, tile.png)
        figures.append(
            f'<figure><img src="{escape(tile.filename)}" alt="{escape(tile.alt_text)}"'
            f' width="{tile.layout.width // 3}">'
            f"<figcaption><b>{escape(tile.template)} · {escape(tile.preset)}</b>"
            f"<br><code>{escape(tile.filename)}</code>"
            f"<br><small>{escape(tile.alt_text)}</small>"
            f'<pre class="command">{escape(tile.command)}</pre></figcaption></figure>')
    page = ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>cards preview</title><style>body{font:15px system-ui;background:#ececE8;"
            "margin:24px}figure{display:inline-block;vertical-align:top;margin:0 24px 32px 0;"
            "max-width:540px}img{display:block;max-width:100%;height:auto;box-shadow:0 1px 4px"
            " #0003}pre{white-space:pre-wrap;font-size:12px}</style></head><body>\n"
            + "\n".join(figures) + "\n</body></html>\n")
    index = folder / "index.html"
    write_atomic(index, page.encode("utf-8"))
    return index


def template_files(ref: str) -> set[Path]:
    """The files a template depends on: its folder (TOML, pictures, fonts) and the folder
    of every template it extends."""
    from cards.design.catalog import find_template
    from cards.files import read_toml

    paths: set[Path] = set()
    try:
        toml = find_template(ref)
    except CardsError:
        return paths
    seen: set[Path] = set()
    while toml.resolve() not in seen:
        seen.add(toml.resolve())
        paths.update(p for p in toml.parent.rglob("*") if p.is_file())
        try:
            parent = read_toml(toml)[0].get("extends")
            if not isinstance(parent, str):
                break
            toml = find_template(parent, relative_to=toml.parent)
        except CardsError:
            break
    return paths


def watched_files(request: Request) -> list[Path]:
    """The files a preview depends on: the article, each template's files, and the brand
    kit with its folder."""
    paths: set[Path] = set()
    if "://" not in request.article and request.article != "-":
        paths.add(Path(request.article))
    for ref in request.templates:
        paths |= template_files(ref)
    brand = request.options.brand or ("templates/brand.toml"
                                              if Path("templates/brand.toml").is_file() else None)
    if brand:
        kit = Path(brand)
        folder = kit if kit.is_dir() else kit.parent
        paths.update(p for p in folder.glob("*") if p.is_file())
    return sorted(paths)


def affected(request: Request, changed: set[Path]) -> tuple[str, ...] | None:
    """The templates a change touches, or None when it touches them all (the article or
    the brand kit, or a file no single template owns)."""
    owners = {ref: template_files(ref) for ref in request.templates}
    hit = tuple(ref for ref, files in owners.items() if files & changed)
    owned = set().union(*owners.values()) if owners else set()
    return hit if hit and changed <= owned else None


def _snapshot(paths: Sequence[Path]) -> dict[Path, tuple[int, int]]:
    stamps = {}
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        stamps[path] = (info.st_mtime_ns, info.st_size)
    return stamps


def watch(request: Request, render: Callable[[tuple[str, ...] | None], None],
          say: Callable[[str], None], stop: Callable[[], bool], interval: float = 0.1,
          settle: float = 0.1) -> None:
    """Render now, then again whenever a watched file changes (after `settle` seconds
    without further change, so an editor's save is one render): only the templates the
    change touches (`render(templates)`), or all (`render(None)`). An error is said and
    the watch goes on."""

    def attempt(changed: str, only: tuple[str, ...] | None = None) -> None:
        started = time.monotonic()
        try:
            render(only)
        except CardsError as e:
            say(f"Error: {e}")
            return
        what = f" ({', '.join(only)})" if only else ""
        say(f"{changed}: rendered{what} in {time.monotonic() - started:.2f} s")

    seen = _snapshot(watched_files(request))  # before rendering: an edit meanwhile counts
    attempt("start")
    while not stop():
        time.sleep(interval)
        # Listed afresh each time: a template may now extend another, or gain a file.
        now = _snapshot(watched_files(request))
        if now == seen:
            continue
        while True:  # wait until the editor has finished writing
            time.sleep(settle)
            later = _snapshot(watched_files(request))
            if later == now:
                break
            now = later
        paths = set(now) ^ set(seen) | {p for p in now if p in seen and now[p] != seen[p]}
        seen = now
        changed = sorted(str(p) for p in paths)
        attempt("changed " + ", ".join(changed[:3]) + (" …" if len(changed) > 3 else ""),
                affected(request, paths))

