"""Finding and loading templates: the search folders, `extends` (a parent's keys under the
child's, its files in its own folder), and a brand kit set over the result.

Only this module reads template files; `parse.parse_template` does the checking.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from cards.design.brand import is_dark, logo_for, with_brand
from cards.design.model import OPTIONAL_TEXT_ROLES, TEXT_ROLES, Template
from cards.design.parse import merge, parse_template
from cards.design.rules import luminance
from cards.errors import ContrastError, LogoContrastError, TemplateError, reading
from cards.files import bundled_dir, inside, read_toml
from cards.text.faces import is_font_file

if TYPE_CHECKING:
    from cards.design.brand import Brand


class TemplateEntry(Struct, frozen=True):
    name: str
    path: Path  # its template.toml
    origin: str  # "./templates", "$CARDS_TEMPLATES" or "bundled"


def template_dirs() -> list[tuple[Path, str]]:
    """Where a template named on the command line is looked for, first to last:
    ./templates/, each folder in $CARDS_TEMPLATES (colon-separated), then the bundled."""
    dirs = [(Path("templates"), "./templates")]
    for part in os.environ.get("CARDS_TEMPLATES", "").split(os.pathsep):
        if part:
            dirs.append((Path(part), "$CARDS_TEMPLATES"))
    dirs.append((bundled_dir("templates"), "bundled"))
    return dirs


def available_templates() -> list[TemplateEntry]:
    """Every template a name can reach, the first of each name only (as it would load)."""
    seen: dict[str, TemplateEntry] = {}
    for folder, origin in template_dirs():
        for toml in sorted(folder.glob("*/template.toml")) if folder.is_dir() else []:
            seen.setdefault(toml.parent.name, TemplateEntry(toml.parent.name, toml, origin))
    return sorted(seen.values(), key=lambda e: e.name)


def is_template_path(ref: str) -> bool:
    """Whether a reference to a template is a path (a .toml file, or a folder holding a
    template.toml) rather than a name to look for on the search path."""
    path = Path(ref)
    # A folder called "photo" made by --out photo/ must not hide the bundled template: a
    # bare name is a path only when that folder holds a template.
    return path.suffix == ".toml" or "/" in ref or (path / "template.toml").is_file()


def _named(folder: Path, name: str) -> Path | None:
    """The template.toml of the template called `name` in `folder`, in any case: the exact
    spelling first ("Classic" and "classic" are one design to a user)."""
    exact = folder / name / "template.toml"
    if exact.is_file():
        return exact
    if not folder.is_dir():
        return None
    wanted = name.casefold()
    return next((toml for toml in sorted(folder.glob("*/template.toml"))
                 if toml.parent.name.casefold() == wanted), None)


def template_name(ref: str) -> str | None:
    """A design's name as it is on the search path ("Classic" gives "classic"), or None if
    no folder on it has one of that name."""
    for folder, _ in template_dirs():
        found = _named(folder, ref)
        if found is not None:
            return found.parent.name
    return None


def unknown_template(ref: str) -> str:
    """Why a name finds no template, with the one it most likely meant and the choices."""
    names = [e.name for e in available_templates()]
    near = difflib.get_close_matches(ref.casefold(), names, n=1)
    hint = f' (did you mean "{near[0]}"?)' if near else ""
    return f'no template "{ref}"{hint}; templates: {", ".join(names)}'


def find_template(ref: str, relative_to: Path | None = None) -> Path:
    """A template's TOML file from a name (searched as `template_dirs` says, in any case),
    a folder, or a file path (relative to `relative_to`, for `extends` inside a template)."""
    if is_template_path(ref):
        path = Path(ref)
        if relative_to is not None and not path.is_absolute():
            path = relative_to / path
        candidate = path / "template.toml" if path.is_dir() else path
        if not candidate.is_file():
            raise TemplateError(f"template not found: {candidate}")
        return candidate
    for folder, _ in template_dirs():
        found = _named(folder, ref)
        if found is not None:
            return found
    raise TemplateError(unknown_template(ref))


def resolve_template_data(path: Path) -> tuple[dict[str, Any], str]:
    """The template's TOML with everything it `extends` merged under it (its own keys
    win, tables merge key by key, lists replace), and a digest of every file involved:
    the TOML files and the font files they name."""
    digest = hashlib.sha256()
    chain: list[Path] = []
    layers: list[dict[str, Any]] = []
    current = path
    while True:
        resolved = current.resolve()
        if resolved in chain:
            names = " -> ".join(str(p) for p in [*chain, resolved])
            raise TemplateError(f"{path}: extends: a template cannot extend itself ({names})")
        chain.append(resolved)
        data, raw = read_toml(current)
        digest.update(raw)
        parent = data.pop("extends", None)
        layers.append(data if current is path else _rebase(data, current))
        _hash_files(digest, _font_files(layers[-1], current.parent))
        if parent is None:
            break
        if not isinstance(parent, str):
            raise TemplateError(f"{current}: extends: expected a template name, got {parent!r}")
        if "name" not in data:
            raise TemplateError(
                f"{current}: name: missing (a template that extends another needs its own name)"
            )
        try:
            current = find_template(parent, relative_to=current.parent)
        except TemplateError as e:
            raise TemplateError(f"{current}: extends: {e}") from e
    merged: dict[str, Any] = {}
    for layer in reversed(layers):
        merged = merge(_unset_in_presets(merged, layer), layer)
    return merged, digest.hexdigest()[:16]


def _unset_in_presets(parent: dict[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """The parent without the per-preset values of keys the child sets for every preset:
    a child's `quote.font` or `rules` then holds at every size, not only where the parent
    had no override of its own."""
    def drop(over: Any, mine: Mapping[str, Any]) -> Any:
        if not isinstance(over, dict):
            return over
        kept = {}
        for key, value in over.items():
            if key not in mine:
                kept[key] = value
            elif isinstance(mine[key], dict) and isinstance(value, dict):
                kept[key] = drop(value, mine[key])
        return kept

    base = {k: v for k, v in child.items() if k not in ("sizes", "name", "description")}
    sizes = parent.get("sizes")
    if not base or not isinstance(sizes, dict):
        return parent
    return {**parent, "sizes": {p: drop(o, base) for p, o in sizes.items()}}


# Keys naming a file inside the template's folder, as paths of nested keys ("[]": each
# item of a list), looked for in the base tables and in each preset's under `sizes`.
ASSET_KEYS: tuple[tuple[str, ...], ...] = (("background", "image"), ("logo", "file"))
# Keys holding a font: a bundled font's name, or a font file in the template's folder.
FONT_KEYS: tuple[tuple[str, ...], ...] = (
    *((role, key) for role in (*TEXT_ROLES, *OPTIONAL_TEXT_ROLES)
      for key in ("font", "emphasis_font")),
    *((role, "fallbacks", "[]") for role in (*TEXT_ROLES, *OPTIONAL_TEXT_ROLES)),
    ("qr", "label_font"),
    ("glyphs", "[]", "font"),
)


def _slots(data: Mapping[str, Any], keys: tuple[str, ...]) -> Iterator[tuple[Any, Any, str]]:
    """Each (table or list, key or index, dotted name) that `keys` reaches in a
    template's data. Items of a list of values are named by the list's key, as
    `parse_template` names them."""
    def walk(node: Any, keys: tuple[str, ...], where: str) -> Iterator[tuple[Any, Any, str]]:
        key, rest = keys[0], keys[1:]
        if key == "[]":
            for i, item in enumerate(node if isinstance(node, list) else ()):
                if rest:
                    yield from walk(item, rest, f"{where}[{i}]")
                else:
                    yield node, i, where
        elif isinstance(node, dict) and key in node:
            name = f"{where}.{key}" if where else key
            if rest:
                yield from walk(node[key], rest, name)
            else:
                yield node, key, name

    yield from walk(data, keys, "")
    sizes = data.get("sizes")
    for preset, over in sizes.items() if isinstance(sizes, dict) else ():
        yield from walk(over, keys, f"sizes.{preset}")


def _rebase(data: dict[str, Any], toml: Path) -> dict[str, Any]:
    """A parent template's data with its asset names and font files made `Path`s in its
    own folder, so a template extending it finds them there, not in its own. A font
    value that is a bundled font's name stays as it is."""
    keys = [*((k, False) for k in ASSET_KEYS), *((k, True) for k in FONT_KEYS)]
    for path, font in keys:
        for node, slot, where in list(_slots(data, path)):
            value = node[slot]
            if not isinstance(value, str) or (font and not is_font_file(value)):
                continue
            found = inside(toml.parent, value)
            if found is None:
                raise TemplateError(f"{toml}: {where}: {value!r} must be a path inside the"
                                    f" folder of {toml.name}")
            node[slot] = found
    return data


