"""`cards templates`: list, show, validate and copy templates."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from cards.cli.command import Group
from cards.cli.options import DESIGN, PRESET, complete_brand
from cards.cli.terminal import report
from cards.design.brand import default_brand, is_brand_file, load_brand
from cards.design.catalog import available_templates, load_template
from cards.design.model import PRESETS
from cards.design.tools import new_template, template_json, validate_template
from cards.errors import CardsError, OptionError


@click.group(cls=Group)
def templates() -> None:
    """List, inspect, check and copy templates.

    A template named with --template is looked for in ./templates/, then in each folder
    of $CARDS_TEMPLATES (colon-separated), then among the bundled ones. Names may be
    given in any case.
    """
@templates.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def templates_list(as_json: bool) -> None:
    """The templates --template can name, with where each lives."""
    rows: list[dict[str, Any]] = []
    for entry in available_templates():
        description = validate_error = ""
        presets = list(PRESETS)
        try:
            loaded = load_template(str(entry.path))
            description, presets = loaded.description, list(loaded.sizes)
        except CardsError as e:
            validate_error = str(e)
        rows.append({"name": entry.name, "description": description,
                     "presets": presets, "origin": entry.origin,
                     "path": str(entry.path), "error": validate_error or None})
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['name']:<12} {row['origin']:<16} {row['path']}")
        click.echo(f"{'':<12} {row['error'] or row['description']}")
        if not row["error"]:
            click.echo(f"{'':<12} sizes: {', '.join(row['presets'])}")


@templates.command("show")
@click.argument("template", metavar="NAME|PATH", type=DESIGN)
@click.option("--size", "-s", "preset", metavar="PRESET", type=PRESET,
              help="Show only this size preset's values.")
@click.option("--brand", metavar="FILE", shell_complete=complete_brand,
              help="Apply this brand kit first [default: ./templates/brand.toml if present].")
def templates_show(template: str, preset: str | None, brand: str | None) -> None:
    """Every value of a template after inheritance and brand, per size preset, as JSON.

    \b
    Examples:
      cards templates show classic
      cards templates show night --size story
    """
    kit = load_brand(brand) if brand else default_brand()
    loaded = load_template(template, kit)
    shown = template_json(loaded)
    if preset is not None:
        if preset not in loaded.sizes:  # "all", or a preset the template does not have
            raise OptionError(f'--size: give one preset that "{loaded.name}" has:'
                              f" {', '.join(loaded.sizes)}")
        shown["sizes"] = {preset: shown["sizes"][preset]}
    if kit is not None:
        shown["brand"] = {"source": kit.source, "name": kit.name,
                          "logo": str(kit.logo) if kit.logo else None,
                          "logo_dark": str(kit.logo_dark) if kit.logo_dark else None,
                          "url_params": dict(kit.url_params)}
    click.echo(json.dumps(shown, ensure_ascii=False, indent=2))


@templates.command("validate")
@click.argument("paths", nargs=-1, metavar="[NAME|PATH]...", type=DESIGN)
@click.option("--brand", metavar="FILE", shell_complete=complete_brand,
              help="Check with this brand kit applied [default: ./templates/brand.toml if "
              "present].")
def templates_validate(paths: tuple[str, ...], brand: str | None) -> None:
    """Check templates; print their problems, one a line, or "ok". Exit 1 if any.

    With no NAME, every template --template can name is checked (./templates, then
    $CARDS_TEMPLATES, then the bundled ones), one line each: "ok", or its first problem.
    Given names or paths, every mistake in a template's top level and colours is listed
    first; once those are right, each size preset is checked on its own. A PATH that is
    a brand kit (brand.toml, or any .toml without a template's tables) checks every
    template with that kit.

    \b
    Examples:
      cards templates validate
      cards templates validate desk --brand templates/brand.toml
    """
    failed = False
    kit = load_brand(brand) if brand else default_brand()
    if not paths:
        for entry in available_templates():
            problems = validate_template(str(entry.path), kit)
            if not problems:
                click.echo(f"ok: {entry.name}")
                continue
            failed = True
            more = len(problems) - 1
            report(problems[0] + (f" (and {more} more: cards templates validate {entry.name})"
                                  if more else ""))
        if failed:
            sys.exit(1)
        return
    refs: list[str] = []
    for ref in paths:
        if is_brand_file(ref):
            try:
                kit = load_brand(ref)
            except CardsError as e:
                report(e)
                failed = True
                continue
            refs += [entry.name for entry in available_templates()]
        else:
            refs.append(ref)
    for ref in dict.fromkeys(refs):
        problems = validate_template(ref, kit)
        for problem in problems:
            report(problem)
        if problems:
            failed = True
        else:
            click.echo(f"ok: {ref}")
    if failed:
        sys.exit(1)


@templates.command("new")
@click.argument("name")
@click.option("--from", "source", default="classic", show_default=True, metavar="NAME|PATH",
              type=DESIGN,
              help="The template to copy.")
@click.option("--dir", "folder", default="templates", show_default=True,
              help="The folder to create the new template in.")
def templates_new(name: str, source: str, folder: str) -> None:
    """Copy a template as NAME, ready to edit (then: cards render ... -t NAME)."""
    click.echo(str(new_template(name, source, Path(folder))))
