"""Articles from web pages: metadata from what the page declares, the body from trafilatura.

Metadata is read in order of trust: schema.org data (JSON-LD, then microdata), then Open
Graph, Twitter and plain meta tags, then `<link rel=canonical>` and `<html lang>`, and the
`<title>` last. Each field remembers where it came from (`cards info` shows it). The body
text is trafilatura's (`body`): measured on saved news pages it kept every quotation where
readability-lxml lost some, and it leaves navigation, captions and share buttons out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from html import unescape
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from cards.article.body import body_paragraphs
from cards.article.model import from_fields, tidy
from cards.article.titles import choose_title, title_parts
from cards.errors import ArticleError

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from cards.article.model import Article

# schema.org types whose object describes the story itself.
_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
                  "OpinionNewsArticle", "BlogPosting", "Report", "ScholarlyArticle",
                  "LiveBlogPosting", "WebPage"}


# libxml2 checks each attribute of an element against the others: an element with a
# hundred thousand attributes takes it minutes. No real page comes near this many.
MAX_ATTRIBUTES = 10_000
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{20000,}>")


def _check_markup(html: str, source: str) -> None:
    """Refuse, before parsing, markup whose cost no page can justify: an element with
    more than `MAX_ATTRIBUTES` attributes."""
    for tag in _LONG_TAG.finditer(html):
        if tag.group(0).count("=") > MAX_ATTRIBUTES:
            raise ArticleError(
                f"{source}: an element at character {tag.start()} has more than"
                f" {MAX_ATTRIBUTES:,} attributes; this is not a page cards will read"
            )


def parse_html(html: str, source: str, page_url: str | None = None) -> Article:
    """The article a web page holds. `page_url` is where it was fetched from, if it was:
    relative links resolve against it, and it is the story's URL when the page names none."""
    from lxml import etree  # lazy: keeps start-up fast
    from lxml import html as lxml_html  # lazy: keeps start-up fast


    _check_markup(html, source)
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as e:
        raise ArticleError(f"{source}: not an HTML page lxml can read ({e})") from None
    found, origins = read_metadata(root, page_url)
    paragraphs = [tidy(p) for p in body_paragraphs(html, source, root)]
    title = found.get("title")
    # The extractor sometimes keeps the headline (or the site's name) as a first line.
    while paragraphs and paragraphs[0] in (title, found.get("site_name")):
        paragraphs.pop(0)
    if not paragraphs:
        raise ArticleError(f"{source}: found no article text in the page")
    if "author" not in found:
        byline = _extracted_author(html)
        if byline:
            found["author"], origins["author"] = byline, "the page's byline (trafilatura)"
    image = found.get("image")
    if image and page_url is None and "://" not in image and not image.startswith("/"):
        origins["image"] += " (a file beside the page)"
    return from_fields(found, [p for p in paragraphs if p], source, origins)


def _extracted_author(html: str) -> str | None:
    """A byline trafilatura finds in the visible page, when no metadata names one."""
    import trafilatura  # lazy: keeps start-up fast

    meta = trafilatura.extract_metadata(html)
    author = getattr(meta, "author", None) if meta is not None else None
    return str(author) if author else None


