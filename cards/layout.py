"""Fitting text into boxes: line breaking, the font-size search, and placing every element.

`layout(spec)` is pure: it measures with cached fonts and returns a frozen `Layout` that
says where everything goes. Painting only follows it, and tests read it (`--explain`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from .errors import LayoutError
from .fonts import check_coverage, get_font
from .qr import QUIET_MODULES, module_px_for, qr_matrix
from .templates import Color, Rect, SizeSpec, Template, TextStyle, pixel_box


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )

    def contains(self, other: Box) -> bool:
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )


@dataclass(frozen=True)
class CardSpec:
    """Everything one card needs, already decided by the caller."""

    quote: str  # as shown, with its enclosing quotation marks
    speaker: str | None
    headline: str | None
    site: str | None
    url: str | None  # None: no QR code
    template: Template
    preset: str


@dataclass(frozen=True)
class Line:
    text: str
    x: int  # pen position at the start of the line
    baseline: int
    width: int  # advance width in px


@dataclass(frozen=True)
class TextBlock:
    role: str
    text: str
    font: str
    size: int
    color: Color
    line_height: int  # px from baseline to baseline
    lines: tuple[Line, ...]
    box: Box  # the element's box: the template's box, widened by a hanging mark
    extent: Box  # the lines' advance boxes, ascender to descender
    hang: int = 0  # px the opening quotation mark sits left of the box; drawn on its own
    mark: Box | None = None  # the ink of that hanging mark
    truncated: bool = False


@dataclass(frozen=True)
class QRBlock:
    url: str
    box: Box  # the template's box for the code and its label
    plate: Box  # the light square: the code and its quiet zone
    modules: int
    module_px: int
    quiet_modules: int
    dark: Color
    light: Color
    label: TextBlock | None


@dataclass(frozen=True)
class Layout:
    template: str
    preset: str
    width: int
    height: int
    background: Color
    rules: tuple[tuple[Box, Color], ...]
    texts: tuple[TextBlock, ...]
    qr: QRBlock | None

    def text(self, role: str) -> TextBlock | None:
        return next((t for t in self.texts if t.role == role), None)

    def content_boxes(self) -> dict[str, Box]:
        """Each content element's box (the QR code's includes its quiet zone and label)."""
        boxes = {t.role: t.box for t in self.texts}
        if self.qr is not None:
            boxes["qr"] = self.qr.box
        return boxes

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# Measuring is the inner loop of the size search; a word is measured once per size.
@lru_cache(maxsize=65536)
def advance(font: str, size: int, text: str) -> int:
    return round(get_font(font, size).getlength(text))


OPENING_MARKS = "“‘„‚«‹「『\"'"


def hanging_mark(text: str) -> str:
    """The opening quotation mark that should hang into the margin, if any."""
    return text[0] if text and text[0] in OPENING_MARKS else ""


def hang_width(font: str, size: int, text: str) -> int:
    """How far left of the box the opening mark is drawn so the letters, not the mark,
    sit on the box's edge. The mark is drawn on its own (no kerning with the letter
    after it) and hangs by its advance or by its ink's right edge, whichever is more,
    so its ink never crosses the edge at any size or in any font."""
    mark = hanging_mark(text)
    if not mark or len(text) < 2:
        return 0
    return max(advance(font, size, mark), mark_ink(font, size, mark)[2])


def line_width(font: str, size: int, text: str, hang: int) -> int:
    """A line's advance; a first line with a hanging mark is the mark's hang plus the rest."""
    return hang + advance(font, size, text[1:]) if hang else advance(font, size, text)


@lru_cache(maxsize=256)
def mark_ink(font: str, size: int, mark: str) -> tuple[int, int, int, int]:
    """The mark's inked pixels relative to its pen position on the baseline."""
    x0, y0, x1, y1 = get_font(font, size).getbbox(mark, anchor="ls")
    return int(x0), int(y0), int(x1), int(y1)


