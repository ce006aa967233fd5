"""Articles from text: plain text as a reader copies it from a browser (page furniture
and all), Markdown with or without YAML front matter, and a CMS's JSON export.

Pure: these take the text and a name for messages, and read nothing themselves."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Collection
from functools import cache
from typing import Any

from cards.article.model import Article, from_fields, tidy
from cards.errors import ArticleError, did_you_mean, key_name, misspelt
from cards.files import json_value

# Front matter key -> Article field.
_FRONT_MATTER_KEYS = {
    "title": "title",
    "url": "url",
    "site": "site_name",
    "author": "author",
    "date": "published",
    "lang": "language",
    "image": "image",
    "kicker": "kicker",
}

# "By Jane Doe" on a line of its own is the byline: it gives the author, not body text.
_BYLINE_RE = re.compile(r"^(?:By|BY|by)\s+([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s*$")

_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

_DATE_RE = re.compile(
    r"^(?:updated\s*:?\s*|published\s*:?\s*)?([a-z]{3})[a-z]*\.?\s+(\d{1,2}),\s+(\d{4})\b.{0,30}$",
    re.IGNORECASE,
)

_TERMINAL = tuple(".!?:;…\"”’»)")



def _words(line: str) -> int:
    return len(line.split())



def _iso_date(line: str) -> str | None:
    """The ISO date in a dateline as a browser copy shows it ("Jun 20, 2018, 3:07 PM EDT")."""
    m = _DATE_RE.match(line.strip())
    if not m or m.group(1).lower() not in _MONTHS:
        return None
    try:
        day = dt.date(int(m.group(3)), _MONTHS.index(m.group(1).lower()) + 1, int(m.group(2)))
    except ValueError:
        return None
    return day.isoformat()



def _is_subhead(line: str) -> bool:
    """A short line without closing punctuation, such as a section heading between
    paragraphs. Headings are the editor's words, not the speaker's, so they stay out
    of the body where quotes are searched."""
    return _words(line) < 12 and not line.endswith(_TERMINAL) and not line.startswith(
        ('"', "“", "„", "«")
    )



def _plain_lines(text: str) -> list[str]:
    """The text's lines, with hard-wrapped paragraphs joined again.

    A browser copy puts each paragraph on one line; a hand-made .txt may wrap them. A
    line of 40 characters or more without closing punctuation continues on the next line
    of its block, unless that line is a byline, a dateline or page furniture. Browsers
    put a blank line after a headline; one pasted straight onto its first paragraph
    would be joined to it.
    """
    from cards.article.furniture import is_boilerplate  # lazy: only plain text needs it

    lines: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        start = len(lines)  # never join across a blank line
        for row in (tidy(row) for row in block.split("\n") if row.strip()):
            prev = lines[-1] if len(lines) > start else ""
            if (
                len(prev) >= 40
                and not prev.endswith(_TERMINAL)
                and row != prev
                and not is_boilerplate(row)
                and not _BYLINE_RE.match(row)
                and not _iso_date(row)
            ):
                lines[-1] = f"{prev} {row}"
            else:
                lines.append(row)
    return lines



def parse_plain(text: str, source: str) -> Article:
    from cards.article.furniture import is_boilerplate  # lazy: only plain text needs it

    title: str | None = None
    author: str | None = None
    published: str | None = None
    body: list[str] = []
    for line in _plain_lines(text):
        if is_boilerplate(line):
            continue
        byline = _BYLINE_RE.match(line)
        if byline and author is None:
            author = byline.group(1)
            continue
        date = _iso_date(line)
        if date:
            published = published or date
            continue
        if title is None and not body:
            # Before the headline, short lines are menus and section labels ("Tech",
            # "Policy · Microsoft"). The headline is the first line of a few words; a
            # long line ending in a full stop is body text of an article pasted without one.
            if _words(line) < 4 or any(sep in line for sep in "|•·›"):
                continue
            if _words(line) <= 25 and not line.endswith("."):
                title = line
                continue
        if line == title and not body:
            continue  # pages show the headline twice (breadcrumb or header, then article)
        if _is_subhead(line):
            continue
        body.append(line)
    if not body:
        raise ArticleError(f"article is empty: {source}")
    found = {"title": title, "author": author, "published": published}
    origins = {name: where for name, value, where in (
        ("title", title, "the first line that reads as a headline"),
        ("author", author, "a By line"), ("published", published, "a date line")) if value}
    return from_fields({k: v for k, v in found.items() if v}, body, source, origins)



# Inline Markdown that is typography, not words: emphasis, links, images.
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")

_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")

_EMPHASIS_RE = re.compile(r"(?<![\w*_])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*_])")

_HEADING_RE = re.compile(r"^#{1,6}\s+(.*?)(?:\s+#+)?\s*$")



def _markdown_inline(text: str) -> str:
    text = _IMAGE_RE.sub("", text)
    text = _LINK_RE.sub(r"\1", text)
    previous = None
    while previous != text:  # ***both*** and nested emphasis need more than one pass
        previous, text = text, _EMPHASIS_RE.sub(r"\2", text)
    return text



def _markdown_body(body: str) -> tuple[str | None, list[str]]:
    """The leading `# Heading` (if any) and the paragraphs of a Markdown body."""
    heading: str | None = None
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", body):
        current: list[str] = []
        for raw in block.split("\n"):
            line = raw.strip()
            line = re.sub(r"^(?:>\s?)+", "", line)  # block quotes: the words still count
            match = _HEADING_RE.match(line)
            if match:
                # A heading is its own paragraph even without a blank line after it.
                if current:
                    paragraphs.append(" ".join(current))
                    current = []
                text = tidy(_markdown_inline(match.group(1)))
                if heading is None and not paragraphs and raw.startswith("# "):
                    heading = text
                elif text:
                    paragraphs.append(text)
            elif line:
                current.append(line)
        if current:
            paragraphs.append(" ".join(current))
    tidied = [tidy(_markdown_inline(p)) for p in paragraphs]
    return heading, [p for p in tidied if p]



# A front matter line simple enough to read without PyYAML: a key that starts with a
# letter, a colon, one space or more, and a value. See _plain_front_matter.
_PLAIN_LINE = re.compile(r"([^\W\d_][\w-]{0,99}):[ ]+(\S.*?)[ ]*")
_LETTER = re.compile(r"[^\W\d_]")
# A date as YAML reads one (a date alone: its other form has a time of day too).
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# The one word starting with a letter that `front_matter_loader` reads as nothing (as
# null, Null or NULL; any case here, more than it needs).
_NOTHING = "null"


# What YAML 1.1 would read an unquoted value as, that front matter reads as the text it
# shows: every key cards reads is text, and a headline "10:30" is not 630, nor "017" 15,
# nor a story in Norwegian (lang: NO) false.
_READ_AS_TEXT = frozenset({"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
                           "tag:yaml.org,2002:float"})


@cache
def front_matter_loader() -> type:
    """PyYAML's safe loader, reading a plain value as its text: only nothing (`~`, `null`,
    no value) and a date are read as what YAML says they are."""
    import yaml  # imported here: PyYAML is slow to import and plain text never needs it

    class FrontMatter(yaml.SafeLoader):
        yaml_implicit_resolvers = {
            first: [(tag, pattern) for tag, pattern in resolvers if tag not in _READ_AS_TEXT]
            for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}

    return FrontMatter


def _not_a_date(value: str) -> bool:
    """Whether YAML reads `value` as a date, and one that cannot be (2024-02-30)."""
    import yaml  # imported here: PyYAML is slow to import and plain text never needs it

    text = value.strip()
    if not any(tag == "tag:yaml.org,2002:timestamp" and pattern.match(text)
               for tag, pattern in yaml.SafeLoader.yaml_implicit_resolvers.get(text[:1], [])):
        return False
    try:
        yaml.load(text, Loader=front_matter_loader())
    except ValueError:
        return True
    return False


def _plain_front_matter(lines: list[str]) -> dict[str, object] | None:
    """The front matter, if every line is a `key: value` that `front_matter_loader` reads
    as the text it shows (`title: Council votes`, `url: https://…`) or as a date
    (`date: 2024-05-18`); None for anything else, which PyYAML reads. Importing PyYAML
    costs a cold `cards render` about 6 ms, the most any one step of a cold card costs;
    most front matter is lines like these, and a property test holds this to the loader's
    reading of any lines it accepts."""
    data: dict[str, object] = {}
    for line in lines:
        if not line.strip(" "):
            continue
        m = _PLAIN_LINE.fullmatch(line)
        if m is None:
            return None
        key, value = m.groups()
        if key.lower() == _NOTHING:
            return None
        date = _ISO_DATE.fullmatch(value)
        if date is not None:
            try:
                data[key] = dt.date(*(int(part) for part in date.groups()))
            except ValueError:  # 2024-13-45: PyYAML refuses it, and says why
                return None
            continue
        if (_LETTER.match(value) is None or not value.isprintable() or ": " in value
                or " #" in value or value.endswith(":") or value.lower() == _NOTHING):
            return None
        data[key] = value
    return data


def _front_matter(text: str, source: str) -> tuple[dict[str, object], str]:
    """The front matter as a mapping, and the body after it."""
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise ArticleError(
            f"{source}: the front matter opened on line 1 is never closed; "
            "add a line '---' after it"
        )
    plain = _plain_front_matter(lines[1:end])
    if plain is not None:
        return plain, "\n".join(lines[end + 1 :])
    import yaml  # imported here: PyYAML is slow to import and plain text never needs it

    try:
        data = yaml.load("\n".join(lines[1:end]), Loader=front_matter_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        where = f", line {mark.line + 2}" if mark is not None else ""
        raise ArticleError(
            f"{source}{where}: invalid YAML in the front matter ({problem}); "
            "write it as 'key: value' lines"
        ) from None
    except ValueError as exc:  # a date that no calendar has (2024-13-45), or `!!int x`
        line = next((i + 2 for i, text in enumerate(lines[1:end])
                     if _not_a_date(text.partition(":")[2])), None)
        if line is None:
            raise ArticleError(f"{source}: a value in the front matter cannot be read ({exc});"
                               " write values as plain text") from None
        raise ArticleError(
            f"{source}, line {line}: a date in the front matter is not a real date ({exc});"
            " write it as YYYY-MM-DD, or in quotes to keep it as text"
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ArticleError(
            f"{source}: the front matter must be 'key: value' lines, "
            f"not a {type(data).__name__}"
        )
    return data, "\n".join(lines[end + 1 :])



def _known(data: dict[Any, Any], known: Collection[str], source: str, what: str,
           strict: bool) -> tuple[dict[str, Any], tuple[str, ...], tuple[str, ...]]:
    """`data`'s values by the known key each is under (read as people write keys: Title,
    Site), the keys cards does not use (a CMS's id, a blog's category), and a warning for
    those that look like a known key misspelt; with `strict`, those are an error."""
    values: dict[str, Any] = {}
    given: dict[str, str] = {}
    ignored: list[str] = []
    near: list[str] = []
    for key, value in data.items():
        name = key_name(key)
        if name in known:
            if name in values:
                raise ArticleError(f'{source}: {what}s "{given[name]}" and "{key}" are the'
                                   " same; keep one")
            values[name], given[name] = value, str(key)
            continue
        ignored.append(str(key))
        meant = misspelt(name, known)
        if meant:
            near.append(f'"{key}"{did_you_mean(meant)}')
    if not near:
        return values, tuple(ignored), ()
    listed = f"{what}{'s' if len(near) > 1 else ''} {', '.join(near)}"
    if strict:
        raise ArticleError(f"{source}: unknown {listed}")
    return values, tuple(ignored), (f"{source}: ignored {listed}",)


def _metadata(data: dict[Any, Any], source: str, strict: bool
              ) -> tuple[dict[str, str], tuple[str, ...], tuple[str, ...]]:
    """The front matter's fields, the keys it ignored and the warnings about them."""
    values, ignored, warnings = _known(data, _FRONT_MATTER_KEYS, source, "front matter key",
                                       strict)
    fields: dict[str, str] = {}
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()  # YAML reads an unquoted 2024-05-01 as a date
        if isinstance(value, (list, dict, bool)):
            raise ArticleError(
                f'{source}: front matter key "{name}" must be text, '
                f"not a {type(value).__name__}"
            )
        fields[_FRONT_MATTER_KEYS[name]] = str(value).strip()
    return fields, ignored, warnings