def read_metadata(root: HtmlElement, page_url: str | None) -> tuple[dict[str, str],
                                                                    dict[str, str]]:
    """The story's metadata from a parsed page, and where each field came from."""
    found: dict[str, str] = {}
    origins: dict[str, str] = {}
    titles: list[tuple[str, str]] = []  # every title offered, most trusted first

    def offer(field: str, value: Any, origin: str) -> None:
        text = _text(value)
        if text and field == "title":
            titles.append((text, origin))
        elif text and field not in found:
            found[field], origins[field] = text, origin

    meta = _meta_tags(root)
    # The site's name as it shows itself (og:site_name: "the Guardian") before the
    # publisher's formal name in schema.org data ("Guardian News & Media").
    offer("site_name", meta.get("og:site_name"), '<meta property="og:site_name">')
    for origin, data in (*(("JSON-LD", d) for d in _json_ld(root)),
                         *(("microdata", d) for d in _microdata(root))):
        offer("title", data.get("headline") or data.get("name"), origin)
        offer("url", _url_of(data), origin)
        offer("author", _people(data.get("author"), data.get("publisher")), origin)
        offer("published", data.get("datePublished") or data.get("dateCreated"), origin)
        offer("site_name", _name_of(data.get("publisher")), origin)
        offer("language", data.get("inLanguage"), origin)
        offer("image", _url_of_image(data.get("image")), origin)
    for field, keys in (
        ("title", ("og:title", "twitter:title")),
        ("site_name", ("og:site_name", "application-name")),
        ("author", ("author", "article:author", "parsely-author", "sailthru.author",
                    "byl", "dc.creator")),
        ("published", ("article:published_time", "parsely-pub-date", "pubdate",
                       "publishdate", "date", "dc.date", "dc.date.issued")),
        ("image", ("og:image", "og:image:url", "twitter:image", "twitter:image:src")),
    ):
        for key in keys:
            value = meta.get(key)
            if field == "author" and value and ("://" in value or value.startswith("@")):
                continue  # article:author is often a profile page's address or a handle
            if field == "author" and value:
                value = re.sub(r"^(?:by|von|par|por)\s+", "", value, flags=re.I)
            offer(field, value, f'<meta {"property" if ":" in key else "name"}="{key}">')
    canonical = root.xpath('//link[@rel="canonical"]/@href')
    offer("url", canonical[0] if canonical else None, '<link rel="canonical">')
    offer("url", meta.get("og:url"), '<meta property="og:url">')
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    offer("language", lang, "<html lang>")
    offer("language", (meta.get("og:locale") or "").replace("_", "-"),
          '<meta property="og:locale">')
    offer("language", meta.get("content-language"), '<meta http-equiv="content-language">')
    tag = _text(root.xpath("string(//title)"))
    offer("title", tag, "<title>")
    if page_url:
        offer("url", page_url, "the address it was read from")
    sites = [found["site_name"]] if "site_name" in found else []
    host = urlsplit(found.get("url") or "").hostname
    if host:
        sites += [host, host.removeprefix("www.")]
    chosen = choose_title(titles, sites, _headings(root))
    if chosen:
        found["title"], origins["title"] = chosen[0], chosen[1]
        # The <title> is often the headline, maybe a section, and the site's name last:
        # that name is the site's when nothing else gives one.
        parts = title_parts(tag or "")
        if len(parts) > 1 and parts[0] == chosen[0]:
            offer("site_name", parts[-1], "<title> (after the headline)")
    for field in ("url", "image"):
        if field in found and page_url:
            found[field] = urljoin(page_url, found[field])
    if "language" in found:
        found["language"] = found["language"].split(",")[0].strip()
    return found, origins


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None

    cleaned = re.sub(r"\s+", " ", unescape(value)).strip()
    return cleaned or None


def _json_ld(root: HtmlElement) -> Iterator[Mapping[str, Any]]:
    """Each schema.org object for the story in the page's JSON-LD, most specific first."""
    objects: list[Mapping[str, Any]] = []
    for script in root.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            # A page's broken (or absurdly nested) JSON-LD is its own business; the other
            # sources of its metadata remain.
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                # A WebPage's mainEntity is the story itself; anything else nested in an
                # item (its publisher, breadcrumbs, parts) is not.
                stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity"))
                if _types(item) & _ARTICLE_TYPES:
                    objects.append(item)
    # A NewsArticle says more about the story than the WebPage around it.
    objects.sort(key=lambda o: "WebPage" in _types(o) and not (_types(o) - {"WebPage"}))
    yield from objects


def _types(item: Mapping[str, Any]) -> set[str]:
    kind = item.get("@type", [])
    return {str(k).rsplit("/", 1)[-1] for k in (kind if isinstance(kind, list) else [kind])}


