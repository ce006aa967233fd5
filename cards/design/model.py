"""The `Template` model: frozen values for colours, fonts by role, and every element's box
at every size preset. Geometry is relative to the canvas (fractions of its width and
height), so one template serves every preset; `parse` builds these from TOML."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from msgspec import Struct
from msgspec.structs import replace

from cards.errors import TemplateError

PRESETS: dict[str, tuple[int, int]] = {
    "landscape": (1200, 630),
    "wide": (1600, 900),
    "square": (1080, 1080),
    "portrait": (1080, 1350),
    "story": (1080, 1920),
}


def preset_named(name: str) -> str | None:
    """A size preset as a user may type it, in any case ("Square"), as its name; "all"
    for every preset; None if it is neither."""
    key = name.strip().lower()
    return key if key in PRESETS or key == "all" else None


def near_preset(name: str) -> str | None:
    """The preset (or "all") a mistyped name most likely meant, for "did you mean"."""
    import difflib  # lazy: keeps start-up fast

    near = difflib.get_close_matches(name.strip().lower(), [*PRESETS, "all"], n=1)
    return near[0] if near else None


Color = tuple[int, int, int]
Align = Literal["left", "center", "right"]
VAlign = Literal["top", "center", "bottom"]
COLOR_ROLES = ("background", "text", "accent", "muted", "qr_dark", "qr_light", "background_end")
# Roles a template may leave out, and the role each then copies.
OPTIONAL_COLORS = {"background_end": "background"}
TEXT_ROLES = ("quote", "attribution", "headline", "site")
# Text elements a template may leave out; a card shows them only when it has the text.
OPTIONAL_TEXT_ROLES = ("kicker",)


class Rect(Struct, frozen=True):
    """A box in fractions of the canvas: x and w of its width, y and h of its height."""

    x: float
    y: float
    w: float
    h: float


class TextStyle(Struct, frozen=True):
    box: Rect
    font: str
    size_min: int
    size_max: int
    line_height: float
    max_lines: int
    color: str
    align: Align
    valign: VAlign
    prefix: str = ""
    fallbacks: tuple[str, ...] = ()  # fonts tried, in order, for characters `font` lacks
    features: tuple[str, ...] = ("kern", "liga", "lnum")  # OpenType features for raqm
    emphasis: str = "accent"  # the colour role of *emphasised* words
    emphasis_font: str | None = None  # and their font (a bold), if the template wants one
    marks: tuple[str, str, str, str] | None = None  # quotation marks, overriding the language's
    uppercase: bool = False  # shown in capitals (a kicker, a site line); never the quote
    tracking: float | None = None  # em added after each letter; None: the default below

    @property
    def letter_spacing(self) -> float:
        """The tracking in em: the template's, else CAPS_TRACKING for capitals and small
        capitals (which, spaced as lower case is, crowd), else none."""
        if self.tracking is not None:
            return self.tracking
        caps = self.uppercase or bool({"smcp", "c2sc"} & set(self.features))
        return CAPS_TRACKING if caps else 0.0


# Capitals and small capitals are spaced this much wider than the font spaces lower case.
CAPS_TRACKING = 0.06


class QRStyle(Struct, frozen=True):
    box: Rect
    label: str
    label_font: str
    label_size: int
    label_color: str
    label_gap: float  # fraction of the canvas height between the plate and the label
    align: Align = "center"  # of the plate and its label across the box


class Rule(Struct, frozen=True):
    box: Rect
    color: str


class Glyph(Struct, frozen=True):
    """A large character drawn behind the content: an oversized quotation mark. It sits
    where the template says, or leads the quote (`at` None): above its first line, on
    the edge of its opening mark, moving with it."""

    text: str | None  # None: the quote's own opening mark, as the card's language has it
    font: str | None  # None: the face the quote is set in (a brand kit's, if it gives one)
    size: float  # the type size, a fraction of the canvas height (0 for one that leads)
    at: tuple[float, float] | None  # its top-left ink corner, as fractions of the canvas
    color: str
    # Leading the quote: the height of its ink (whatever the face, so the band it needs
    # is known), and the gap between it and the top of the quote's first line, as
    # fractions of the canvas height.
    height: float = 0.0
    gap: float = 0.0


# A glyph that leads the quote sits this far above it, unless the template says.
LEAD_GAP = 0.01


class Background(Struct, frozen=True):
    """A flat colour, a gradient between two colour roles, or a photograph under a tint."""

    kind: Literal["solid", "linear", "radial", "image"] = "solid"
    start: str = "background"  # the colour at the start (linear) or the centre (radial)
    end: str = "background"
    angle: float = 90.0  # linear: the direction from start to end, degrees clockwise from
    # pointing right (90: top to bottom)
    image: Path | None = None  # image: the template's own picture (a card may bring one)
    focus: tuple[float, float] = (0.5, 0.5)  # image: the point the crop keeps in view
    blur: float = 0.0  # image: Gaussian blur radius, px on a 1200 px wide card
    tint: str = "background"  # image: the colour laid over it so text stays legible
    tint_min: float = 0.0  # image: the least opacity of that tint, however calm the picture


class PortraitStyle(Struct, frozen=True):
    """Where a speaker's photo goes, cut to a circle, when a card has one."""

    box: Rect  # the circle is as wide as the box is short, at its start edge
    ring: str | None  # the colour role of a ring around it, or none
    ring_width: float  # as a fraction of the circle's diameter
    focus: tuple[float, float]  # the point of the photo the crop keeps in view
    push: tuple[str, ...]  # text elements that start after the portrait when it is shown
    gap: float  # between the portrait's box and those elements, a fraction of the width

    def pushed(self, rect: Rect) -> Rect:
        x = self.box.x + self.box.w + self.gap
        return Rect(x, rect.y, rect.x + rect.w - x, rect.h)


