"""`cards fonts`: the fonts cards can draw with, and which one draws each character."""

from __future__ import annotations

import json
import sys
import unicodedata

import click

from cards.cli.command import Group
from cards.errors import OptionError
from cards.text import sysfonts
from cards.text.faces import bundled_faces, scripts_of
from cards.text.runs import char_label, faces_by_char


@click.group(cls=Group, invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@click.pass_context
def fonts(ctx: click.Context, as_json: bool) -> None:
    """List the fonts cards can draw with, and the scripts each covers.

    Bundled fonts come first; then the faces fontconfig offers for Chinese, Japanese,
    Korean and colour emoji, which are not bundled (install them on Debian or Ubuntu
    with: sudo apt-get install fonts-noto-cjk fonts-noto-color-emoji).

    \b
    Examples:
      cards fonts
      cards fonts check "Shalom, שלום"
    """
    if ctx.invoked_subcommand is not None:
        return
    bundled = [(f, file, scripts_of(f)) for f, file in bundled_faces()]
    system = sysfonts.offers()
    if as_json:
        report = {
            "bundled": [{"name": f.name, "file": file, "scripts": list(scripts)}
                        for f, file, scripts in bundled],
            "fontconfig": sysfonts.has_fontconfig(),
            "system": [{"for": o.need, "style": o.style, "package": o.package,
                        "name": o.face.name if o.face else None,
                        "file": str(o.face.path) if o.face else None,
                        "index": o.face.index if o.face else None,
                        "color": o.face.color if o.face else None} for o in system],
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo("Bundled fonts:")
    width = max(len(f.name) for f, _, _ in bundled)
    files = max(len(file) for _, file, _ in bundled)
    for f, file, scripts in bundled:
        click.echo(f"  {f.name:<{width}}  {file:<{files}}  {', '.join(scripts)}")
    click.echo("System fonts (through fontconfig):")
    if not sysfonts.has_fontconfig():
        click.echo("  fontconfig (fc-match) is not installed, so CJK and emoji cannot be drawn;"
                   " on Debian or Ubuntu: sudo apt-get install fontconfig fonts-noto-cjk"
                   " fonts-noto-color-emoji")
        return
    names = max((len(o.face.name) for o in system if o.face), default=0)
    for o in system:
        label = f"{o.need} ({o.style})" if o.style else o.need
        if o.face is None:
            click.echo(f"  {label:<15}  none found; on Debian or Ubuntu:"
                       f" sudo apt-get install {o.package}")
        else:
            index = f" #{o.face.index}" if o.face.index else ""
            click.echo(f"  {label:<15}  {o.face.name:<{names}}  {o.face.path}{index}")


@fonts.command("check")
@click.argument("text")
@click.option("--font", default="Vollkorn-Regular", show_default=True, metavar="FONT",
              help="The font the chain starts from: a bundled name or a font file.")
@click.option("--lang", default="", metavar="LANG",
              help="The text's language (ja, zh-Hans, zh-Hant, ko...), for CJK glyph forms.")
@click.option("--json", "as_json", is_flag=True, help="Print the characters as JSON.")
def fonts_check(text: str, font: str, lang: str, as_json: bool) -> None:
    """Show which font draws each character of TEXT (- reads it from stdin).

    One line a character (plain spaces left out): the character, its code point and
    Unicode name, and the font that draws it, bundled or system. A character no font
    can draw is an error that names it.

    \b
    Examples:
      cards fonts check "Café Ελλάδα Москва"
      cards fonts check "東京 🚢" --font Inter-SemiBold --lang ja
      cards fonts check - < quote.txt
    """
    if text == "-":
        text = _stdin_text()
    if not text.strip():
        raise OptionError("TEXT is empty; give the characters to check")
    chars = faces_by_char(text, font, lang)
    labels = [char_label(c) for c, _ in chars]
    if as_json:
        items = [{"char": c, "code": label.split(" ", 1)[0], "name": label.split(" ", 1)[1],
                  "font": f.name, "file": str(f.path), "color": f.color}
                 for (c, f), label in zip(chars, labels, strict=True)]
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    width = max(len(label) for label in labels)
    for (c, f), label in zip(chars, labels, strict=True):
        click.echo(f"{_shown(c)}  {label:<{width}}  {f.name}")


# A quote or a few paragraphs; not a book, which would list a million characters.
MAX_STDIN = 100_000


def _stdin_text() -> str:
    data = sys.stdin.buffer.read(MAX_STDIN + 1)
    if len(data) > MAX_STDIN:
        raise OptionError(f"TEXT -: more than {MAX_STDIN // 1000} KB on stdin; give the"
                          " characters to check, not a whole file")
    try:
        return data.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError as e:
        raise OptionError(f"TEXT -: stdin is not UTF-8 (byte {e.start}); save it as"
                          " UTF-8") from None


def _shown(char: str) -> str:
    """The character in two terminal cells: a mark on a dotted circle (alone it would sit
    on the character before it), an invisible one as a blank."""
    if unicodedata.category(char) in ("Mn", "Mc", "Me"):
        char = "\u25CC" + char
    elif not char.isprintable():
        char = " "
    wide = unicodedata.east_asian_width(char[0]) in ("W", "F")
    return char if wide else char + " "