def parse_markdown(text: str, source: str, has_front_matter: bool,
                   strict: bool = False) -> Article:
    """An article from Markdown, with or without front matter. Front matter keys that
    cards does not use are ignored; one that looks like a known key misspelt is warned
    about (`Article.warnings`), or with `strict` refused."""
    fields: dict[str, str] = {}
    ignored: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    body = text
    if has_front_matter:
        data, body = _front_matter(text, source)
        fields, ignored, warnings = _metadata(data, source, strict)
    heading, paragraphs = _markdown_body(body)
    title = fields.get("title") or heading
    if heading and heading != title:
        paragraphs.insert(0, heading)  # a heading that is not the title is body text
    if not paragraphs:
        raise ArticleError(f"article is empty: {source}")
    origins = {name: "front matter" for name in fields}
    if title and fields.get("title") != title:
        fields, origins = {**fields, "title": title}, {**origins, "title": "the # heading"}
    return from_fields(fields, paragraphs, source, origins, ignored, warnings)



# A CMS export's keys -> Article fields ("body" and "html" hold the text).
_JSON_KEYS = {"title": "title", "url": "url", "site": "site_name", "author": "author",
              "date": "published", "lang": "language", "image": "image", "kicker": "kicker"}



def parse_json(text: str, source: str, strict: bool = False) -> Article:
    """An article from a CMS export: one JSON object with title, url, body (text, or a
    list of paragraphs) or html, author, site, date, lang, image and kicker. Other keys
    (an id, tags, a slug) are ignored; one that looks like a known key misspelt is warned
    about, or with `strict` refused."""
    try:
        data = json_value(text)
    except ValueError as e:
        raise ArticleError(f"{source}: not valid JSON: {e}") from None
    if not isinstance(data, dict):
        raise ArticleError(f"{source}: expected one JSON object for the article, got"
                           f" a {type(data).__name__}")
    data, ignored, warnings = _known(data, [*_JSON_KEYS, "body", "html"], source, "key",
                                     strict)
    fields: dict[str, str] = {}
    for key, name in _JSON_KEYS.items():
        value: Any = data.get(key)
        if value is None:
            continue
        if isinstance(value, (dict, list, bool)):
            raise ArticleError(f'{source}: "{key}" must be text, not {json.dumps(value)[:40]}')
        fields[name] = str(value).strip()
    body, html = data.get("body"), data.get("html")
    if isinstance(body, list) and all(isinstance(b, str) for b in body):
        paragraphs = [tidy(b) for b in body]
    elif isinstance(body, str):
        paragraphs = [tidy(b) for b in re.split(r"\n\s*\n", body.replace("\r\n", "\n"))]
    elif isinstance(html, str):
        from cards.article.body import body_paragraphs  # lazy: only HTML needs it

        page = f"<html><body><article>{html}</article></body></html>"
        paragraphs = [tidy(p) for p in body_paragraphs(page, source)]
    elif body is not None:
        raise ArticleError(f'{source}: "body" must be text or a list of paragraphs')
    else:
        meant = next(((k, m) for k in ignored if (m := misspelt(key_name(k), ("body", "html")))),
                     None)
        hint = f' ("{meant[0]}": did you mean "{meant[1]}"?)' if meant else ""
        raise ArticleError(f'{source}: no "body" or "html" with the article\'s text{hint}')
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise ArticleError(f"article is empty: {source}")
    return from_fields(fields, paragraphs, source, {name: "JSON" for name in fields},
                       ignored, warnings)