def _font_files(data: Mapping[str, Any], folder: Path) -> list[Path]:
    """The font files a template's layer names that exist: its own relative to `folder`,
    a parent's already `Path`s. A bad one is left for `parse_template` to report."""
    files = []
    for keys in FONT_KEYS:
        for node, slot, _ in _slots(data, keys):
            value = node[slot]
            if isinstance(value, str) and is_font_file(value):
                value = inside(folder, value)
            if isinstance(value, Path) and value.is_file():
                files.append(value)
    return files


def _hash_files(digest: Any, files: list[Path]) -> None:
    """Feed each file's bytes to the digest: output names change when a font does."""
    for file in files:
        try:
            digest.update(file.read_bytes())
        except OSError:
            pass  # unreadable: parsing the template says so


def load_template(ref: str, brand: Brand | None = None) -> Template:
    """A template by name or path, with what it extends merged in and, if given, a
    brand kit set over it."""
    path = find_template(ref)
    with reading(f"the template {path}"):
        return _load(path, brand)


def _load(path: Path, brand: Brand | None) -> Template:
    data, digest = resolve_template_data(path)
    if brand is None:
        return parse_template(data, str(path), digest)


    branded = with_brand(data, brand)
    kit = hashlib.sha256((digest + repr(brand)).encode())
    _hash_files(kit, [Path(f) for f in brand.fonts.values() if is_font_file(f)])
    digest = kit.hexdigest()[:16]
    try:
        return parse_template(branded, str(path), digest)
    except TemplateError as e:
        parse_template(data, str(path), digest)  # a fault of the template's own shows as is
        raise TemplateError(_blame_kit(e, brand, data, branded)) from e


