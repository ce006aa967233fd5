"""The template authoring tools behind `cards templates`: show a template as JSON, list
every problem a template has (each set aside in turn to find the next), and copy a
template to start a new one."""

from __future__ import annotations

import copy
import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cards.design.catalog import find_template, load_template, resolve_template_data
from cards.design.model import COLOR_ROLES, PRESETS, Template
from cards.design.parse import ELEMENT_KEYS, parse_template
from cards.errors import TemplateError, named
from cards.files import plain_json, write_atomic

if TYPE_CHECKING:
    from cards.design.brand import Brand


def template_problems(data: Mapping[str, Any], source: str) -> list[str]:
    """Every problem `parse_template` would find, not only the first: the top level and
    the colours first (the presets cannot be checked without them), then each preset on
    its own. A mistake in the base tables shows once, not once per preset."""
    shared = copy.deepcopy({k: v for k, v in data.items() if k not in (*ELEMENT_KEYS, "sizes")})
    shared.setdefault("name", "")
    found: list[str] = []
    while len(found) < 50:  # each mistake set aside in turn, to find the next
        try:
            parse_template(shared, source, check_presets=False)
            break
        except TemplateError as e:
            if str(e) in found:
                break
            found.append(str(e))
            if not _set_aside(shared, str(e).removeprefix(f"{source}: ").split(": ", 1)[0]):
                break
    if found:
        return found
    # One problem at several presets is one line naming them all.
    where: dict[str, list[str]] = {}
    for preset in PRESETS:
        try:
            parse_template(data, source, presets=(preset,))
        except TemplateError as e:
            where.setdefault(re.sub(rf"\bat {preset}\b", "at {}", str(e)), []).append(preset)
    return [problem.replace("at {}", "at every size" if len(presets) == len(PRESETS)
                            else "at " + ", ".join(presets), 1)
            for problem, presets in where.items()]


def _set_aside(data: dict[str, Any], key: str) -> bool:
    """Take the value at dotted `key` out of the way so parsing can go on: an unknown key
    goes, a bad or missing colour or name gets a placeholder. False if it cannot."""
    *parents, last = key.split(".")
    table: Any = data
    for part in parents:
        table = table.get(part) if isinstance(table, dict) else None
    if not isinstance(table, dict):
        return False
    if parents == ["colors"] and last in COLOR_ROLES:
        table[last] = "#000000"
    elif not parents and last == "name":
        table[last] = "template"
    elif last in table:
        del table[last]
    else:
        return False
    return True


def template_json(template: Template) -> dict[str, Any]:
    """Every value of a template after inheritance, per preset (`cards templates show`)."""
    return {
        "name": template.name,
        "description": template.description,
        "source": template.source,
        "colors": {role: "#" + bytes(rgb).hex().upper() for role, rgb in template.colors.items()},
        "sizes": {preset: plain_json(spec) for preset, spec in template.sizes.items()},
    }


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
    if not _NAME.fullmatch(name):
        raise TemplateError(
            f'"{name}" is not a template name: use lower-case letters, digits, - and _'
        )
    origin = find_template(source).parent
    target = folder / name
    if target.exists():
        raise TemplateError(f"{target} already exists; choose another name or {named('dir')}",
                            field="dir")
    try:
        shutil.copytree(origin, target)
    except OSError as e:
        raise TemplateError(f"cannot create {target}: {e.strerror or e}") from e
    toml = target / "template.toml"
    text = toml.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^name\s*=\s*"[^"]*"', f'name = "{name}"', text, count=1)
    text = re.sub(r'(?m)^description\s*=\s*"', f'description = "A copy of {source}: ', text,
                  count=1)
    write_atomic(toml, text.encode("utf-8"))
    return toml
