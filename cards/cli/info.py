"""`cards info`: what was read from an article, and where each field came from."""

from __future__ import annotations

import json

import click

from cards.article.load import load_article
from cards.cli.command import Command
from cards.cli.options import article_argument


@click.command(cls=Command)
@article_argument
@click.option("--json", "as_json", is_flag=True, help="Print the metadata as JSON.")
def info(article: str, as_json: bool) -> None:
    """Show what cards read from ARTICLE: each field and where it came from.

    ARTICLE is a file (text, Markdown, JSON export or saved web page), a URL, or - for
    stdin. A web page's fields come from its JSON-LD or microdata first, then its Open
    Graph and meta tags, its canonical link and <html lang>, and its <title> last.

    \b
    Examples:
      cards info examples/city-library.md
      cards info https://example.org/news/story.html --json
    """
    loaded = load_article(article)
    for message in loaded.warnings:  # the encoding is one of the fields shown
        click.echo(f"Warning: {message}", err=True)
    fields = {"title": loaded.title, "url": loaded.url, "site": loaded.site_name,
              "author": loaded.author, "date": loaded.published,
              "lang": loaded.language if loaded.language_given
              or "language" in loaded.origins else None,
              "image": loaded.image, "kicker": loaded.kicker}
    names = {"site": "site_name", "date": "published", "lang": "language"}
    words = sum(len(p.split()) for p in loaded.paragraphs)
    if as_json:
        click.echo(json.dumps({
            "source": loaded.source,
            "fields": {key: {"value": value,
                             "from": loaded.origins.get(names.get(key, key))}
                       for key, value in fields.items()},
            "paragraphs": len(loaded.paragraphs), "words": words,
            "encoding": loaded.origins.get("encoding"), "ignored": list(loaded.ignored),
        }, ensure_ascii=False, indent=2))
        return
    for key, value in fields.items():
        origin = loaded.origins.get(names.get(key, key))
        shown = value if value else "-"
        click.echo(f"{key:<7} {shown}" + (f"  [{origin}]" if value and origin else ""))
    if loaded.ignored:
        click.echo(f"{'ignored':<7} {', '.join(loaded.ignored)}  [keys cards does not use]")
    count = len(loaded.paragraphs)
    click.echo(f"{'body':<7} {count} paragraph{'' if count == 1 else 's'}, {words} words")
    if "encoding" in loaded.origins:
        click.echo(f"{'text':<7} {loaded.origins['encoding']}")
