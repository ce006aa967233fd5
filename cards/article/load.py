"""Loading an `Article` from plain text, Markdown with front matter, a CMS's JSON
export, a saved web page, a URL, or stdin.

`load_article` is the only function here that touches the outside world; it reads bytes
(or fetches them), decodes them and hands the text to the pure `parse_article`.
"""

from __future__ import annotations

import re
import sys

from msgspec.structs import replace

from cards.article.encoding import decode_file
from cards.article.limits import article_limit, article_limit_mb
from cards.article.model import Article
from cards.article.text import parse_json, parse_markdown, parse_plain
from cards.errors import ArticleError, named, reading


def parse_article(text: str, source: str, page_url: str | None = None,
                  strict: bool = False) -> Article:
    """Parse an article from its text. `source` names it in error messages.

    A web page (a `.html` file, or text that starts like one) is read for its metadata
    and main text; a `.json` file, or text starting with `{`, is a CMS export; a file
    that starts with a `---` line is Markdown with YAML front matter; a `.md` file or one
    starting with `# ` is Markdown; anything else is plain text as a reader copies it from
    a browser, page furniture and all. Keys of front matter or an export that cards does
    not use are ignored, those that look misspelt warned about (`Article.warnings`), or
    with `strict` refused.
    """
    text = text.removeprefix("\ufeff")
    lower = source.lower()
    if lower.endswith((".html", ".htm", ".xhtml")) or page_url or looks_like_html(text):
        from cards.article.html import parse_html  # lazy: a page's reader, with lxml's

        return parse_html(text, source, page_url)
    if lower.endswith(".json") or text.lstrip().startswith("{"):
        return parse_json(text, source, strict)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = text.lstrip("\n").split("\n", 1)[0]
    if text.split("\n", 1)[0].rstrip() == "---":
        return parse_markdown(text, source, has_front_matter=True, strict=strict)
    if source.lower().endswith((".md", ".markdown")) or first.startswith("# "):
        return parse_markdown(text, source, has_front_matter=False, strict=strict)
    return parse_plain(text, source)


def looks_like_html(text: str) -> bool:
    """Whether text that does not say what it is starts as a web page does."""
    head = text.lstrip()[:1024].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or "<head" in head


# A host name at the start of a path: "www.example.org" or "example.org/news/x". The last
# label must not be a file suffix cards reads, so "story.md" and "notes.txt/x" are paths.
_HOST_RE = re.compile(r"(?i)(?:www\.)?(?:[a-z0-9-]+\.)+([a-z]{2,24})\.?(/|$)")
_FILE_SUFFIXES = {"html", "htm", "xhtml", "json", "md", "markdown", "txt", "text", "csv",
                  "yaml", "yml", "jsonl"}


def looks_like_address(source: str) -> bool:
    """Whether a path that is not there was meant as a web address without its https://."""
    match = _HOST_RE.match(source)
    if not match or match.group(1).lower() in _FILE_SUFFIXES:
        return False
    return source.lower().startswith("www.") or match.group(2) == "/"


def load_article(source: str, strict: bool = False) -> Article:
    """Read and parse the article at path `source`, the page at URL `source`, or standard
    input when it is "-". A file that is not UTF-8 is read in the encoding detected, and
    `origins["encoding"]` says which. `strict`: see `parse_article`."""
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", source):
        from cards.article.fetch import decode_page, fetch  # lazy: keeps start-up fast

        page = fetch(source)
        with reading(f"the page {source}"):
            return parse_article(decode_page(page.body, page.charset), source, page.url)
    limit = article_limit()
    if source == "-":
        name = "<stdin>"
        data = sys.stdin.buffer.read(limit + 1)
    else:
        name = source
        try:
            with open(source, "rb") as file:
                data = file.read(limit + 1)
        except FileNotFoundError:
            hint = "; for a web page, add https://" if looks_like_address(source) else ""
            raise ArticleError(f"article not found: {source} (check the path{hint})") from None
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise ArticleError(f"cannot read article {source}: {reason}") from None
    return read_article(data, name, strict)


def read_article(data: bytes, name: str, strict: bool = False) -> Article:
    """The article in `data`, a file's bytes that `name` names (its suffix tells a saved
    web page): as `load_article` reads a file or stdin, under the same cap, for a front
    end that holds the bytes itself (the web page's paste and upload)."""
    if len(data) > article_limit():
        raise ArticleError(
            f"{name} is larger than {article_limit_mb():g} MB, the most cards reads of an"
            f" article; pass {named('max_article_mb')} N to read more", field="max_article_mb")
    with reading(f"the article {name}"):
        if name.lower().endswith((".html", ".htm", ".xhtml")):
            from cards.article.fetch import decode_saved_page  # lazy: keeps start-up fast

            text, note = decode_saved_page(data)
        else:
            text, note = decode_file(data, name, ArticleError)
        article = parse_article(text, name, strict=strict)
    if note:
        article = replace(article, origins={**article.origins, "encoding": note})
    return article
