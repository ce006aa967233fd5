"""Parsing a template: its TOML data checked key by key and built into a frozen `Template`.

`parse_template(data, source)` is pure and does all the checking, so every message names
the template's file and the key to change, with a "did you mean" for a typo; reading
the file and following `extends` is the catalog's."""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cards.design.model import (
    COLOR_ROLES,
    OPTIONAL_COLORS,
    OPTIONAL_TEXT_ROLES,
    PRESETS,
    TEXT_ROLES,
    Background,
    Color,
    Glyph,
    LogoStyle,
    PortraitStyle,
    QRStyle,
    Rect,
    Rule,
    SizeSpec,
    Template,
    TextStyle,
)
from cards.design.rules import check_font, check_image, check_spec, pixel_box
from cards.errors import TemplateError, suggest
from cards.files import inside
from cards.text.faces import bundled_fonts, is_font_file


class Reader:
    """Reads one table of the TOML, naming the dotted key in every error."""

    def __init__(
        self, data: Mapping[str, Any], path: str, source: str,
        override: Mapping[str, Any] | None = None, preset: str = "",
        top: tuple[str, ...] = (),
    ) -> None:
        self.data, self.path, self.source = data, path, source
        self.top = top  # the file's plain top-level keys, to catch one written in a table
        # A preset's table merged over the base: a key the preset set is named as
        # sizes.<preset>.<path>.<key>, so the error points at the line to fix.
        self.override, self.preset = override or {}, preset

    def where(self, key: str) -> str:
        """The file and the dotted key, as every error names them."""
        where = f"{self.path}.{key}" if self.path else key
        if key in self.override:
            where = f"sizes.{self.preset}.{where}"
        return f"{self.source}: {where}"

    def fail(self, key: str, message: str) -> TemplateError:
        return TemplateError(f"{self.where(key)}: {message}")

    def only(self, allowed: tuple[str, ...]) -> None:
        """Refuse keys outside `allowed`, suggesting the nearest."""
        for key in self.data:
            if key in allowed:
                continue
            self.misplaced(key)
            raise self.fail(key, f"unknown key{suggest(key, allowed)}")

    def misplaced(self, key: str) -> None:
        """Refuse a top-level key found in a table: it was written below a [table]
        header, where TOML makes it part of that table."""
        if key in self.top and self.path:
            raise self.fail(key, f'"{key}" belongs at the top of the file, above the first'
                            " [table] (in TOML a key after a [table] header is part of"
                            " that table)")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        if key not in self.data:
            if default is ...:
                raise self.fail(key, "missing")
            return default
        value = self.data[key]
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise self.fail(key, f"expected a number, got {value!r}")
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(key, f"expected a number, got {value!r}")
        if not isinstance(value, kind):
            names = {"str": "text in quotes", "int": "a whole number", "list": "a list",
                     "dict": "a table", "float": "a number", "bool": "true or false"}
            name = names.get(kind.__name__, kind.__name__) if isinstance(kind, type) else "a number"
            raise self.fail(key, f"expected {name}, got {value!r}")
        return value

    def table(self, key: str) -> Reader:
        value = self.get(key, dict, {})
        over = self.override.get(key)
        return Reader(
            value, f"{self.path}.{key}" if self.path else key, self.source,
            over if isinstance(over, dict) else None, self.preset, self.top,
        )

    def choice(self, key: str, options: tuple[str, ...], default: str) -> str:
        value = self.get(key, str, default)
        if value not in options:
            near = difflib.get_close_matches(value, options, n=1)
            hint = f' (did you mean "{near[0]}"?)' if near else f" (one of: {', '.join(options)})"
            raise self.fail(key, f'"{value}" is not allowed{hint}')
        return str(value)

    def rect(self, key: str) -> Rect:
        value = self.get(key, list)
        if len(value) != 4 or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value
        ):
            raise self.fail(key, "expected [x, y, w, h] as fractions of the canvas")
        x, y, w, h = (float(v) for v in value)
        if not all(map(math.isfinite, (x, y, w, h))) or (
                w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > 1.0001 or y + h > 1.0001):
            raise self.fail(key, f"{value} does not lie inside the canvas (0 to 1 on each axis)")
        return Rect(x, y, w, h)

    def size_range(self, key: str) -> tuple[int, int]:
        if key not in self.data:
            raise self.fail(key, "missing")
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, (int, list)):
            raise self.fail(key, "expected a size in px, or [smallest, largest]")
        low, high = (value, value) if isinstance(value, int) else tuple(value + [None])[:2]
        if not (isinstance(low, int) and isinstance(high, int) and 0 < low <= high):
            raise self.fail(key, "expected a size in px, or [smallest, largest]")
        if high > MAX_TEXT_PX:
            raise self.fail(key, f"{high} px is larger than any card; give at most {MAX_TEXT_PX}")
        return low, high

    def number(self, key: str, low: float, high: float, default: float) -> float:
        """A number between `low` and `high` (a line height, a gap)."""
        value = float(self.get(key, (int, float), default))
        if not low <= value <= high:
            raise self.fail(key, f"{value:g} is outside {low:g} to {high:g}")
        return value