class LogoStyle(Struct, frozen=True):
    """The publication's logo: a file of the template's or the brand kit's."""

    box: Rect | None  # None: the site line's box
    file: Path | None  # None: no logo (a brand kit may bring one)
    align: Align = "left"
    replaces_site: bool = True  # a card with a logo leaves the site line's name off


# What every element keeps clear of the logo and of the QR plate, unless the template
# says otherwise: 2% of the short side, a third of the 6% edge margin. That is 13 px on
# a landscape card and 22 px on the 1080-px-wide ones, about a quarter of a logo's
# height in the bundled designs (as brand guides ask, a space of the order of the
# logo's letters), and still a visible gap in a feed at 0.45x. More would be taken from
# the quote on landscape, where height is scarcest.
CLEAR_SPACE = 0.02


class SizeSpec(Struct, frozen=True):
    """Everything a template says for one size preset, overrides applied."""

    preset: str
    width: int
    height: int
    texts: Mapping[str, TextStyle]
    qr: QRStyle
    rules: tuple[Rule, ...]
    background: Background = Background()
    glyphs: tuple[Glyph, ...] = ()
    portrait: PortraitStyle | None = None
    logo: LogoStyle = LogoStyle(None, None)
    clear_space: float = CLEAR_SPACE  # kept around the logo and the QR plate: of the short side

    @property
    def clear_px(self) -> int:
        """The clear space in px at this preset."""
        return round(self.clear_space * min(self.width, self.height))

    def with_portrait(self) -> Mapping[str, TextStyle]:
        """The text styles as they are on a card with a speaker photo: the elements the
        portrait pushes start after it."""
        if self.portrait is None:
            return self.texts
        p = self.portrait
        return {role: replace(style, box=p.pushed(style.box)) if role in p.push else style
                for role, style in self.texts.items()}


class Template(Struct, frozen=True):
    name: str
    description: str
    source: str
    colors: Mapping[str, Color]
    sizes: Mapping[str, SizeSpec]
    digest: str = ""  # of the template's file, so output names change when it does

    def __repr__(self) -> str:  # its sizes would fill a screen
        return f"Template({self.name!r}, source={self.source!r})"

    def size(self, preset: str) -> SizeSpec:
        if preset not in self.sizes:
            raise TemplateError(
                f'template "{self.name}" has no size "{preset}" (it has: {", ".join(self.sizes)})'
            )
        return self.sizes[preset]


