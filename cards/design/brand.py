"""Brand kits: a newsroom's name, colours, fonts and link tracking, over any template."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from msgspec import Struct

from cards.design.model import COLOR_ROLES, TEXT_ROLES
from cards.design.parse import Reader, asset, font_name, merge, parse_color
from cards.design.rules import luminance
from cards.errors import TemplateError, reading
from cards.files import read_toml
from cards.text.faces import is_font_file


class Brand(Struct, frozen=True):
    """A newsroom's brand kit: applied over every template it is used with."""

    source: str
    name: str | None  # the publication, shown as the site line
    colors: Mapping[str, str]  # colour role -> "#RRGGBB"
    fonts: Mapping[str, str]  # text role (quote, attribution, headline, site, label) -> font
    # (a bundled font's name, or the absolute path of a font file beside the kit)
    url_params: Mapping[str, str]  # added to the story URL, e.g. utm_source
    logo: Path | None = None  # drawn in the site line's box in place of the name
    colors_dark: Mapping[str, str] | None = None  # for designs on a dark background
    logo_dark: Path | None = None  # a logo that reads on a dark background


_BRAND_KEYS = ("name", "colors", "colors_dark", "fonts", "url_params", "logo", "logo_dark")
# A template whose background is darker than this (WCAG relative luminance) takes the
# kit's dark colours and logo: one brand green cannot read on both cream and navy.
DARK = 0.18
_FONT_ROLES = (*TEXT_ROLES, "label")


def parse_brand(data: Mapping[str, Any], source: str) -> Brand:
    r = Reader(data, "", source, top=("name", "logo", "logo_dark"))
    r.only(_BRAND_KEYS)
    colors = _colors(r, "colors")
    colors_dark = _colors(r, "colors_dark") if "colors_dark" in data else None
    f = r.table("fonts")
    f.only(_FONT_ROLES)
    fonts = {role: font_name(f, role) for role in f.data}
    u = r.table("url_params")
    for key in u.data:
        u.misplaced(key)  # a kit's name written after [url_params] would join the URL
    params = {key: u.get(key, str) for key in u.data}
    name = r.get("name", str, None)
    logo = asset(r, "logo", source) if "logo" in data else None
    logo_dark = asset(r, "logo_dark", source) if "logo_dark" in data else None
    return Brand(source, name, colors, fonts, params, logo, colors_dark, logo_dark)


def _colors(r: Reader, key: str) -> dict[str, str]:
    c = r.table(key)
    c.only(COLOR_ROLES)
    colors = {role: c.get(role, str) for role in c.data}
    for role, value in colors.items():
        parse_color(value, c, role)
    return colors


def is_dark(data: Mapping[str, Any]) -> bool:
    """Whether a template's own background is dark (read before any kit applies)."""
    value = data.get("colors", {}).get("background", "#FFFFFF")
    try:
        rgb = (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))
    except (TypeError, ValueError, IndexError):
        return False
    return luminance(rgb) < DARK


def logo_for(brand: Brand, dark: bool) -> Path | None:
    return (brand.logo_dark or brand.logo) if dark else brand.logo


def load_brand(path: str) -> Brand:
    """A brand kit from its file, or from the brand.toml in a folder."""
    file = Path(path)
    if file.is_dir():
        if not (file / "brand.toml").is_file():
            raise TemplateError(f"{path} is a folder with no brand.toml in it; give the kit's file")
        file = file / "brand.toml"
    if not file.is_file():
        raise TemplateError(f"brand kit not found: {path}")

    with reading(f"the brand kit {file}"):
        data, _ = read_toml(file)
        return parse_brand(data, str(file))


def is_brand_file(ref: str) -> bool:
    """Whether a path names a brand kit rather than a template: brand.toml, or any
    other .toml (not template.toml) with none of a template's tables."""
    path = Path(ref)
    if path.name == "brand.toml":
        return True
    if path.suffix != ".toml" or path.name == "template.toml" or not path.is_file():
        return False

    try:
        data, _ = read_toml(path)
    except TemplateError:
        return False
    return not set(data) & {"quote", "qr", "site", "attribution", "headline", "sizes",
                            "extends", "background"}


# The brand kit beside the templates, applied when none is named.
DEFAULT_KIT = Path("templates") / "brand.toml"


def default_brand() -> Brand | None:
    """The brand kit beside the templates (./templates/brand.toml), if there is one."""
    return load_brand(str(DEFAULT_KIT)) if DEFAULT_KIT.is_file() else None


def with_brand(data: Mapping[str, Any], brand: Brand) -> dict[str, Any]:
    """The template's data with the brand's colours, fonts and logo set over it, at every
    preset (a preset's own font for a role gives way to the brand's too). The logo is the
    one made for the card's background as the kit leaves it: light or dark."""
    colors = brand.colors_dark if brand.colors_dark is not None and is_dark(data) else brand.colors
    merged = merge(data, {"colors": dict(colors)})
    if isinstance(merged.get("sizes"), dict):  # changed below: the template's own stays as is
        merged["sizes"] = dict(merged["sizes"])
    logo = logo_for(brand, is_dark(merged))
    if logo is not None:
        merged["logo"] = {**merged.get("logo", {}), "file": logo}
        for preset, over in merged.get("sizes", {}).items():
            if isinstance(over, dict) and isinstance(over.get("logo"), dict):
                merged["sizes"][preset] = {**over, "logo": {**over["logo"], "file": logo}}
    for role, name in brand.fonts.items():
        # A font file is already found beside the kit: a `Path` tells the template's
        # parsing not to look for it in the template's folder.
        font: str | Path = Path(name) if is_font_file(name) else name
        table, key = ("qr", "label_font") if role == "label" else (role, "font")
        merged[table] = {**merged.get(table, {}), key: font}
        for preset, over in merged.get("sizes", {}).items():
            if isinstance(over, dict) and isinstance(over.get(table), dict) and key in over[table]:
                merged["sizes"][preset] = {**over, table: {**over[table], key: font}}
    return merged


def branded_url(url: str, brand: Brand | None) -> str:
    """The story URL with the brand's tracking parameters added (ones already in the URL
    are kept as they are)."""
    if brand is None or not brand.url_params:
        return url
    return with_params(url, brand.url_params)


def with_params(url: str, params: Mapping[str, str]) -> str:
    """The URL with `params` added to its query; a parameter it already has is kept as it
    is, and so are its other parameters and its fragment."""
    if not params:
        return url
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    present = {key for key, _ in query}
    query += [(k, v) for k, v in params.items() if k not in present]
    return urlunsplit(parts._replace(query=urlencode(query)))
