"""Finding, reading and loading templates: search folders, `extends`, brand kits, and
the `cards templates` tools (list, show, validate, new).

Only this module reads template files; `templates.parse_template` does the checking.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import TemplateError
from .resources import bundled_dir
from .templates import _ELEMENT_KEYS, PRESETS, Template, _merge, parse_template

if TYPE_CHECKING:
    from .brand import Brand


def template_problems(data: Mapping[str, Any], source: str) -> list[str]:
    """Every problem `parse_template` would find, not only the first: the top level and
    the colours first (the presets cannot be checked without them), then each preset on
    its own. A mistake in the base tables shows once, not once per preset."""
    try:
        parse_template({k: v for k, v in data.items() if k not in (*_ELEMENT_KEYS, "sizes")}
                       | {"name": data.get("name", "")}, source, check_presets=False)
    except TemplateError as e:
        return [str(e)]
    problems: list[str] = []
    for preset in PRESETS:
        try:
            parse_template(data, source, presets=(preset,))
        except TemplateError as e:
            if str(e) not in problems:
                problems.append(str(e))
    return problems


def bundled_templates() -> list[str]:
    root = bundled_dir("templates")
    return sorted(p.parent.name for p in root.glob("*/template.toml"))


@dataclass(frozen=True)
class TemplateEntry:
    name: str
    path: Path  # its template.toml
    origin: str  # "./templates", "$CARDS_TEMPLATES" or "bundled"


def template_dirs() -> list[tuple[Path, str]]:
    """Where a template named on the command line is looked for, first to last:
    ./templates/, each folder in $CARDS_TEMPLATES (colon-separated), then the bundled."""
    import os

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


def find_template(ref: str, relative_to: Path | None = None) -> Path:
    """A template's TOML file from a name (searched as `template_dirs` says), a folder,
    or a file path (relative to `relative_to`, for `extends` inside a template)."""
    path = Path(ref)
    if path.suffix == ".toml" or "/" in ref or path.is_dir():
        if relative_to is not None and not path.is_absolute():
            path = relative_to / path
        candidate = path / "template.toml" if path.is_dir() else path
        if not candidate.is_file():
            raise TemplateError(f"template not found: {candidate}")
        return candidate
    for folder, _ in template_dirs():
        candidate = folder / ref / "template.toml"
        if candidate.is_file():
            return candidate
    names = [e.name for e in available_templates()]
    near = difflib.get_close_matches(ref, names, n=1)
    hint = f' (did you mean "{near[0]}"?)' if near else ""
    raise TemplateError(f'no template "{ref}"{hint}; templates: {", ".join(names)}')


def read_toml(path: Path) -> tuple[dict[str, Any], bytes]:
    import tomllib

    try:
        raw = path.read_bytes()
    except OSError as e:
        raise TemplateError(f"cannot read template {path}: {e.strerror}") from e
    try:
        return tomllib.loads(raw.decode("utf-8")), raw
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise TemplateError(f"{path}: not valid TOML: {e}") from e


def resolve_template_data(path: Path) -> tuple[dict[str, Any], str]:
    """The template's TOML with everything it `extends` merged under it (its own keys
    win, tables merge key by key, lists replace), and a digest of every file involved."""
    import hashlib

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
        merged = _merge(_unset_in_presets(merged, layer), layer)
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


# Keys naming a file inside the template's folder, as paths of nested keys; "*" is
# any preset under `sizes`.
ASSET_KEYS = (("background", "image"), ("logo", "file"))


def _rebase(data: dict[str, Any], toml: Path) -> dict[str, Any]:
    """A parent template's data with its asset names made `Path`s in its own folder, so
    a template extending it finds them there, not in its own."""

    def fix(table: Any, keys: tuple[str, ...], where: str) -> None:
        if not isinstance(table, dict) or keys[0] not in table:
            return
        if len(keys) > 1:
            fix(table[keys[0]], keys[1:], f"{where}.{keys[0]}")
            return
        value = table[keys[0]]
        if isinstance(value, str):
            if Path(value).is_absolute() or ".." in Path(value).parts:
                raise TemplateError(f"{toml}: {where.lstrip('.')}.{keys[0]}: {value!r} must be"
                                    f" a path inside the folder of {toml.name}")
            table[keys[0]] = toml.parent / value

    for keys in ASSET_KEYS:
        fix(data, keys, "")
        sizes = data.get("sizes")
        for preset, over in sizes.items() if isinstance(sizes, dict) else ():
            fix(over, keys, f"sizes.{preset}")
    return data


def load_template(ref: str, brand: Brand | None = None) -> Template:
    """A template by name or path, with what it extends merged in and, if given, a
    brand kit set over it."""
    path = find_template(ref)
    data, digest = resolve_template_data(path)
    if brand is None:
        return parse_template(data, str(path), digest)
    import hashlib

    from .brand import with_brand

    branded = with_brand(data, brand)
    digest = hashlib.sha256((digest + repr(brand)).encode()).hexdigest()[:16]
    try:
        return parse_template(branded, str(path), digest)
    except TemplateError as e:
        parse_template(data, str(path), digest)  # a fault of the template's own shows as is
        raise TemplateError(
            f"{e} (with the brand kit {brand.source}: change its colours or fonts, or give it"
            " colors_dark for dark designs)"
        ) from e


def template_json(template: Template) -> dict[str, Any]:
    """Every value of a template after inheritance, per preset (`cards templates show`)."""
    from dataclasses import asdict

    return {
        "name": template.name,
        "description": template.description,
        "source": template.source,
        "colors": {role: "#" + bytes(rgb).hex().upper() for role, rgb in template.colors.items()},
        "sizes": {preset: _plain(asdict(spec)) for preset, spec in template.sizes.items()},
    }


def _plain(value: Any) -> Any:
    """JSON's types only: a picture's path as text."""
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def validate_template(ref: str, brand: Brand | None = None) -> list[str]:
    """Every problem with a template, each as its one-line message; none if sound. With
    a brand kit, the template's own problems first, then any the kit brings."""
    try:
        path = find_template(ref)
        data, _ = resolve_template_data(path)
    except TemplateError as e:
        return [str(e)]
    problems = template_problems(data, str(path))
    if not problems and brand is not None:
        try:
            load_template(ref, brand)
        except TemplateError as e:
            problems.append(str(e))
    return problems


_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


def new_template(name: str, source: str, folder: Path) -> Path:
    """A copy of template `source` (its folder and assets) as `folder/name`, renamed,
    ready to edit. Refuses to overwrite."""
    import shutil

    if not _NAME.fullmatch(name):
        raise TemplateError(
            f'"{name}" is not a template name: use lower-case letters, digits, - and _'
        )
    origin = find_template(source).parent
    target = folder / name
    if target.exists():
        raise TemplateError(f"{target} already exists; choose another name or --dir")
    try:
        shutil.copytree(origin, target)
    except OSError as e:
        raise TemplateError(f"cannot create {target}: {e.strerror or e}") from e
    toml = target / "template.toml"
    text = toml.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^name\s*=\s*"[^"]*"', f'name = "{name}"', text, count=1)
    toml.write_text(text, encoding="utf-8")
    return toml