def parse_color(value: Any, reader: Reader, key: str) -> Color:
    text = value if isinstance(value, str) else ""
    digits = text[1:] if text.startswith("#") else ""
    if len(digits) != 6 or any(c not in "0123456789abcdefABCDEF" for c in digits):
        raise reader.fail(key, f"expected a colour as #RRGGBB, got {value!r}")
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


_TEXT_KEYS = ("box", "font", "size", "line_height", "max_lines", "color", "align", "valign",
              "prefix", "fallbacks", "features", "emphasis", "emphasis_font", "marks",
              "uppercase", "tracking")

_QR_KEYS = ("box", "label", "label_font", "label_size", "label_color", "label_gap", "align")

_PORTRAIT_KEYS = ("box", "ring", "ring_width", "focus", "push", "gap")

ELEMENT_KEYS = (*TEXT_ROLES, *OPTIONAL_TEXT_ROLES, "qr", "rules", "background", "glyphs",
                 "portrait", "logo")

# No text on a card is set larger than this (the tallest card is 1920 px).
MAX_TEXT_PX = 1000
_PLAIN_TOP = ("name", "description", "extends", "presets")  # the keys that are not tables

_TOP_KEYS = ("name", "description", "extends", "presets", "colors", "sizes", *ELEMENT_KEYS)


def _text_style(r: Reader, colors: Mapping[str, Color]) -> TextStyle:
    r.only(_TEXT_KEYS)
    low, high = r.size_range("size")
    return TextStyle(
        box=r.rect("box"),
        font=font_name(r, "font"),
        size_min=low,
        size_max=high,
        line_height=r.number("line_height", 0.5, 3.0, 1.2),
        max_lines=_count(r, "max_lines", 1, 50, 1),
        color=_color_role(r, "color", colors, "text"),
        align=r.choice("align", ("left", "center", "right"), "left"),  # type: ignore[arg-type]
        valign=r.choice("valign", ("top", "center", "bottom"), "top"),  # type: ignore[arg-type]
        prefix=r.get("prefix", str, ""),
        fallbacks=tuple(_font_list(r, "fallbacks")),
        features=tuple(_strings(r, "features", ["kern", "liga", "lnum"])),
        emphasis=_color_role(r, "emphasis", colors, "accent"),
        emphasis_font=font_name(r, "emphasis_font") if "emphasis_font" in r.data else None,
        marks=_marks(r),
        uppercase=_flag(r, "uppercase"),
        tracking=r.number("tracking", -0.05, 0.5, 0.0) if "tracking" in r.data else None,
    )


def _count(r: Reader, key: str, low: int, high: int, default: int) -> int:
    value: int = r.get(key, int, default)
    if not low <= value <= high:
        raise r.fail(key, f"{value} is outside {low} to {high}")
    return value


def _flag(r: Reader, key: str) -> bool:
    return bool(r.get(key, bool, False))


def _strings(r: Reader, key: str, default: list[str]) -> list[str]:
    value = r.get(key, list, default)
    if not all(isinstance(v, str) for v in value):
        raise r.fail(key, f"expected a list of strings, got {value!r}")
    return list(value)


def _font_list(r: Reader, key: str) -> list[str]:
    value = r.get(key, list, [])
    if not all(isinstance(v, (str, Path)) for v in value):
        raise r.fail(key, f"expected a list of strings, got {value!r}")
    return [_font(r, key, v) for v in value]


def _marks(r: Reader) -> tuple[str, str, str, str] | None:
    if "marks" not in r.data:
        return None
    value = _strings(r, "marks", [])
    if len(value) != 4:
        raise r.fail("marks", "expected [opening, closing, inner opening, inner closing]")
    return (value[0], value[1], value[2], value[3])


def font_name(r: Reader, key: str) -> str:
    value = r.data.get(key)
    return _font(r, key, value if isinstance(value, Path) else r.get(key, str))