def _greedy_count(widths: list[int], space: int, avails: list[int], limit: int) -> int:
    """The fewest lines the words can take (greedy filling is optimal for that); more
    than `limit` means they do not fit. A word wider than its line returns limit + 1."""
    lines, used = 1, -space
    for w in widths:
        avail = avails[min(lines - 1, len(avails) - 1)]
        if used + space + w <= avail:
            used += space + w
            continue
        lines += 1
        avail = avails[min(lines - 1, len(avails) - 1)]
        if lines > limit or w > avail:
            return limit + 1
        used = w
    return lines


def _balanced_breaks(
    widths: list[int], space: int, avails: list[int], max_lines: int, no_widow: bool
) -> list[int] | None:
    """Line ends that minimise the sum of squared slack over every line, the last too,
    in at most `max_lines` lines: an even rag rather than greedy filling.

    best[k][j] is the cost of setting the first j words in k lines.
    """
    n = len(widths)
    prefix = [0]
    for w in widths:
        prefix.append(prefix[-1] + w)
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(max_lines + 1)]
    back = [[0] * (n + 1) for _ in range(max_lines + 1)]
    best[0][0] = 0.0
    for k in range(1, max_lines + 1):
        avail = avails[min(k - 1, len(avails) - 1)]
        row, prev = best[k], best[k - 1]
        for j in range(1, n + 1):
            for i in range(j - 1, -1, -1):
                width = prefix[j] - prefix[i] + space * (j - i - 1)
                if width > avail:
                    break
                if prev[i] == inf:
                    continue
                if no_widow and j == n and j - i == 1 and n > 1:
                    continue
                cost = prev[i] + float(avail - width) ** 2
                if cost < row[j]:
                    row[j], back[k][j] = cost, i
    candidates = [(best[k][n], k) for k in range(1, max_lines + 1) if best[k][n] < inf]
    if not candidates:
        return None
    _, k = min(candidates)
    ends, j = [], n
    while k > 0:
        ends.append(j)
        j, k = back[k][j], k - 1
    return ends[::-1]


@dataclass(frozen=True)
class _Fit:
    size: int
    lines: tuple[str, ...]
    hang: int


def _lines_allowed(style: TextStyle, size: int, box_h: int) -> int:
    ascent, descent = get_font(style.font, size).getmetrics()
    step = round(size * style.line_height)
    fit = 1 + (box_h - ascent - descent) // step if box_h >= ascent + descent else 0
    return max(0, min(style.max_lines, fit))


@dataclass(frozen=True)
class _Measure:
    words: list[str]
    widths: list[int]
    space: int
    avails: list[int]
    limit: int
    hang: int


def _measure(style: TextStyle, text: str, size: int, box: Box, hang_ok: bool) -> _Measure | None:
    """Each word's width at this size, and whether the words can fit at all: the greedy
    line count is the fewest lines any breaking can reach."""
    words = text.split(" ")
    hang = hang_width(style.font, size, text) if hang_ok else 0
    widths = [advance(style.font, size, w) for w in words]
    widths[0] = line_width(style.font, size, words[0], hang)
    space = advance(style.font, size, " ")
    avails = [box.w + hang, box.w]
    limit = _lines_allowed(style, size, box.h)
    if limit == 0 or _greedy_count(widths, space, avails, limit) > limit:
        return None
    return _Measure(words, widths, space, avails, limit, hang)


def try_size(style: TextStyle, text: str, size: int, box: Box, hang_ok: bool) -> _Fit | None:
    """The text set at `size` in evenly ragged lines, or None if it does not fit."""
    m = _measure(style, text, size, box, hang_ok)
    if m is None:
        return None
    ends = _balanced_breaks(m.widths, m.space, m.avails, m.limit, no_widow=True)
    ends = ends or _balanced_breaks(m.widths, m.space, m.avails, m.limit, no_widow=False)
    if ends is None:
        return None
    lines, start = [], 0
    for end in ends:
        lines.append(" ".join(m.words[start:end]))
        start = end
    # Kerning across spaces can make a whole line a pixel wider than its words' sum.
    for i, line in enumerate(lines):
        if line_width(style.font, size, line, m.hang if i == 0 else 0) > m.avails[min(i, 1)]:
            return None
    return _Fit(size, tuple(lines), m.hang)