def _blame_kit(e: TemplateError, brand: Brand, data: Mapping[str, Any],
               branded: Mapping[str, Any]) -> str:
    """The message for a problem the kit brought to a sound template, pointing at the
    kit's own key: the colour or logo to change there, and on which design."""
    name = data.get("name", "the template")
    dark = is_dark(data)
    table = "colors_dark" if dark and brand.colors_dark is not None else "colors"
    kit_colors = brand.colors_dark if table == "colors_dark" else brand.colors
    colors = branded.get("colors", {})

    def hex_of(role: str) -> str:
        return str(colors.get(role, "?")).upper()

    if isinstance(e, ContrastError):
        ground = e.grounds[0]
        blamed = e.role if e.role in (kit_colors or {}) else next(
            (g for g in e.grounds if g in (kit_colors or {})), e.role)
        rgb = [int(hex_of(r)[i:i + 2], 16) for r in (e.role, ground) for i in (1, 3, 5)]
        # Away from the ground, on the side with room: black on a light ground, white on a
        # dark one (a near-white accent on cream needs to be darker, not lighter).
        lg = luminance((rgb[3], rgb[4], rgb[5]))
        darker = (lg + 0.05) / 0.05 >= 1.05 / (lg + 0.05)
        change = ("darker" if darker else "lighter") if blamed == e.role else "different"
        hint = ""
        if dark and brand.colors_dark is None:
            hint = f', or give the kit [colors_dark] for dark designs like "{name}"'
        return (
            f"{brand.source}: {table}.{blamed}: {e.role} {hex_of(e.role)} on {name}'s"
            f" {ground} {hex_of(ground)} has contrast {e.ratio:.2f}:1, below WCAG AA"
            f" {e.needed}:1 ({name} uses it for {e.element} at {e.preset}); choose a {change}"
            f" {blamed}{hint}"
        )
    if isinstance(e, LogoContrastError):
        dark_ground = is_dark(branded)
        key = "logo_dark" if dark_ground and brand.logo_dark is not None else "logo"
        logo = logo_for(brand, dark_ground)
        if dark_ground and brand.logo_dark is None:
            fix = f'add logo_dark, a light-on-transparent version for dark designs like "{name}"'
        elif dark_ground:
            fix = "give a light-on-transparent logo here"
        else:
            fix = "give a dark-on-transparent logo here (logo_dark is the one for dark designs)"
        return (
            f"{brand.source}: {key}: {logo.name if logo else '?'} (mostly"
            f" #{bytes(e.ink).hex().upper()}) has contrast {e.ratio:.2f}:1 on {name}'s"
            f" background {hex_of('background')}, below the 3:1 a logo needs; {fix}"
        )
    return f"{e} (with the brand kit {brand.source})"