def _font(r: Reader, key: str, value: str | Path) -> str:
    """A bundled font's name, or a font file in the template's folder, kept as its
    absolute path. A `Path` is a file `extends` or a brand kit already found in its
    own folder."""
    if isinstance(value, Path):
        return check_font(value, r.where(key))
    if is_font_file(value):
        path = inside(Path(r.source).parent, value)
        if path is None:
            raise r.fail(key, f"{value!r} must be a path inside the folder of"
                              f" {Path(r.source).name}")
        return check_font(path, r.where(key))
    fonts = bundled_fonts()
    if value not in fonts:
        near = difflib.get_close_matches(value, fonts, n=1)
        hint = f' (did you mean "{near[0]}"?)' if near else ""
        raise r.fail(key, f'no font "{value}"{hint}')
    return value


def _color_role(r: Reader, key: str, colors: Mapping[str, Color], default: str) -> str:
    return r.choice(key, tuple(colors), default)


def _size_spec(
    preset: str, data: Mapping[str, Any], override: Mapping[str, Any], source: str,
    colors: Mapping[str, Color],
) -> SizeSpec:
    width, height = PRESETS[preset]
    top = Reader(data, "", source, override, preset, _PLAIN_TOP)
    texts = {role: _text_style(top.table(role), colors) for role in TEXT_ROLES}
    for role in OPTIONAL_TEXT_ROLES:
        if role in data:
            texts[role] = _text_style(top.table(role), colors)
    if texts["quote"].uppercase:
        raise top.table("quote").fail("uppercase", "the quote is shown as it was said")
    q = top.table("qr")
    q.only(_QR_KEYS)
    qr = QRStyle(
        box=q.rect("box"),
        label=q.get("label", str, "Read the story"),
        label_font=font_name(q, "label_font"),
        label_size=_count(q, "label_size", 1, MAX_TEXT_PX, 22),
        label_color=_color_role(q, "label_color", colors, "muted"),
        label_gap=q.number("label_gap", 0.0, 0.5, 0.01),
        align=q.choice("align", ("left", "center", "right"), "center"),  # type: ignore[arg-type]
    )
    rules = []
    for i, item in enumerate(top.get("rules", list, [])):
        where = f"sizes.{preset}.rules[{i}]" if "rules" in override else f"rules[{i}]"
        rr = Reader(item if isinstance(item, dict) else {}, where, source)
        rr.only(("box", "color"))
        box = rr.rect("box")
        _, _, w_px, h_px = pixel_box(box, width, height)
        if w_px < 1 or h_px < 1:
            raise rr.fail("box", f"is {w_px} x {h_px} px at {preset}, thinner than a pixel;"
                                 " make it at least 1 px in both directions")
        rules.append(Rule(box=box, color=_color_role(rr, "color", colors, "accent")))
    glyphs = []
    for i, item in enumerate(top.get("glyphs", list, [])):
        where = f"sizes.{preset}.glyphs[{i}]" if "glyphs" in override else f"glyphs[{i}]"
        gr = Reader(item if isinstance(item, dict) else {}, where, source)
        gr.only(("text", "font", "size", "at", "color"))
        at = gr.get("at", list)
        if len(at) != 2 or not all(isinstance(v, (int, float)) and 0 <= v <= 1 for v in at):
            raise gr.fail("at", f"expected [x, y] as fractions of the canvas, got {at!r}")
        size = float(gr.get("size", (int, float)))
        if not 0 < size <= 1:
            raise gr.fail("size", f"expected a fraction of the canvas height, got {size}")
        glyphs.append(Glyph(gr.get("text", str), font_name(gr, "font"), size,
                            (float(at[0]), float(at[1])), _color_role(gr, "color", colors,
                                                                      "accent")))
    b = top.table("background")
    b.only(("kind", "start", "end", "angle", "image", "focus", "blur", "tint", "tint_min"))
    kind = b.choice("kind", ("solid", "linear", "radial", "image"), "solid")
    focus = b.get("focus", list, [0.5, 0.5])
    if len(focus) != 2 or not all(isinstance(v, (int, float)) and 0 <= v <= 1 for v in focus):
        raise b.fail("focus", f"expected [x, y] as fractions of the picture, got {focus!r}")
    tint_min = float(b.get("tint_min", (int, float), 0.0))
    if not 0 <= tint_min <= 1:
        raise b.fail("tint_min", f"expected an opacity from 0 to 1, got {tint_min}")
    background = Background(
        kind=kind,  # type: ignore[arg-type]
        start=_color_role(b, "start", colors, "background"),
        end=_color_role(b, "end", colors, "background"),
        angle=float(b.get("angle", (int, float), 90)),
        image=asset(b, "image", source) if "image" in b.data else None,
        focus=(float(focus[0]), float(focus[1])),
        blur=float(b.get("blur", (int, float), 0.0)),
        tint=_color_role(b, "tint", colors, "background"),
        tint_min=tint_min,
    )
    portrait = _portrait(top.table("portrait"), colors, texts) if "portrait" in data else None
    lr = top.table("logo")
    lr.only(("box", "file", "align", "replaces_site"))
    logo = LogoStyle(lr.rect("box") if "box" in lr.data else None,
                     asset(lr, "file", source) if "file" in lr.data else None,
                     lr.choice("align", ("left", "center", "right"), "left"),  # type: ignore[arg-type]
                     bool(lr.get("replaces_site", bool, True)))
    spec = SizeSpec(preset, width, height, texts, qr, tuple(rules), background, tuple(glyphs),
                    portrait, logo)
    check_spec(spec, colors, source)
    return spec