def fit_text(style: TextStyle, text: str, box: Box, hang_ok: bool = False) -> _Fit | None:
    """The largest size in the style's range at which the text fits the box, or None.

    Whether the words fit at all is cheap to learn (greedy filling) and monotonic in
    practice (smaller type never needs more room), so a binary search finds the largest
    such size; the even-rag breaking then runs once there, stepping down only in the
    rare case kerning across a space pushes a line a pixel over."""
    low, high = style.size_min, style.size_max
    if _measure(style, text, low, box, hang_ok) is None:
        return None
    while low < high:
        mid = (low + high + 1) // 2
        if _measure(style, text, mid, box, hang_ok) is None:
            high = mid - 1
        else:
            low = mid
    for size in range(low, style.size_min - 1, -1):
        fit = try_size(style, text, size, box, hang_ok)
        if fit is not None:
            return fit
    return None


def _chars_that_fit(style: TextStyle, text: str, box: Box) -> int:
    """How many characters of `text` fit at the smallest size (for the error message)."""
    words = text.split(" ")
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if try_size(style, " ".join(words[:mid]) + "…", style.size_min, box, True) is not None:
            lo = mid
        else:
            hi = mid - 1
    return len(" ".join(words[:lo]))


def _place(
    role: str, text: str, style: TextStyle, fit: _Fit, box: Box, color: Color,
    truncated: bool = False,
) -> TextBlock:
    font = get_font(style.font, fit.size)
    ascent, descent = font.getmetrics()
    step = round(fit.size * style.line_height)
    height = ascent + descent + step * (len(fit.lines) - 1)
    top = box.y + {"top": 0, "center": (box.h - height) // 2, "bottom": box.h - height}[
        style.valign
    ]
    lines = []
    for i, text_line in enumerate(fit.lines):
        width = line_width(style.font, fit.size, text_line, fit.hang if i == 0 else 0)
        if style.align == "left":
            x = box.x - (fit.hang if i == 0 else 0)
        elif style.align == "center":
            x = box.x + (box.w - width) // 2
        else:
            x = box.right - width
        lines.append(Line(text_line, x, top + ascent + i * step, width))
    # The lines' advance boxes from ascender to descender: where the block draws.
    left = min(line.x for line in lines)
    right = max(line.x + line.width for line in lines)
    extent = Box(left, top, right - left, height)
    own = Box(box.x - fit.hang, box.y, box.w + fit.hang, box.h)
    mark = None
    if fit.hang:
        x0, y0, x1, y1 = mark_ink(style.font, fit.size, hanging_mark(text))
        mark = Box(lines[0].x + x0, lines[0].baseline + y0, x1 - x0, y1 - y0)
    return TextBlock(
        role, text, style.font, fit.size, color, step, tuple(lines), own, extent, fit.hang,
        mark, truncated,
    )


def _truncate_to_fit(style: TextStyle, text: str, box: Box, where: str) -> tuple[_Fit, bool]:
    """Headlines are context, not quotes: one too long is shortened at a word with an
    ellipsis (the full headline stays in the alt text and the PNG's Title)."""
    words = text.split(" ")
    for end in range(len(words) - 1, 0, -1):
        fit = fit_text(style, " ".join(words[:end]).rstrip(",;:–—-") + "…", box)
        if fit is not None:
            return fit, True
    raise LayoutError(f"the headline box of {where} is too small for even one word of {text!r}")


# Presets that hold more words than each one, to suggest when a quote is too long.
_ROOMIER = {"landscape": ("portrait", "story"), "wide": ("portrait", "story"),
            "square": ("portrait", "story"), "portrait": ("story",)}


def _quote_fits(spec: CardSpec, preset: str) -> bool:
    size = spec.template.size(preset)
    style = size.texts["quote"]
    box = Box(*pixel_box(style.box, size.width, size.height))
    return fit_text(style, spec.quote, box, hang_ok=style.align == "left") is not None