# A property through which an article item hangs from the page's own item: the page's
# main entity, a blog's post. Any other (a breadcrumb's page, a related story) is not it.
_ARTICLE_PROPS = {"mainEntity", "blogPost"}
# Properties whose value is an address: on a link or an image, its href or src. Any other
# property of a link is its text (an author's name, not the address of their page).
_URL_PROPS = {"url", "image", "logo", "sameAs", "mainEntityOfPage", "thumbnailUrl",
              "contentUrl"}


def _microdata(root: HtmlElement) -> Iterator[Mapping[str, Any]]:
    """schema.org microdata (itemscope/itemprop) of the article, as JSON-LD-like dicts:
    only the article's own item, never one nested in another as its property, nor
    the properties of items nested in it (its publisher, its breadcrumbs); a story
    before the WebPage around it."""
    items: list[tuple[bool, dict[str, Any]]] = []
    for scope in root.xpath("//*[@itemscope][@itemtype]"):
        kind = scope.get("itemtype", "").rstrip("/").rsplit("/", 1)[-1]
        as_property = set((scope.get("itemprop") or "").split())
        if kind not in _ARTICLE_TYPES or as_property and not as_property & _ARTICLE_PROPS:
            continue
        data: dict[str, Any] = {}
        for prop in scope.xpath(".//*[@itemprop]"):
            name = prop.get("itemprop").split()[0]
            owner = next(prop.iterancestors(), None)
            while owner is not None and owner.get("itemscope") is None:
                owner = owner.getparent()
            if name in data or owner is not scope:
                continue  # a property of a nested item (the publisher's logo's url)
            if name == "headline" and prop.tag == "a":
                continue  # a link to a story (the section's front, a teaser), not this one
            if prop.get("itemscope") is not None:
                inner = prop.xpath('.//*[@itemprop="name"]')
                data[name] = {"name": _prop_value(inner[0], "name") if inner
                              else prop.text_content()}
            else:
                data[name] = _prop_value(prop, name)
        items.append((kind == "WebPage", data))
    for _, data in sorted(items, key=lambda item: item[0]):  # stable: page order otherwise
        yield data


def _prop_value(element: HtmlElement, name: str) -> str:
    places = ("content", "href", "src") if name in _URL_PROPS else ("content", "datetime")
    for attribute in places:
        if element.get(attribute):
            return str(element.get(attribute))
    return str(element.text_content())


def _headings(root: HtmlElement) -> list[str]:
    """The page's <h1> texts, the likeliest to be the article's headline first: the one
    marked as its headline, one in an <article>, one whose class says title or headline,
    then the others in page order."""
    found: list[str] = []
    for path in ('//h1[@itemprop="headline"]', "//article//h1",
                 '//h1[contains(@class, "title") or contains(@class, "headline")]', "//h1"):
        for heading in root.xpath(path):
            text = _text(heading.text_content())
            if text and text not in found:
                found.append(text)
    return found


def _url_of(data: Mapping[str, Any]) -> str | None:
    page = data.get("mainEntityOfPage")
    if isinstance(page, dict):
        page = page.get("@id") or page.get("url")
    for value in (data.get("url"), page):
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value
    return None


def _url_of_image(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value if isinstance(value, str) else None


def _name_of(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _people(value: Any, publisher: Any) -> str | None:
    """The authors' names; an organisation named as author only when it is not simply the
    publisher (a wire service is a fair byline, the site's own name is not)."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, dict):
            name = _text(item.get("name"))
            if name and "Organization" in _types(item) and name == _name_of(publisher):
                continue
        else:
            name = _text(item)
        if name and "://" not in name and name not in names:
            names.append(name)
    return ", ".join(names) or None


def _meta_tags(root: HtmlElement) -> dict[str, str]:
    """<meta> values by lower-case property, name or http-equiv (the first of each)."""
    tags: dict[str, str] = {}
    for meta in root.xpath("//meta[@content]"):
        key = meta.get("property") or meta.get("name") or meta.get("http-equiv")
        if key:
            tags.setdefault(key.strip().lower(), meta.get("content"))
    return tags