def _portrait(r: Reader, colors: Mapping[str, Color],
              texts: Mapping[str, TextStyle]) -> PortraitStyle:
    r.only(_PORTRAIT_KEYS)
    focus = r.get("focus", list, [0.5, 0.4])
    if len(focus) != 2 or not all(isinstance(v, (int, float)) and 0 <= v <= 1 for v in focus):
        raise r.fail("focus", f"expected [x, y] as fractions of the photo, got {focus!r}")
    push = _strings(r, "push", [])
    for role in push:
        if role not in texts:
            near = difflib.get_close_matches(role, list(texts), n=1)
            hint = f' (did you mean "{near[0]}"?)' if near else f" (one of: {', '.join(texts)})"
            raise r.fail("push", f'no text element "{role}"{hint}')
    width = float(r.get("ring_width", (int, float), 0.04))
    if not 0 <= width < 0.5:
        raise r.fail("ring_width", f"expected a fraction of the circle's diameter, got {width}")
    gap = float(r.get("gap", (int, float), 0.02))
    if not 0 <= gap < 1:
        raise r.fail("gap", f"expected a fraction of the canvas width, got {gap}")
    ring = r.choice("ring", (*colors, "none"), "none")
    return PortraitStyle(
        box=r.rect("box"),
        ring=None if ring == "none" else ring,
        ring_width=width,
        focus=(float(focus[0]), float(focus[1])),
        push=tuple(push),
        gap=gap,
    )


def asset(r: Reader, key: str, source: str) -> Path:
    """A file the template ships, named relative to its folder and inside it. A `Path`
    is one `extends` already found in the parent template's own folder."""
    where = f"{r.path}.{key}" if r.path else key
    if isinstance(r.data.get(key), Path):
        return check_image(r.data[key], f"{source}: {where}")
    value = r.get(key, str)
    path = inside(Path(source).parent, value)
    if path is None:
        raise r.fail(key, f"{value!r} must be a path inside the folder of {Path(source).name}"
                          "")
    return check_image(path, f"{source}: {where}")


def parse_template(
    data: Mapping[str, Any], source: str, digest: str = "", check_presets: bool = True,
    presets: tuple[str, ...] = tuple(PRESETS),
) -> Template:
    """Check a template's parsed TOML and build the frozen `Template` (pure)."""
    top = Reader(data, "", source, top=_PLAIN_TOP)
    top.only(_TOP_KEYS)
    name = top.get("name", str)
    description = top.get("description", str, "")
    c = top.table("colors")
    c.only(COLOR_ROLES)
    colors = {role: parse_color(c.get(role, str), c, role)
              for role in COLOR_ROLES if role not in OPTIONAL_COLORS or role in c.data}
    for role, fallback in OPTIONAL_COLORS.items():
        colors.setdefault(role, colors[fallback])
    own = _strings(top, "presets", list(PRESETS))
    for preset in own:
        if preset not in PRESETS:
            near = difflib.get_close_matches(preset, PRESETS, n=1)
            hint = f' (did you mean "{near[0]}"?)' if near else f" (one of: {', '.join(PRESETS)})"
            raise top.fail("presets", f'no size preset "{preset}"{hint}')
    if not own:
        raise top.fail("presets", "a template needs at least one size preset")
    presets = tuple(p for p in presets if p in own)
    if not check_presets:
        return Template(name, description, source, colors, {}, digest)
    overrides = top.table("sizes")
    overrides.only(tuple(PRESETS))
    base = {key: data[key] for key in ELEMENT_KEYS if key in data}
    sizes = {}
    for preset in presets:
        over = overrides.get(preset, dict, {})
        overrides.table(preset).only(ELEMENT_KEYS)
        sizes[preset] = _size_spec(preset, merge(base, over), over, source, colors)
    return Template(name, description, source, colors, sizes, digest)
