"""`cards audit`: after a story is corrected, which of its cards quote words it no longer
holds. Reports only; nothing is written."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click
from msgspec.structs import asdict

from cards.article.load import load_article
from cards.cli.command import Command
from cards.errors import flag_for, word
from cards.quotes.style import enclose
from cards.render.qr import check_url

if TYPE_CHECKING:
    from cards.jobs.audit import Audit, Finding


@click.command(cls=Command)
@click.argument("folder", metavar="FOLDER")
@click.option("--article", "-a", required=True, metavar="ARTICLE",
              help="The story as it reads now: a path or URL, as every command takes.")
@click.option("--url", metavar="URL",
              help="The story's URL, where ARTICLE does not state one (a text file): cards"
              " made from that story are checked.")
@click.option("--all", "every", is_flag=True,
              help="Check every card, also those made from another article.")
@click.option("--verbose", "-v", is_flag=True,
              help="List every card: those still fine, from other articles, and files"
              " that are not cards.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def audit(folder: str, article: str, url: str | None, every: bool, verbose: bool,
          as_json: bool) -> None:
    """Check the cards in FOLDER against ARTICLE as it reads now, after a correction.

    Each card made by cards in FOLDER and the folders in it (or listed in a batch's
    manifest.json, given instead of FOLDER) that was made from ARTICLE has its quote
    verified again, as cards render verifies a quote. Listed: the cards whose quote the
    article no longer holds, with the closest passage now, and their batch rows; the
    cards made with --unverified, always; how many are still fine. Cards made from
    another story (matched by the story's URL, else by the article's file) are left
    out and counted. Nothing is written.

    The exit status is 1 if any card's quote is no longer in the article (or on an
    error, which prints one line and no report), 0 otherwise.

    \b
    Examples:
      cards audit cards/ --article story.md
      cards audit week/manifest.json --article https://example.org/news/story --json
    """
    from cards.jobs.audit import audit_cards  # lazy: keeps start-up fast

    story = load_article(article)
    given_url = check_url(url) if url else None
    warnings: list[str] = []
    found = audit_cards(Path(folder), story, article, given_url, every, warnings.append)
    for message in warnings:
        click.echo(f"Warning: {message}", err=True)
    if as_json:
        click.echo(json.dumps(_as_json(found), ensure_ascii=False, indent=2))
    else:
        _report(found, verbose)
    if found.having("gone"):
        sys.exit(1)


def _as_json(found: Audit) -> dict[str, object]:
    def entries(status: str, *keys: str) -> list[dict[str, object]]:
        return [{k: _worded(v) if k == "reason" else v
                 for k, v in asdict(f).items() if k in ("file", "row", *keys)}
                for f in found.findings if f.status == status]

    return {
        "article": found.article,
        "story_url": found.story_url,
        "gone": entries("gone", "quote", "closest", "reason"),
        "unverified": entries("unverified", "quote", "found", "closest"),
        "fine": entries("fine", "quote"),
        "other_article": entries("other", "quote", "story"),
        "not_cards": entries("not_card", "reason"),
        "unreadable": entries("unreadable", "reason"),
    }


def _worded(value: object) -> object:
    """Verify's words, whose advice is for making a card: "use cards render --unverified"."""
    return word(value, lambda name: f"cards render {flag_for(name)}") if isinstance(
        value, str) else value


def _count(n: int, thing: str = "card") -> str:
    return f"{n} {thing}{'' if n == 1 else 's'}"


def _where(f: Finding) -> str:
    return f"{f.file}  ({f.row})" if f.row else f.file


def _report(found: Audit, verbose: bool) -> None:
    say: Callable[[str], None] = click.echo
    gone, unverified = found.having("gone"), found.having("unverified")
    fine, other = found.having("fine"), found.having("other")
    not_cards, unreadable = found.having("not_card"), found.having("unreadable")
    checked = len(gone) + len(unverified) + len(fine)
    against = found.article + (f" ({found.story_url})" if found.story_url
                               and found.story_url != found.article else "")
    say(f"Checked {_count(checked)} against {against}.")
    if gone:
        say("")
        say(f"Quote no longer in the article: {_count(len(gone))}")
        for quote, group in _by_quote(gone):
            say(f"  {quote}")
            closest = group[0].closest
            say(f"    closest now: {enclose(closest)}" if closest else
                f"    why: {_worded(group[0].reason)}")
            for f in group:
                say(f"    {_where(f)}")
    if unverified:
        say("")
        say(f"Made with --unverified, to check by hand: {_count(len(unverified))}")
        for quote, group in _by_quote(unverified):
            say(f"  {quote}")
            if group[0].found:
                say("    now: in the article, word for word")
            else:
                closest = group[0].closest
                say("    now: not in the article" + (f"; closest: {enclose(closest)}"
                                                      if closest else ""))
            for f in group:
                say(f"    {_where(f)}")
    say("")
    say(f"Still in the article: {_count(len(fine))}"
        + ("" if verbose or not fine else " (--verbose lists them)"))
    if verbose:
        for f in fine:
            say(f"  {_where(f)}")
    if other:
        stories: dict[str, list[Finding]] = {}
        for f in other:
            stories.setdefault(f.story or "no record of its article", []).append(f)
        hint = "--all checks them too" if found.story_url else (
            "--url names ARTICLE's story; --all checks them too")
        say(f"Made from another article, not checked: {_count(len(other))} ({hint})")
        for story, group in stories.items():
            say(f"  {story}: {_count(len(group))}")
            if verbose:
                for f in group:
                    say(f"    {_where(f)}")
    if not_cards:
        say(f"Not cards, skipped: {_count(len(not_cards), 'file')}"
            + ("" if verbose else " (--verbose lists them)"))
        if verbose:
            for f in not_cards:
                say(f"  {f.reason}")
    if unreadable:
        say(f"Could not be read: {_count(len(unreadable), 'file')}")
        for f in unreadable:
            say(f"  {f.reason}" + (f"  ({f.row})" if f.row else ""))


def _by_quote(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.quote or "", []).append(f)
    return list(groups.items())