def layout(spec: CardSpec) -> Layout:
    """Decide every element's font size, lines and position for one card (pure)."""
    template = spec.template
    size = template.size(spec.preset)
    colors = template.colors
    where = f"{template.name}/{spec.preset}"

    def px(rect: Rect) -> Box:
        return Box(*pixel_box(rect, size.width, size.height))

    texts: list[TextBlock] = []

    quote_style = size.texts["quote"]
    check_coverage(spec.quote, quote_style.font, "quote")
    quote_box = px(quote_style.box)
    fit = fit_text(quote_style, spec.quote, quote_box, hang_ok=quote_style.align == "left")
    if fit is None:
        fits = _chars_that_fit(quote_style, spec.quote, quote_box)
        roomier = next((p for p in _ROOMIER.get(spec.preset, ()) if _quote_fits(spec, p)), None)
        taller = f", or use --size {roomier}, where it fits" if roomier else ""
        raise LayoutError(
            f"the quote is too long for {where}: {len(spec.quote)} characters, and about {fits}"
            f" fit at the smallest size ({quote_style.size_min} px); shorten it with an"
            f" ellipsis (…) where words are left out{taller}"
        )
    quote_color = colors[quote_style.color]
    texts.append(_place("quote", spec.quote, quote_style, fit, quote_box, quote_color))

    for role, value in (
        ("attribution", spec.speaker),
        ("headline", spec.headline),
        ("site", spec.site),
    ):
        if not value:
            continue
        style = size.texts[role]
        shown = style.prefix + value
        check_coverage(shown, style.font, role)
        box = px(style.box)
        fitted = fit_text(style, shown, box)
        truncated = False
        if fitted is None:
            if role != "headline":
                option = "--speaker" if role == "attribution" else f"--{role}"
                raise LayoutError(
                    f"the {role} {value!r} is too long for {where}; shorten it with {option}"
                )
            fitted, truncated = _truncate_to_fit(style, shown, box, where)
        texts.append(_place(role, shown, style, fitted, box, colors[style.color], truncated))

    qr_block = None
    if spec.url is not None:
        qr_block = _layout_qr(spec.url, size, px(size.qr.box), colors, where)

    rules = tuple((px(rule.box), colors[rule.color]) for rule in size.rules)
    return Layout(
        template.name, spec.preset, size.width, size.height, colors["background"], rules,
        tuple(texts), qr_block,
    )


def _layout_qr(
    url: str, size: SizeSpec, box: Box, colors: Mapping[str, Color], where: str
) -> QRBlock:
    """The plate is the largest whole-module square that leaves room for the label below
    it; plate and label sit together at the bottom of the box, centred across it."""
    qr = size.qr
    matrix = qr_matrix(url)
    label_h = 0
    label_font = get_font(qr.label_font, qr.label_size)
    if qr.label:
        check_coverage(qr.label, qr.label_font, "QR label")
        ascent, descent = label_font.getmetrics()
        label_h = ascent + descent + round(qr.label_gap * size.height)
    module_px = module_px_for(matrix, min(box.w, box.h - label_h), where)
    side = matrix.plate_px(module_px)
    across = {"left": 0, "center": (box.w - side) // 2, "right": box.w - side}[qr.align]
    plate = Box(box.x + across, box.bottom - label_h - side, side, side)
    label = None
    if qr.label:
        style = TextStyle(
            Rect(0, 0, 1, 1), qr.label_font, qr.label_size, qr.label_size, 1.0, 1,
            qr.label_color, "center", "bottom",
        )
        # The label is centred under the plate, whichever way the plate is aligned.
        label_box = Box(box.x, plate.bottom, box.w, box.bottom - plate.bottom)
        if qr.align != "center":
            width = advance(qr.label_font, qr.label_size, qr.label)
            left = max(box.x, min(plate.x + (side - width) // 2, box.right - width))
            label_box = Box(left, plate.bottom, width, box.bottom - plate.bottom)
        fit = fit_text(style, qr.label, label_box)
        if fit is None:
            raise LayoutError(f"the QR label {qr.label!r} is too wide for {where}")
        label = _place("qr_label", qr.label, style, fit, label_box, colors[qr.label_color])
    return QRBlock(
        url, box, plate, matrix.modules, module_px, QUIET_MODULES, colors["qr_dark"],
        colors["qr_light"], label,
    )


def site_from_url(url: str | None) -> str | None:
    """A publication name to fall back on: the URL's host without "www."."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
